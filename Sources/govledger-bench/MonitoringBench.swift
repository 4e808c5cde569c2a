import Foundation
import Governance
import LedgerCore
import LedgerStore

/// A monitoring snapshot of 120 features × 20 bins with two 10,000-value Kolmogorov–Smirnov
/// samples: computed (metrics, statuses, derived alerts) and appended through the governance
/// service, durable, with its rule checks.
enum MonitoringBench {
    struct Figures {
        let computeMedian: Double
        let recordMedian: Double
        let recordCold: Double
        let earlierSnapshots: Int
        let payloadBytes: Int
    }

    static func snapshot(window: String, generator: inout SplitMix) throws -> MonitoringInput {
        let edges: [JSONValue] = (0...20).map { .number(Double($0)) }
        var features: [JSONValue] = []
        for index in 0..<120 {
            let reference: [JSONValue] = (0..<20).map { _ in .number(Double(500 + generator.next() % 100)) }
            let current: [JSONValue] = (0..<20).map { _ in .number(Double(500 + generator.next() % 100)) }
            var feature: JSONObject = [
                "name": .string("feature_\(index)"), "group": .string("group_\(index % 6)"),
                "reference": .object(["edges": .array(edges), "counts": .array(reference)]),
                "current": .object(["edges": .array(edges), "counts": .array(current)]),
            ]
            if index == 0 {
                feature["reference_sample"] = .array((0..<10_000).map { _ in .number(Double(generator.next() % 1_000_000) / 1000) })
                feature["current_sample"] = .array((0..<10_000).map { _ in .number(Double(generator.next() % 1_000_000) / 1000 + 0.05) })
            }
            features.append(.object(feature))
        }
        return try MonitoringInput(json: ["window": .string(window), "features": .array(features)])
    }

    static func run(folder: URL, repetitions: Int) async throws -> Figures {
        // A new ledger every run, also under --keep: the figures are for a stream with exactly
        // `repetitions` earlier snapshots, and the policy is adopted once per ledger.
        let path = folder.appendingPathComponent("monitoring.db").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let store = try SQLiteEventStore.create(at: path).store
        let service = GovernanceService(store: store, clock: .system)
        let actor = Principal("bench@bank.example")!
        let yaml = try String(contentsOf: Peers.packageRoot().appendingPathComponent("compliance/policy.yaml"), encoding: .utf8)
        let policy = try PolicyLoader.load(yaml: yaml)
        try await service.execute(.adoptPolicy(policy), by: actor)
        try await service.execute(.registerModel(name: "Fraud Detection Engine", owner: "Risk", framework: "XGBoost", tier: RiskTier(rawValue: 1)!, purpose: "Bench"), by: actor)
        let slug = ModelSlug(displayName: "Fraud Detection Engine")!
        let digest = SHA256.hash([1])
        let lineage = Lineage(
            datasetSHA256: digest, featureSetVersion: "f1", hyperparameters: ["depth": 8], imageDigest: "sha256:" + digest.hex,
            languageVersion: "Python 3.11", trainingHours: 1, metrics: [MetricName("accuracy")!: 0.97], artifactSHA256: digest, sbomSHA256: digest)
        let version = SemanticVersion(major: 1, minor: 0, patch: 0)!
        try await service.execute(.registerVersion(model: slug, version: version, lineage: lineage), by: actor)

        var generator = SplitMix(seed: 7)
        var inputs: [MonitoringInput] = []
        for index in 0..<repetitions { inputs.append(try snapshot(window: "W\(index)", generator: &generator)) }
        let clock = ContinuousClock()
        var compute: [Double] = []
        for input in inputs {
            compute.append(try clock.measure {
                _ = try MonitoringEvaluator.evaluate(input, tier: RiskTier(rawValue: 1)!, policy: policy, openAlerts: [])
            }.seconds)
        }
        // A long-lived writer (govledger serve) keeps the registry state between commands and
        // folds only the entries appended since; this is how pipelines record snapshots.
        let server = GovernanceService(store: store, clock: .system, cache: RegistryCache())
        _ = try await server.registry()
        var record: [Double] = []
        var bytes = 0
        for input in inputs {
            let start = clock.now
            let written = try await server.execute(.recordSnapshot(model: slug, version: version, input: input), by: actor)
            record.append((clock.now - start).seconds)
            bytes = written.first?.payload.map { $0.canonicalBytes.count } ?? 0
        }
        // A fresh process (govledger monitor) rebuilds the model's state from its stream,
        // decoding every earlier snapshot: the cost grows with the stream.
        let coldInput = try snapshot(window: "cold", generator: &generator)
        let start = clock.now
        _ = try await service.execute(.recordSnapshot(model: slug, version: version, input: coldInput), by: actor)
        let cold = (clock.now - start).seconds
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        return Figures(computeMedian: median(compute), recordMedian: median(record), recordCold: cold, earlierSnapshots: inputs.count, payloadBytes: bytes)
    }
}
