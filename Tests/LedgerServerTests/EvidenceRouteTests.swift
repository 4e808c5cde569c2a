import Foundation
import Governance
import HTTPTypes
import HummingbirdTesting
import LedgerCore
import LedgerServer
import LedgerStore
import Testing

/// Evidence and deployment appends over HTTP: the same documents and rules as the CLI.
@Suite struct EvidenceRouteTests {
    static let histogram = #"{"edges": [0, 10, 20, 30, 40], "counts": [250, 250, 250, 250]}"#
    static let bias = #"{"attribute": "gender", "reference": "male", "groups": [{"name": "male", "tp": 80, "fp": 20, "tn": 80, "fn": 20}, {"name": "female", "tp": 40, "fp": 10, "tn": 40, "fn": 10}]}"#

    /// A ledger with document-classifier 3.0.2 registered.
    static func registered() async throws -> ServerFixture {
        let fixture = try await ServerFixture()
        let service = GovernanceService(store: fixture.store, clock: .system)
        let admin = ServerFixture.principal(.admin)
        try await service.execute(.registerModel(name: "Document Classifier", owner: "Legal Team", framework: "spaCy", tier: RiskTier(rawValue: 3)!, purpose: "Contracts"), by: admin)
        let lineage = try Lineage(json: [
            "datasetSHA256": .string(String(repeating: "a", count: 64)), "artifactSHA256": .string(String(repeating: "b", count: 64)),
            "metrics": ["accuracy": 0.93, "precision": 0.92, "recall": 0.91],
        ])
        try await service.execute(.registerVersion(model: ModelSlug.parse("document-classifier"), version: SemanticVersion.parse("3.0.2"), lineage: lineage), by: admin)
        return fixture
    }

