import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerCore
import LedgerServer
import LedgerStore
import NIOCore
import Testing

@Suite struct ServerRouteTests {
    static let modelBody = #"{"name": "Churn Scorer", "owner": "Growth Team", "framework": "LightGBM", "tier": 4, "purpose": "Score churn risk"}"#
    static let lineage = #"{"datasetSHA256": "\#(String(repeating: "a", count: 64))", "artifactSHA256": "\#(String(repeating: "b", count: 64))"}"#

    @Test func checkpointIsPublicPlainTextOr404() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            // Given no signed checkpoint
            let missing = try await client.send(.get, "/checkpoint")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
        }
        // When a checkpoint is signed, then it is served as the note text, without a token
        let signer = try NoteSigner(name: "test.govledger.local", privateKey: try Ed25519PrivateKey.generate())
        let (checkpoint, _) = try fixture.store.signCheckpoint(with: signer)
        try await fixture.test { client in
            let response = try await client.send(.get, "/checkpoint")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(response.text == checkpoint.noteText)
        }
    }

    @Test func governanceFlowOverHTTP() async throws {
        let fixture = try await ServerFixture()
        let scientist = fixture.tokens[.dataScientist]!
        let engineer = fixture.tokens[.mlEngineer]!
        try await fixture.test { client in
            // Register the model: the actor is the token's principal
            let registered = try await client.send(.post, "/v1/models", token: scientist, json: Self.modelBody)
            #expect(registered.status == .created, "\(registered.text)")
            let seq = try #require(try registered.json()["entries"]?.arrayValue?.first?["seq"]?.intValue)
            let entry = try #require(try fixture.store.entriesNow(EntryQuery(fromSeq: seq, limit: 1)).first)
            #expect(entry.header.actor == ServerFixture.principal(.dataScientist))

            let version = try await client.send(.post, "/v1/models/churn-scorer/versions", token: scientist, json: #"{"version": "1.0.0", "lineage": \#(Self.lineage)}"#)
            #expect(version.status == .created, "\(version.text)")

            let validation = try await client.send(.post, "/v1/models/churn-scorer/versions/1.0.0/validations", token: engineer,
                json: #"{"suite": "smoke", "metrics": {"checks_run": 3, "checks_failed": 0}, "note": "ci run 7"}"#)
            #expect(validation.status == .created, "\(validation.text)")

            let staging = try await client.send(.post, "/v1/models/churn-scorer/versions/1.0.0/transitions", token: engineer, json: #"{"to": "staging"}"#)
            #expect(staging.status == .created, "\(staging.text)")

            let model = try await client.send(.get, "/v1/models/churn-scorer", token: fixture.tokens[.auditor])
            #expect(model.status == .ok)
            #expect(try model.json()["stage"]?.stringValue == "staging")
            #expect(try model.json()["owner"]?.stringValue == "Growth Team")

            let registry = try await client.send(.get, "/v1/registry", token: fixture.tokens[.auditor])
            #expect(registry.status == .ok)
            #expect(try registry.json()["models"]?.arrayValue?.count == 1)

            let history = try await client.send(.get, "/v1/models/churn-scorer/history", token: fixture.tokens[.complianceOfficer])
            #expect(history.status == .ok)
            #expect(try history.json()["entries"]?.arrayValue?.count == 4)

            let unknown = try await client.send(.get, "/v1/models/no-such-model", token: fixture.tokens[.auditor])
            #expect(unknown.status == .notFound)

            let request = try await client.send(.post, "/v1/models/churn-scorer/versions/1.0.0/approval-requests", token: engineer, json: #"{"to": "approved"}"#)
            #expect(request.status == .created || request.status == .unprocessableContent, "\(request.text)")
        }
    }

    @Test func entriesProofsAndStats() async throws {
        let fixture = try await ServerFixture()
        let regulator = fixture.tokens[.regulator]!
        try await fixture.test { client in
            _ = try await client.send(.post, "/v1/models", token: fixture.tokens[.admin], json: Self.modelBody)
            let entries = try await client.send(.get, "/v1/entries?from=0&limit=5", token: regulator)
            #expect(entries.status == .ok)
            let lines = entries.text.split(separator: "\n")
            #expect(lines.count == 2)
            let exported = try fixture.store.entriesNow(EntryQuery()).map { String(decoding: $0.exportLine(), as: UTF8.self) }
            #expect(lines.map(String.init) == exported)

            let capped = try await client.send(.get, "/v1/entries?from=1&limit=100000", token: regulator)
            #expect(capped.text.split(separator: "\n").count == 1)

            let badQuery = try await client.send(.get, "/v1/entries?from=x", token: regulator)
            #expect(badQuery.status == .badRequest)

            let inclusion = try await client.send(.get, "/v1/proof/inclusion?seq=0&size=2", token: regulator)
            #expect(inclusion.status == .ok, "\(inclusion.text)")
            let proof = try inclusion.json()
            #expect(proof["treeSize"]?.intValue == 2)
            #expect(proof["rootHash"]?.stringValue == (try fixture.store.treeRoot(size: 2)).hex)

            let noCheckpoint = try await client.send(.get, "/v1/proof/inclusion?seq=0", token: regulator)
            #expect(noCheckpoint.status == .notFound)

            let consistency = try await client.send(.get, "/v1/proof/consistency?from=1&to=2", token: regulator)
            #expect(consistency.status == .ok, "\(consistency.text)")
            #expect(try consistency.json()["to"]?["rootHash"]?.stringValue == (try fixture.store.treeRoot(size: 2)).hex)

            let outOfRange = try await client.send(.get, "/v1/proof/consistency?from=1&to=9", token: regulator)
            #expect(outOfRange.status == .badRequest)

            let stats = try await client.send(.get, "/v1/stats", token: regulator)
            #expect(stats.status == .ok)
            #expect(try stats.json()["entries"]?.intValue == 2)
        }
    }

    @Test func authenticationFailures() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let missing = try await client.send(.get, "/v1/registry")
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[.wwwAuthenticate] == "Bearer")
            let wrong = try await client.send(.get, "/v1/registry", token: "glt_" + String(repeating: "0", count: 64))
            #expect(wrong.status == .unauthorized)
            #expect(!wrong.text.contains(String(repeating: "0", count: 64)))
            let forbidden = try await client.send(.get, "/v1/registry", token: fixture.tokens[.regulator])
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.errorCode == "forbidden")
        }
    }

    @Test func integrityPageIsPublicHTMLWithTheCheckpoint() async throws {
        let fixture = try await ServerFixture()
        let signer = try NoteSigner(name: "test.govledger.local", privateKey: try Ed25519PrivateKey.generate())
        let (checkpoint, _) = try fixture.store.signCheckpoint(with: signer)
        try await fixture.test { client in
            let page = try await client.send(.get, "/")
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains(checkpoint.root.hex))
            #expect(page.text.contains("Verify it yourself"))
            #expect(!page.text.contains("<script"))
        }
    }

    @Test func unknownRoutesAreJSON404() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let response = try await client.send(.get, "/v1/nothing-here", token: fixture.tokens[.admin])
            #expect(response.status == .notFound)
            #expect(response.errorCode == "not_found")
        }
    }

    @Test func expiredTokenIsRefused() async throws {
        let fixture = try await ServerFixture()
        let expired = try fixture.store.createToken(
            principal: ServerFixture.principal(.auditor), role: "auditor", expires: Timestamp(millisecondsSinceEpoch: 1000))
        try await fixture.test { client in
            let response1 = try await client.send(.get, "/v1/registry", token: expired)
            #expect(response1.status == .unauthorized)
        }
    }

    @Test func failedAuthenticationIsRateLimited() async throws {
        let fixture = try await ServerFixture(maxFailedAuthentications: 3)
        try await fixture.test { client in
            for _ in 0..<3 {
                let response2 = try await client.send(.get, "/v1/stats", token: "glt_wrong")
                #expect(response2.status == .unauthorized)
            }
            // Then the address is blocked, even with a valid token
            let response3 = try await client.send(.get, "/v1/stats", token: "glt_wrong")
            #expect(response3.status == .tooManyRequests)
            let response4 = try await client.send(.get, "/v1/stats", token: fixture.tokens[.admin])
            #expect(response4.status == .tooManyRequests)
        }
    }

    @Test func badBodiesAreRefusedAndWriteNothing() async throws {
        let fixture = try await ServerFixture(maxBodyBytes: 1024)
        let admin = fixture.tokens[.admin]!
        let before = try fixture.entryCount()
        try await fixture.test { client in
            let malformed = try await client.send(.post, "/v1/models", token: admin, json: #"{"name": "#)
            #expect(malformed.status == .badRequest)
            let unknownField = try await client.send(.post, "/v1/models", token: admin,
                json: #"{"name": "A", "owner": "B", "framework": "C", "tier": 4, "purpose": "D", "actor": "mallory@bank.example"}"#)
            #expect(unknownField.status == .badRequest)
            #expect(unknownField.text.contains("actor"))
            let wrongType = try await client.send(.post, "/v1/models", token: admin, json: #"{"name": "A", "owner": "B", "framework": "C", "tier": "four", "purpose": "D"}"#)
            #expect(wrongType.status == .badRequest)
            let oversized = try await client.send(.post, "/v1/models", token: admin, json: #"{"name": "\#(String(repeating: "x", count: 2000))"}"#)
            #expect(oversized.status == .contentTooLarge)
            #expect(oversized.errorCode == "payload_too_large")
        }
        #expect(try fixture.entryCount() == before)
    }

    @Test func ruleRejectionIs422AndWritesNothing() async throws {
        let fixture = try await ServerFixture()
        let engineer = fixture.tokens[.mlEngineer]!
        try await fixture.test { client in
            _ = try await client.send(.post, "/v1/models", token: fixture.tokens[.admin], json: Self.modelBody)
            _ = try await client.send(.post, "/v1/models/churn-scorer/versions", token: engineer, json: #"{"version": "1.0.0", "lineage": \#(Self.lineage)}"#)
            let before = try fixture.entryCount()
            // development → production skips the lifecycle
            let rejected = try await client.send(.post, "/v1/models/churn-scorer/versions/1.0.0/transitions", token: engineer, json: #"{"to": "production"}"#)
            #expect(rejected.status == .unprocessableContent, "\(rejected.text)")
            #expect(rejected.errorCode == "rule_violation")
            #expect(try rejected.json()["error"]?["rule"]?.stringValue != nil)
            #expect(try fixture.entryCount() == before)
        }
    }

    @Test func aMemberCannotVoteForAnother() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let body = #"{"member": "cto@bank.example", "decision": "approve", "rationale": "ok", "signature": "\#(Base64.encode([UInt8](repeating: 1, count: 64)))", "keyFingerprint": "\#(String(repeating: "c", count: 64))"}"#
            let response = try await client.send(.post, "/v1/models/churn-scorer/versions/1.0.0/votes", token: fixture.tokens[.boardMember], json: body)
            #expect(response.status == .forbidden)
            #expect(try fixture.entryCount() == 1)
        }
    }

    @Test(arguments: [
        (LedgerError(.streamConflict, "x"), 409, "stream_conflict"),
        (LedgerError(.malformedInput, "x"), 400, "malformed_input"),
        (LedgerError(.limitExceeded, "x"), 413, "limit_exceeded"),
        (LedgerError(.invalidField, "move refused by rule lifecycle.transition: no"), 422, "rule_violation"),
        (LedgerError(.integrityFailure, "secret detail"), 500, "internal"),
    ])
    func ledgerErrorsMapToStatuses(error: LedgerError, status: Int, code: String) {
        let mapped = APIError(error)
        #expect(mapped.status.code == status)
        #expect(mapped.code == code)
        #expect(!mapped.message.contains("secret detail"))
    }

    @Test func ruleIsExtractedFromARejection() {
        #expect(APIError(LedgerError(.invalidField, "move refused by rule lifecycle.transition: no")).rule == "lifecycle.transition")
    }
}
