import Foundation
import Governance
import LedgerCore
import Testing

/// The evidence commands end to end: recorded, computed, shown; bad input exits 2 with a
/// precise message and nothing written.
struct EvidenceCLITests {
    typealias G = GovernanceCLITests

    func setUp() throws -> CLIHarness {
        let cli = try CLIHarness()
        #expect(try cli.run("init").status == 0)
        try G().ok(cli, "policy", "adopt", G.policyPath, actor: "cco@bank.example")
        try G().ok(cli, "model", "register", "--name", "Document Classifier", "--owner", "Legal Team", "--framework", "spaCy", "--tier", "3", "--purpose", "Contracts")
        try G().ok(cli, "version", "register", "document-classifier", "--version", "3.0.2", "--dataset-sha256", String(repeating: "a", count: 64),
                   "--artifact-sha256", String(repeating: "b", count: 64), "--metrics", #"{"accuracy": 0.93, "precision": 0.92, "recall": 0.91}"#)
        return cli
    }

    /// Expects exit 2 with `message` on stderr and nothing written.
    func invalid(_ cli: CLIHarness, _ arguments: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try cli.entryCount()
        let result = try cli.run(arguments, environment: ["GOVLEDGER_ACTOR": "eng@bank.example"])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(try cli.entryCount() == before, sourceLocation: sourceLocation)
    }

    static let histogram = #"{"edges": [0, 10, 20, 30, 40], "counts": [250, 250, 250, 250]}"#

    static func snapshot(version: String = "3.0.2", current: String = #"{"edges": [0, 10, 20, 30, 40], "counts": [60, 250, 250, 440]}"#, extra: String = "") -> String {
        #"{"model": "document-classifier", "version": "\#(version)", "window": "2024-W10", "features": [{"name": "length", "reference": \#(histogram), "current": \#(current)\#(extra)}]}"#
    }

    @Test func biasTestsAndSnapshotsAreRecordedAndShown() throws {
        let cli = try setUp()
        let bias = try cli.write("bias.json", #"{"model": "document-classifier", "version": "3.0.2", "attribute": "gender", "reference": "male", "groups": [{"name": "male", "tp": 80, "fp": 20, "tn": 80, "fn": 20}, {"name": "female", "tp": 40, "fp": 10, "tn": 40, "fn": 10}]}"#)
        let recorded = try G().ok(cli, "evidence", "bias", "--file", bias)
        #expect(recorded.stdout.contains("bias test of 3.0.2 on gender (reference male, 2 groups): passed"))
        // PSI ≈ 0.40: beyond Tier 3's 0.15.
        let snapshot = try cli.write("snapshot.json", Self.snapshot())
        let monitored = try G().ok(cli, "monitor", "--file", snapshot)
        #expect(monitored.stdout.contains("drift.alert.raised") || monitored.stdout.contains("drift alert"))
        let status = try G().ok(cli, "status", "document-classifier")
        #expect(status.stdout.contains("data_drift_psi.length"))
        #expect(status.stdout.contains("BREACHED"))
        let alerts = try G().ok(cli, "alerts", "--open", "--json")
        #expect(try JSONValue.parse(Array(alerts.stdout.utf8))["alerts"]?.arrayValue?.count == 1)
        #expect(try cli.run("verify", "--rules").status == 0)
    }

    @Test func badInputExitsTwoWithAPreciseMessageAndWritesNothing() throws {
        let cli = try setUp()
        try invalid(cli, ["monitor", "--file", try cli.write("a.json", Self.snapshot(current: #"{"edges": [0, 10, 20, 30], "counts": [1, 2, 3]}"#))],
                    "features[0].current.edges: 3 bins, but the reference has 4")
        try invalid(cli, ["monitor", "--file", try cli.write("b.json", Self.snapshot(current: #"{"edges": [0, 10, 20, 30, 40], "counts": [1, -2, 3, 4]}"#))],
                    "features[0].current.counts[1]: -2 is negative")
        try invalid(cli, ["monitor", "--file", try cli.write("c.json", Self.snapshot(extra: #", "reference_sample": [], "current_sample": [1]"#))],
                    "features[0].reference_sample: is empty")
        try invalid(cli, ["monitor", "--file", try cli.write("d.json", Self.snapshot(version: "9.9.9"))],
                    "refused by rule version-unknown: version 9.9.9 of document-classifier is not registered")
        try invalid(cli, ["evidence", "bias", "--file", try cli.write("e.json", #"{"model": "document-classifier", "version": "3.0.2", "attribute": "age", "reference": "young", "groups": [{"name": "young", "tp": 1, "fp": 0, "tn": 1, "fn": 0, "probabilities": [1.2], "labels": [1]}, {"name": "old", "tp": 1, "fp": 0, "tn": 1, "fn": 0}]}"#)],
                    "groups[0]: group 'young': probabilities[0]: 1.2 is outside 0…1")
    }
}