    @Test func biasTestIsComputedAndJudgedByTheLedger() async throws {
        let fixture = try await Self.registered()
        let scientist = fixture.tokens[.dataScientist]!
        try await fixture.test { client in
            let uri = "/v1/models/document-classifier/versions/3.0.2/bias-tests"
            let before = try fixture.entryCount()
            // Bad input: a probability outside 0…1, a body naming the model, an unknown version
            let outside = try await client.send(.post, uri, token: scientist, json: #"{"attribute": "age", "reference": "young", "groups": [{"name": "young", "tp": 1, "fp": 0, "tn": 1, "fn": 0, "probabilities": [1.2], "labels": [1]}, {"name": "old", "tp": 1, "fp": 0, "tn": 1, "fn": 0}]}"#)
            #expect(outside.status == .unprocessableContent, "\(outside.text)")
            #expect(outside.text.contains("1.2 is outside 0…1"))
            let named = try await client.send(.post, uri, token: scientist, json: #"{"model": "other", "attribute": "gender", "reference": "male", "groups": []}"#)
            #expect(named.status == .badRequest)
            let unknown = try await client.send(.post, "/v1/models/document-classifier/versions/9.9.9/bias-tests", token: scientist, json: Self.bias)
            #expect(unknown.status == .unprocessableContent)
            #expect(try unknown.json()["error"]?["rule"]?.stringValue == "version-unknown")
            let refused = try await client.send(.post, uri, token: fixture.tokens[.boardMember], json: Self.bias)
            #expect(refused.status == .forbidden)
            #expect(try fixture.entryCount() == before, "refused requests write nothing")

            let recorded = try await client.send(.post, uri, token: scientist, json: Self.bias)
            #expect(recorded.status == .created, "\(recorded.text)")
            let entry = try #require(try fixture.store.entriesNow(EntryQuery(fromSeq: before, limit: 1)).first)
            #expect(entry.header.type.rawValue == "bias.test.recorded")
            #expect(entry.header.actor == ServerFixture.principal(.dataScientist))
        }
    }

    @Test func snapshotRaisesAnAlertThatTheAlertsRouteLists() async throws {
        let fixture = try await Self.registered()
        let engineer = fixture.tokens[.mlEngineer]!
        try await fixture.test { client in
            let uri = "/v1/models/document-classifier/versions/3.0.2/monitoring-snapshots"
            let before = try fixture.entryCount()
            let bad = try await client.send(.post, uri, token: engineer, json: #"{"window": "2024-W10", "features": [{"name": "length", "reference": \#(Self.histogram), "current": {"edges": [0, 10, 20, 30], "counts": [1, 2, 3]}}]}"#)
            #expect(bad.status.code >= 400 && bad.status.code < 500, "\(bad.text)")
            #expect(try fixture.entryCount() == before)

            let drifted = try await client.send(.post, uri, token: engineer, json: #"{"window": "2024-W10", "features": [{"name": "length", "reference": \#(Self.histogram), "current": {"edges": [0, 10, 20, 30, 40], "counts": [60, 250, 250, 440]}}]}"#)
            #expect(drifted.status == .created, "\(drifted.text)")
            let types = try #require(try drifted.json()["entries"]?.arrayValue).compactMap { $0["type"]?.stringValue }
            #expect(types.contains("drift.alert.raised"), "\(types)")

            let alerts = try await client.send(.get, "/v1/alerts?open=true", token: fixture.tokens[.auditor])
            #expect(alerts.status == .ok)
            let list = try #require(try alerts.json()["alerts"]?.arrayValue)
            #expect(list.contains { $0["model"]?.stringValue == "document-classifier" && $0["open"]?.boolValue == true })
            let badFlag = try await client.send(.get, "/v1/alerts?open=maybe", token: fixture.tokens[.auditor])
            #expect(badFlag.status == .badRequest)
        }
    }

    @Test func retrainingCostAndExplainability() async throws {
        let fixture = try await Self.registered()
        let scientist = fixture.tokens[.dataScientist]!
        try await fixture.test { client in
            let before = try fixture.entryCount()
            let noReason = try await client.send(.post, "/v1/models/document-classifier/retraining-runs", token: scientist, json: #"{"outcome": "failed", "costUSD": 10, "durationHours": 1}"#)
            #expect(noReason.status == .badRequest)
            let negative = try await client.send(.post, "/v1/models/document-classifier/costs", token: scientist, json: #"{"period": "2025-04", "category": "training", "amountUSD": -1}"#)
            #expect(negative.status == .badRequest)
            let badCategory = try await client.send(.post, "/v1/models/document-classifier/costs", token: scientist, json: #"{"period": "2025-04", "category": "lunch", "amountUSD": 1}"#)
            #expect(badCategory.status == .badRequest)
            #expect(try fixture.entryCount() == before)

            let failed = try await client.send(.post, "/v1/models/document-classifier/retraining-runs", token: scientist, json: #"{"outcome": "failed", "reason": "OOM", "costUSD": 10, "durationHours": 1}"#)
            #expect(failed.status == .created, "\(failed.text)")
            let cost = try await client.send(.post, "/v1/models/document-classifier/costs", token: scientist, json: #"{"period": "2025-04", "category": "training", "amountUSD": 1200.5, "onDemandUSD": 3000}"#)
            #expect(cost.status == .created, "\(cost.text)")
            let explained = try await client.send(.post, "/v1/models/document-classifier/versions/3.0.2/explanations", token: scientist,
                json: #"{"method": "shap", "global": {"length": 0.4, "source": 0.3, "age": 0.2}, "local": {"p1": ["R01"]}, "counterfactuals": {"p1": "shorter"}, "scores": {"stability": 0.9, "fidelity": 0.9, "sparsity": 0.8}}"#)
            #expect(explained.status == .created || explained.status == .unprocessableContent, "\(explained.text)")
            let types = try fixture.store.entriesNow(EntryQuery(fromSeq: before)).map(\.header.type.rawValue)
            #expect(types.starts(with: ["retraining.completed", "cost.recorded"]), "\(types)")
        }
    }

    @Test func deploymentsNeedAProductionVersionAndTheDeployRight() async throws {
        let fixture = try await Self.registered()
        try await fixture.test { client in
            let before = try fixture.entryCount()
            // 3.0.2 is in development: the rules refuse the rollout
            let start = try await client.send(.post, "/v1/models/document-classifier/deployments", token: fixture.tokens[.mlEngineer], json: #"{"version": "3.0.2", "strategy": "canary", "environment": "eu-west"}"#)
            #expect(start.status == .unprocessableContent, "\(start.text)")
            #expect(try start.json()["error"]?["rule"]?.stringValue != nil)
            let badStrategy = try await client.send(.post, "/v1/models/document-classifier/deployments", token: fixture.tokens[.mlEngineer], json: #"{"version": "3.0.2", "strategy": "yolo", "environment": "eu-west"}"#)
            #expect(badStrategy.status == .badRequest)
            let advance = try await client.send(.post, "/v1/models/document-classifier/deployments/advance", token: fixture.tokens[.mlEngineer])
            #expect(advance.status == .unprocessableContent, "\(advance.text)")
            let report = try await client.send(.post, "/v1/models/document-classifier/deployments/report", token: fixture.tokens[.mlEngineer], json: #"{"errorRate": 2, "accuracyDrop": 0}"#)
            #expect(report.status == .badRequest)
            let scientist = try await client.send(.post, "/v1/models/document-classifier/deployments/rollback", token: fixture.tokens[.dataScientist], json: #"{"reason": "x"}"#)
            #expect(scientist.status == .forbidden)
            #expect(try fixture.entryCount() == before)
        }
    }

    /// Found by the fuzz run: an empty period was written, and the entry then broke every replay
    /// of the log (the registry, the read models) with 500s. The catalog check refuses it.
    @Test func anEntryTheCatalogCannotReadBackIsRefused() async throws {
        let fixture = try await Self.registered()
        let scientist = fixture.tokens[.dataScientist]!
        try await fixture.test { client in
            let before = try fixture.entryCount()
            for body in [#"{"period": "", "category": "training", "amountUSD": 1}"#, #"{"period": "2025-04", "category": "training", "amountUSD": 1, "note": ""}"#] {
                let response = try await client.send(.post, "/v1/models/document-classifier/costs", token: scientist, json: body)
                #expect(response.status == .unprocessableContent, "\(body): \(response.text)")
                #expect(try response.json()["error"]?["rule"]?.stringValue == "catalog")
            }
            #expect(try fixture.entryCount() == before)
            let registry = try await client.send(.get, "/v1/registry", token: scientist)
            #expect(registry.status == .ok)
        }
    }
}
