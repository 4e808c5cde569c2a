import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerServer
import Testing

@Suite struct RoleMatrixTests {
    /// A concrete URI for an endpoint's path template.
    static func uri(_ endpoint: APIEndpoint) -> String {
        var path = endpoint.path.replacingOccurrences(of: "{name}", with: "churn-scorer").replacingOccurrences(of: "{version}", with: "1.0.0")
            .replacingOccurrences(of: "{predictionId}", with: "pred-1")
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

    @Test func auditorReadsEverythingAndWritesOnlyFindingsAndPacks() {
        for endpoint in APIEndpoint.allCases {
            #expect(APIRole.auditor.allows(endpoint.permission) == (endpoint.method == .get || [.recordFinding, .auditPack].contains(endpoint)), "\(endpoint)")
        }
    }

    @Test func regulatorReadsTheLogProofsAndPacks() {
        let allowed = APIEndpoint.allCases.filter { APIRole.regulator.allows($0.permission) }
        #expect(Set(allowed) == [.integrityPage, .checkpoint, .openAPI, .entries, .inclusionProof, .consistencyProof, .stats, .lineageShow, .auditPack])
    }

    @Test func retentionIsManagedByComplianceOnly() {
        for endpoint in [APIEndpoint.retentionApply, .placeHold, .releaseHold] {
            #expect(Set(APIRole.allCases.filter { $0.allows(endpoint.permission) }) == [.admin, .complianceOfficer], "\(endpoint)")
        }
    }

    /// The role table of docs/api.md says what `APIRole.permissions` grants, route by route.
    @Test func theDocumentedTableIsTheRoleMatrix() throws {
        let text = try String(contentsOf: ServerFixture.repositoryRoot.appendingPathComponent("docs/api.md"), encoding: .utf8)
        var checked: Set<APIEndpoint> = []
        for line in text.split(separator: "\n") where line.hasPrefix("| `") && line.contains("✓") {
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 10 else { continue }
            let routes = cells[1].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "").replacingOccurrences(of: " (public)", with: "")
                    .replacingOccurrences(of: "…", with: "/v1/models/{name}")
            }
            for route in routes {
                let endpoints = APIEndpoint.allCases.filter { "\($0.method.rawValue) \($0.path)" == route }
                #expect(endpoints.count == 1, "docs/api.md names \(route), which is not one route")
                for endpoint in endpoints {
                    checked.insert(endpoint)
                    for (index, role) in APIRole.allCases.enumerated() {
                        #expect((cells[index + 2] == "✓") == role.allows(endpoint.permission), "docs/api.md: \(route) for \(role)")
                    }
                }
            }
        }
        #expect(checked == Set(APIEndpoint.allCases), "not in the table: \(Set(APIEndpoint.allCases).subtracting(checked))")
    }
}
