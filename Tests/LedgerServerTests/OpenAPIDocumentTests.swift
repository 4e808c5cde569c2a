import HTTPTypes
import HummingbirdTesting
import LedgerCore
import LedgerServer
import Testing

@Suite struct OpenAPIDocumentTests {
    @Test func documentListsExactlyTheRoutes() throws {
        let document = try JSONValue.parse(OpenAPIDocument.json)
        #expect(document["openapi"]?.stringValue?.hasPrefix("3.1") == true)
        let paths = try #require(document["paths"]?.objectValue)
        var documented: Set<String> = []
        for path in paths {
            for operation in path.value.objectValue ?? JSONObject() where ["get", "post", "put", "patch", "delete"].contains(operation.key) {
                documented.insert("\(operation.key.uppercased()) \(path.key)")
            }
        }
        let routed = Set(APIEndpoint.allCases.map { "\($0.method.rawValue) \($0.path)" })
        #expect(documented == routed, "only documented: \(documented.subtracting(routed)); only routed: \(routed.subtracting(documented))")
    }

    @Test func servedAtOpenAPIJSON() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let response = try await client.send(.get, "/openapi.json")
            #expect(response.status == .ok)
            #expect(try response.json()["openapi"]?.stringValue == "3.1.0")
        }
    }
}
