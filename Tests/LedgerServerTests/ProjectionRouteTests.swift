import Foundation
import Governance
import HTTPTypes
import HummingbirdTesting
import LedgerCore
import LedgerServer
import LedgerStore
import NIOCore
import Projections
import Testing

/// Model cards, findings, audit reports, audit packs, retention, legal holds and lineage over
/// HTTP, on the demo ledger.
@Suite struct ProjectionRouteTests {
    @Test func modelCardInEachFormat() async throws {
        let (fixture, _) = try await ServerFixture.demo()
        let auditor = fixture.tokens[.auditor]!
        try await fixture.test { client in
            let json = try await client.send(.get, "/v1/models/fraud-detection-engine/card", token: auditor)
            #expect(json.status == .ok, "\(json.text)")
            // Model Card Toolkit schema: model_details with the model's name
            #expect(try json.json()["model_details"]?["name"]?.stringValue?.isEmpty == false, "\(json.text.prefix(300))")
            let markdown = try await client.send(.get, "/v1/models/fraud-detection-engine/card?format=md", token: auditor)
            #expect(markdown.status == .ok)
            #expect(markdown.headers[.contentType]?.hasPrefix("text/markdown") == true)
            #expect(markdown.text.hasPrefix("#"))
            let html = try await client.send(.get, "/v1/models/fraud-detection-engine/card?format=html", token: auditor)
            #expect(html.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(html.text.contains("<html") || html.text.contains("<h1"))
            let badFormat = try await client.send(.get, "/v1/models/fraud-detection-engine/card?format=pdf", token: auditor)
            #expect(badFormat.status == .badRequest)
            #expect(badFormat.errorCode == "bad_request")
            let unknown = try await client.send(.get, "/v1/models/no-such-model/card", token: auditor)
            #expect(unknown.status == .notFound)
            let regulator = try await client.send(.get, "/v1/models/fraud-detection-engine/card", token: fixture.tokens[.regulator])
            #expect(regulator.status == .forbidden)
        }
    }

    @Test func findingsAreRecordedAndListed() async throws {
        let (fixture, _) = try await ServerFixture.demo()
        let auditor = fixture.tokens[.auditor]!
        try await fixture.test { client in
            let uri = "/v1/models/fraud-detection-engine/findings"
            let body = #"{"area": "%@", "severity": "high", "observation": "No drift review in Q3", "remediation": "Review monthly", "owner": "risk-team@bank.example", "due": "2026-03-31"}"#
            let before = try fixture.entryCount()
            let badArea = try await client.send(.post, uri, token: auditor, json: body.replacingOccurrences(of: "%@", with: "astrology"))
            #expect(badArea.status == .badRequest)
            let badDate = try await client.send(.post, uri, token: auditor, json: body.replacingOccurrences(of: "%@", with: AuditArea.allCases[0].rawValue).replacingOccurrences(of: "2026-03-31", with: "soon"))
            #expect(badDate.status == .badRequest)
            let engineer = try await client.send(.post, uri, token: fixture.tokens[.mlEngineer], json: body.replacingOccurrences(of: "%@", with: AuditArea.allCases[0].rawValue))
            #expect(engineer.status == .forbidden)
            #expect(try fixture.entryCount() == before)

            // A due date already past is refused by the governance rule, and writes nothing
            let overdue = try await client.send(.post, uri, token: auditor, json: body.replacingOccurrences(of: "%@", with: AuditArea.allCases[0].rawValue).replacingOccurrences(of: "2026-03-31", with: "2020-01-01"))
            #expect(overdue.status == .unprocessableContent)
            #expect(try overdue.json()["error"]?["rule"]?.stringValue == "audit-finding")
            #expect(try fixture.entryCount() == before)

            let recorded = try await client.send(.post, uri, token: auditor, json: body.replacingOccurrences(of: "%@", with: AuditArea.allCases[0].rawValue).replacingOccurrences(of: "2026-03-31", with: "2099-12-31"))
            #expect(recorded.status == .created, "\(recorded.text)")
            let seq = try #require(try recorded.json()["entries"]?[0]?["seq"]?.intValue)
            let list = try await client.send(.get, "/v1/findings?model=fraud-detection-engine&open=true", token: fixture.tokens[.complianceOfficer])
            #expect(list.status == .ok)
            let findings = try #require(try list.json()["findings"]?.arrayValue)
            let mine = try #require(findings.first { $0["seq"]?.intValue == seq })
            #expect(mine["recordedBy"]?.stringValue == "auditor@bank.example")
            #expect(mine["observation"]?.stringValue == "No drift review in Q3")
        }
    }

