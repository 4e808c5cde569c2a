import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerServer
import Testing

@Suite struct RoleMatrixTests {
    /// A concrete URI for an endpoint's path template.
    static func uri(_ endpoint: APIEndpoint) -> String {
        var path = endpoint.path.replacingOccurrences(of: "{name}", with: "churn-scorer").replacingOccurrences(of: "{version}", with: "1.0.0")
        if endpoint == .inclusionProof { path += "?seq=0&size=1" }
        if endpoint == .consistencyProof { path += "?from=0&to=1" }
        return path
    }

    @Test func everyRouteWithEveryRole() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            for endpoint in APIEndpoint.allCases {
                let body: String? = endpoint.method == .post ? "{}" : nil
                let anonymous = try await client.send(endpoint.method, Self.uri(endpoint), json: body)
                if endpoint.permission == nil {
                    #expect(anonymous.status != .unauthorized, "\(endpoint) is public")
                } else {
                    #expect(anonymous.status == .unauthorized, "\(endpoint) without a token")
                }
                for role in APIRole.allCases {
                    let response = try await client.send(endpoint.method, Self.uri(endpoint), token: fixture.tokens[role], json: body)
                    if role.allows(endpoint.permission) {
                        #expect(response.status != .forbidden && response.status != .unauthorized, "\(role) may use \(endpoint): \(response.text)")
                        #expect(response.status.code < 500, "\(role) \(endpoint): \(response.text)")
                    } else {
                        #expect(response.status == .forbidden, "\(role) may not use \(endpoint)")
                    }
                }
            }
        }
        // The bodies were all incomplete: nothing was written beyond the policy
        #expect(try fixture.entryCount() == 1)
    }

    @Test func auditorReadsEverythingAndWritesNothing() {
        for endpoint in APIEndpoint.allCases {
            #expect(APIRole.auditor.allows(endpoint.permission) == (endpoint.method == .get))
        }
    }

    @Test func regulatorReadsOnlyTheLog() {
        let allowed = APIEndpoint.allCases.filter { APIRole.regulator.allows($0.permission) }
        #expect(Set(allowed) == [.integrityPage, .checkpoint, .openAPI, .entries, .inclusionProof, .consistencyProof, .stats])
    }
}