    @Test func auditReportForAModelAndAPeriod() async throws {
        let (fixture, _) = try await ServerFixture.demo()
        let auditor = fixture.tokens[.auditor]!
        try await fixture.test { client in
            let report = try await client.send(.get, "/v1/audit-report?model=fraud-detection-engine&from=2022-01-01&to=2025-12-31", token: auditor)
            #expect(report.status == .ok, "\(report.text.prefix(300))")
            #expect(report.headers[.contentType]?.hasPrefix("text/markdown") == true)
            #expect(report.text.contains("Fraud"))
            let html = try await client.send(.get, "/v1/audit-report?model=fraud-detection-engine&format=html", token: auditor)
            #expect(html.headers[.contentType]?.hasPrefix("text/html") == true)
            let tier1 = try await client.send(.get, "/v1/audit-report", token: auditor)
            #expect(tier1.status == .ok)
            let reversed = try await client.send(.get, "/v1/audit-report?from=2025-01-01&to=2024-01-01", token: auditor)
            #expect(reversed.status == .badRequest)
            let badDate = try await client.send(.get, "/v1/audit-report?from=yesterday", token: auditor)
            #expect(badDate.status == .badRequest)
        }
    }

    @Test func auditPackDownloadVerifiesWithTheVerifier() async throws {
        let (fixture, signer) = try await ServerFixture.demo()
        try await fixture.test { client in
            let response = try await client.send(.post, "/v1/audit-packs", token: fixture.tokens[.regulator], json: #"{"model": "credit-scoring-model", "from": "2022-01-01", "to": "2026-12-31"}"#)
            #expect(response.status == .ok, "\(response.text.prefix(300))")
            #expect(response.headers[.contentType] == "application/zip")
            #expect(response.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"audit-pack-credit-scoring-model-2022-01-01-2026-12-31") == true)
            let zip = FileManager.default.temporaryDirectory.appendingPathComponent("pack-\(UUID().uuidString).zip")
            defer { try? FileManager.default.removeItem(at: zip) }
            try Data(response.body.readableBytesView).write(to: zip)
            let files = try AuditPackArchive.read(zip.path)
            let report = try AuditPackVerifier.verify(files: files, verifier: signer.verifier)
            #expect(report.manifest.entries > 0)
            #expect(files.contains { $0.path.hasSuffix("model-card.json") })
        }
    }

    @Test func auditPackRefusalsWriteNothing() async throws {
        let (fixture, _) = try await ServerFixture.demo()
        let officer = fixture.tokens[.complianceOfficer]!
        let checkpoints = try fixture.store.checkpoints().count
        let entries = try fixture.entryCount()
        try await fixture.test { client in
            let unknown = try await client.send(.post, "/v1/audit-packs", token: officer, json: #"{"model": "no-such-model", "from": "2022-01-01", "to": "2025-12-31"}"#)
            #expect(unknown.status == .notFound, "\(unknown.text)")
            let empty = try await client.send(.post, "/v1/audit-packs", token: officer, json: #"{"model": "credit-scoring-model", "from": "2000-01-01", "to": "2000-12-31"}"#)
            #expect(empty.status == .unprocessableContent, "\(empty.text)")
            let badDate = try await client.send(.post, "/v1/audit-packs", token: officer, json: #"{"model": "credit-scoring-model", "from": "last year", "to": "2025-12-31"}"#)
            #expect(badDate.status == .badRequest)
            let extra = try await client.send(.post, "/v1/audit-packs", token: officer, json: #"{"model": "credit-scoring-model", "from": "2022-01-01", "to": "2025-12-31", "actor": "x"}"#)
            #expect(extra.status == .badRequest)
            let engineer = try await client.send(.post, "/v1/audit-packs", token: fixture.tokens[.mlEngineer], json: #"{"model": "credit-scoring-model", "from": "2022-01-01", "to": "2025-12-31"}"#)
            #expect(engineer.status == .forbidden)
        }
        #expect(try fixture.store.checkpoints().count == checkpoints, "a refused pack signs no checkpoint")
        #expect(try fixture.entryCount() == entries)

        var keyless = fixture
        keyless.configuration.signerKey = nil
        try await keyless.test { client in
            let response = try await client.send(.post, "/v1/audit-packs", token: officer, json: #"{"model": "credit-scoring-model", "from": "2022-01-01", "to": "2025-12-31"}"#)
            #expect(response.status == .serviceUnavailable)
            #expect(response.text.contains("serve --key"))
        }
    }

    @Test func retentionPlanHoldsAndApply() async throws {
        let (fixture, _) = try await ServerFixture.demo()
        let officer = fixture.tokens[.complianceOfficer]!
        // The demo's holder of the governance role compliance
        let holder = try fixture.store.createToken(principal: Principal("amara.nwosu@bank.example")!, role: APIRole.complianceOfficer.rawValue, expires: nil)
        try await fixture.test { client in
            let plan = try await client.send(.get, "/v1/retention/plan?asOf=2030-01-01", token: fixture.tokens[.auditor])
            #expect(plan.status == .badRequest, "a plan in the future is refused: \(plan.text)")
            let today = try await client.send(.get, "/v1/retention/plan", token: fixture.tokens[.auditor])
            #expect(today.status == .ok, "\(today.text)")
            #expect(try today.json()["purgeable"] != nil || today.text.contains("asOf"))

            let holds = try await client.send(.get, "/v1/legal-holds", token: fixture.tokens[.auditor])
            #expect(try holds.json()["holds"]?.arrayValue?.first?["case"]?.stringValue == "LIT-2025-014")

            let before = try fixture.entryCount()
            let again = try await client.send(.post, "/v1/legal-holds", token: officer, json: #"{"model": "credit-scoring-model", "case": "LIT-2025-014", "reason": "again"}"#)
            #expect(again.status == .conflict)
            let unknownModel = try await client.send(.post, "/v1/legal-holds", token: officer, json: #"{"model": "no-such-model", "case": "C-1", "reason": "r"}"#)
            #expect(unknownModel.status == .notFound)
            let notHeld = try await client.send(.post, "/v1/legal-holds/release", token: officer, json: #"{"model": "fraud-detection-engine", "case": "C-1", "reason": "r"}"#)
            #expect(notHeld.status == .notFound)
            let auditor = try await client.send(.post, "/v1/legal-holds", token: fixture.tokens[.auditor], json: #"{"model": "fraud-detection-engine", "case": "C-1", "reason": "r"}"#)
            #expect(auditor.status == .forbidden)
            let apply = try await client.send(.post, "/v1/retention/apply", token: fixture.tokens[.auditor], json: "{}")
            #expect(apply.status == .forbidden)
            #expect(try fixture.entryCount() == before)

            // The officer's principal does not hold the governance role compliance in the ledger
            let notCompliance = try await client.send(.post, "/v1/legal-holds", token: officer, json: #"{"model": "fraud-detection-engine", "case": "C-1", "reason": "regulator inquiry"}"#)
            #expect(notCompliance.status == .unprocessableContent)
            #expect(try notCompliance.json()["error"]?["rule"]?.stringValue == "legal-hold-compliance-role")
            #expect(try fixture.entryCount() == before)

            let placed = try await client.send(.post, "/v1/legal-holds", token: holder, json: #"{"model": "fraud-detection-engine", "case": "C-1", "reason": "regulator inquiry"}"#)
            #expect(placed.status == .created, "\(placed.text)")
            let released = try await client.send(.post, "/v1/legal-holds/release", token: holder, json: #"{"model": "fraud-detection-engine", "case": "C-1", "reason": "inquiry closed"}"#)
            #expect(released.status == .created, "\(released.text)")
            let types = try fixture.store.entriesNow(EntryQuery(fromSeq: before)).map(\.header.type.rawValue)
            #expect(types == [RetentionState.holdPlaced, RetentionState.holdReleased])

            // Purge what has expired by now: one retention.purged entry, then nothing more
            let applied = try await client.send(.post, "/v1/retention/apply", token: officer, json: "{}")
            #expect(applied.status == .created || applied.status == .ok, "\(applied.text)")
            let purged = try #require(try applied.json()["purged"]?.intValue)
            let second = try await client.send(.post, "/v1/retention/apply", token: officer)
            #expect(second.status == .ok)
            #expect(try second.json()["purged"]?.intValue == 0)
            let records = try fixture.store.entriesNow(EntryQuery(fromSeq: before)).filter { $0.header.type.rawValue == "retention.purged" }
            #expect(records.count == (purged > 0 ? 1 : 0))
        }
    }

    /// A prediction of the demo's production fraud engine, reading its feature set.
    static func record(_ id: String, model: String = "fraud-detection-engine", version: String = "3.2.1", featureSet: String = "fraud-features@4.2.1") -> String {
        #"{"predictionId":"\#(id)","model":"\#(model)","version":"\#(version)","featureSet":"\#(featureSet)","inputSHA256":"\#(String(repeating: "0f", count: 32))","output":{"score":0.5},"time":"2025-03-01T09:00:00.000Z"}"#
    }

    @Test func lineageBatchesAndTheTwoLevelProof() async throws {
        let (fixture, signer) = try await ServerFixture.demo()
        let engineer = fixture.tokens[.mlEngineer]!
        try await fixture.test { client in
            let before = try fixture.entryCount()
            // One bad record refuses the whole body
            let bad = try await client.send(.post, "/v1/lineage/batches", token: engineer, json: Self.record("p1") + "\n" + #"{"predictionId":"p2"}"#)
            #expect(bad.status == .badRequest)
            #expect(bad.errorCode == "invalid_lineage_records")
            let empty = try await client.send(.post, "/v1/lineage/batches", token: engineer, json: "[]")
            #expect(empty.status == .badRequest)
            // The registry's checks: 3.2.0 was deprecated by then, and read another feature set
            let stale = try await client.send(.post, "/v1/lineage/batches", token: engineer, json: Self.record("p1", version: "3.2.0", featureSet: "fs@1"))
            #expect(stale.status == .badRequest)
            #expect(stale.text.contains("neither in production nor deployed as shadow") && stale.text.contains("fraud-features@4.2.0"))
            let auditor = try await client.send(.post, "/v1/lineage/batches", token: fixture.tokens[.auditor], json: Self.record("p1"))
            #expect(auditor.status == .forbidden)
            #expect(try fixture.entryCount() == before)

            let lines = try await client.send(.post, "/v1/lineage/batches", token: engineer, json: Self.record("p1") + "\n" + Self.record("p2") + "\n")
            #expect(lines.status == .created, "\(lines.text)")
            #expect(try lines.json()["records"]?.intValue == 2)
            let array = try await client.send(.post, "/v1/lineage/batches?batchSize=1", token: engineer, json: "[\(Self.record("p3")), \(Self.record("p4"))]")
            #expect(array.status == .created, "\(array.text)")
            #expect(try array.json()["batches"]?.arrayValue?.count == 2)
            let duplicate = try await client.send(.post, "/v1/lineage/batches", token: engineer, json: Self.record("p1"))
            #expect(duplicate.status == .badRequest)
            #expect(try fixture.entryCount() == before + 3)

            // Before a checkpoint covers the batch: the record and the first level only
            let unproven = try await client.send(.get, "/v1/lineage/p2", token: fixture.tokens[.regulator])
            #expect(unproven.status == .ok, "\(unproven.text)")
            #expect(try unproven.json()["checkpoint"] == .null)
            #expect(try unproven.json()["record"]?["predictionId"]?.stringValue == "p2")
        }
        _ = try fixture.store.signCheckpoint(with: signer)
        try await fixture.test { client in
            let shown = try await client.send(.get, "/v1/lineage/p2", token: fixture.tokens[.regulator])
            let object = try shown.json()
            #expect(object["checkpoint"]?["size"]?.intValue == (try fixture.entryCount()))
            #expect(object["proof"]?["format"]?.stringValue == LineageProof.format)
            let missing = try await client.send(.get, "/v1/lineage/p99", token: fixture.tokens[.regulator])
            #expect(missing.status == .notFound)
            let invalid = try await client.send(.get, "/v1/lineage/%20bad%20", token: fixture.tokens[.regulator])
            #expect(invalid.status == .badRequest)
        }
    }
}
