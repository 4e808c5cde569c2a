import Foundation
import Governance
import LedgerCore
import LedgerStore
import Testing

/// The feature store, registry-checked lineage and the demo's predictions, through the binary.
struct FeaturesCLITests {
    static let env = ["GOVLEDGER_ACTOR": "wei.zhang@bank.example"]

    func json(_ result: CLIHarness.Result) throws -> JSONValue {
        try JSONValue.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func demo() throws -> CLIHarness {
        let cli = try CLIHarness()
        let demo = try cli.run("demo", "--policy", GovernanceCLITests.policyPath)
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("rules: OK"))
        #expect(demo.stdout.contains("look one up with govledger lineage show txn-2025-06-17-000001"), "\(demo.stdout)")
        return cli
    }

    static func feature(_ inventory: JSONValue, _ name: String) -> JSONValue? {
        inventory["features"]?.arrayValue?.first { $0["name"]?.stringValue == name }
    }

    @Test func theDemoInventoryFlagsTheUnusedFeatureAndTheDeprecatedVersionStillReadAfterItsGrace() throws {
        let cli = try demo()
        let now = try json(try cli.run("features", "--json", "--as-of", "2025-06-20"))
        #expect(now["features"]?.arrayValue?.count == 7)
        let weather = try #require(Self.feature(now, "regional_weather_index"))
        #expect(weather["unused"]?.boolValue == true)
        #expect(weather["consumers"]?.arrayValue?.isEmpty == true)
        let age = try #require(Self.feature(now, "customer_age_days"))
        #expect(age["unused"]?.boolValue == false)
        #expect(age["owner"]?.stringValue == "wei.zhang@bank.example")
        let consumers = age["consumers"]?.arrayValue?.compactMap { "\($0["model"]?.stringValue ?? "") \($0["version"]?.stringValue ?? "") \($0["featureSet"]?.stringValue ?? "")" } ?? []
        #expect(consumers.contains("fraud-detection-engine 3.2.1 fraud-features@4.2.1"), "\(consumers)")
        #expect(consumers.contains("customer-churn-predictor 4.1.0 churn-features@3.1.0"), "\(consumers)")
        let merchant = try #require(Self.feature(now, "merchant_category_risk"))
        #expect(merchant["latest"]?.stringValue == "2.0.0")
        #expect(merchant["versions"]?.arrayValue?.first?["deprecated"]?["grace"]?.stringValue == "3mo")
        #expect(merchant["pastGraceConsumers"]?.arrayValue?.isEmpty == true)
        // In December 2024 fraud 3.2.0 was still in production, reading merchant_category_risk
        // 1.0.0, deprecated in August with a grace of three months.
        let december = try json(try cli.run("features", "--json", "--as-of", "2024-12-15"))
        let overdue = try #require(Self.feature(december, "merchant_category_risk")?["pastGraceConsumers"]?.arrayValue)
        #expect(overdue.map { "\($0["model"]?.stringValue ?? "") \($0["version"]?.stringValue ?? "") \($0["featureVersion"]?.stringValue ?? "")" } == ["fraud-detection-engine 3.2.0 1.0.0"])
        let text = try cli.run("features", "--as-of", "2024-12-15")
        #expect(text.status == 0)
        #expect(text.stdout.contains("PAST GRACE: merchant_category_risk 1.0.0 read by fraud-detection-engine 3.2.0"), "\(text.stdout)")
        #expect(text.stdout.contains("UNUSED"))

        // The demo's predictions are found, with the feature set of their version
        let shown = try json(try cli.run("lineage", "show", "txn-2025-06-17-000001", "--json"))
        #expect(shown["record"]?["model"]?.stringValue == "fraud-detection-engine")
        #expect(shown["record"]?["version"]?.stringValue == "3.2.1")
        #expect(shown["record"]?["featureSet"]?.stringValue == "fraud-features@4.2.1")
        #expect(try cli.run("verify").status == 0)
    }

    @Test func featureCommandsWriteEventsAndRefuseBadInputWritingNothing() throws {
        let cli = try demo()
        let before = try cli.run("log", "--json").stdout.count
        // A version number that does not match the declared kind of change
        let wrongKind = try cli.run(["features", "release", "customer_age_days", "--version", "1.1.0", "--change", "patch"], environment: Self.env)
        #expect(wrongKind.status == 2)
        #expect(wrongKind.stderr.contains("refused by rule feature-version"), "\(wrongKind.stderr)")
        // A feature set with a member past its grace
        let stale = try cli.run(["features", "set", "fraud-features", "--version", "4.3.0", "--feature", "merchant_category_risk@1.0.0"], environment: Self.env)
        #expect(stale.status == 2)
        #expect(stale.stderr.contains("refused by rule feature-set"), "\(stale.stderr)")
        #expect(stale.stderr.contains("grace of 3mo ended"), "\(stale.stderr)")
        // Bad arguments
        let badFreshness = try cli.run(["features", "register", "x_feature", "--owner", "o", "--description", "d", "--type", "int", "--source", "s", "--refresh", "daily", "--freshness", "soon", "--completeness", "0.9"], environment: Self.env)
        #expect(badFreshness.status == 2)
        #expect(badFreshness.stderr.contains("--freshness 'soon' is not a duration"), "\(badFreshness.stderr)")
        #expect(try cli.run("log", "--json").stdout.count == before)

        // Accepted commands write their entries
        let minor = try cli.run(["features", "release", "customer_age_days", "--version", "1.1.0", "--change", "minor", "--note", "Tenure buckets", "--json"], environment: Self.env)
        #expect(minor.status == 0, "\(minor.stderr)")
        #expect(try json(minor)["entries"]?.arrayValue?.first?["type"]?.stringValue == "feature.version.released")
        let set = try cli.run(["features", "set", "fraud-features", "--version", "4.3.0", "--feature", "customer_age_days@1.1.0", "--feature", "transaction_count_7d@2.0.1"], environment: Self.env)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(try cli.run("verify", "--rules").status == 0)
    }

    @Test func ingestionChecksRecordsAgainstTheRegistryAndWritesNothingOnARefusal() throws {
        let cli = try demo()
        let hash = String(repeating: "3c", count: 32)
        func record(_ id: String, version: String, featureSet: String, time: String, model: String = "fraud-detection-engine") -> String {
            #"{"predictionId":"\#(id)","model":"\#(model)","version":"\#(version)","featureSet":"\#(featureSet)","inputSHA256":"\#(hash)","output":{"score":0.5},"time":"\#(time)"}"#
        }
        let file = try cli.write("p.jsonl", [
            record("ok-1", version: "3.2.1", featureSet: "fraud-features@4.2.1", time: "2025-06-01T10:00:00.000Z"),
            record("old-1", version: "3.2.0", featureSet: "fraud-features@4.2.0", time: "2025-06-01T10:00:00.000Z"),
            record("fs-1", version: "3.2.1", featureSet: "fraud-features@4.2.0", time: "2025-06-01T10:00:00.000Z"),
            record("early-1", version: "3.2.0", featureSet: "fraud-features@4.2.0", time: "2024-03-15T10:00:00.000Z"),
            record("served-1", version: "3.2.0", featureSet: "fraud-features@4.2.0", time: "2024-06-01T10:00:00.000Z"),
            record("nomodel-1", version: "1.0.0", featureSet: "x", time: "2025-06-01T10:00:00.000Z", model: "unknown-model"),
        ].joined(separator: "\n"))
        let result = try cli.run(["lineage", "ingest", file, "--json"], environment: ["GOVLEDGER_ACTOR": "scoring@bank.example"])
        #expect(result.status == 2)
        let report = try json(result)
        #expect(report["written"]?.intValue == 0)
        let problems = report["problems"]?.arrayValue ?? []
        #expect(problems.compactMap { $0["line"]?.intValue } == [2, 3, 4, 6])
        let messages = problems.map { ($0["reasons"]?.arrayValue ?? []).compactMap { $0["message"]?.stringValue }.joined(separator: " | ") }
        #expect(messages[0].contains("fraud-detection-engine 3.2.0 was in deprecated at 2025-06-01T10:00:00.000Z"), "\(messages)")
        #expect(messages[1].contains("reads the feature set fraud-features@4.2.1 according to its lineage, not fraud-features@4.2.0"), "\(messages)")
        #expect(messages[2].contains("3.2.0 was in approved at 2024-03-15T10:00:00.000Z, neither in production nor deployed as shadow"), "\(messages)")
        #expect(messages[3].contains("unknown-model is not a registered model"), "\(messages)")
        #expect(try cli.run("lineage", "show", "ok-1").status == 2)

        // Without the bad lines the file goes in
        let good = try cli.write("good.jsonl", [
            record("ok-1", version: "3.2.1", featureSet: "fraud-features@4.2.1", time: "2025-06-01T10:00:00.000Z"),
            record("served-1", version: "3.2.0", featureSet: "fraud-features@4.2.0", time: "2024-06-01T10:00:00.000Z"),
        ].joined(separator: "\n"))
        let accepted = try cli.run(["lineage", "ingest", good], environment: ["GOVLEDGER_ACTOR": "scoring@bank.example"])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(try cli.run("lineage", "show", "served-1").status == 0)
    }

    @Test func aPredictionPurgedByRetentionSaysSoAndTheLedgerStillVerifies() throws {
        let cli = try CLIHarness()
        let clock = ScriptedClock(Timestamp("2020-01-15T09:00:00.000Z")!)
        let store = try SQLiteEventStore.create(at: cli.db, configuration: .init(clock: clock.ledgerClock, random: .deterministic(seed: 5))).store
        let lines = (1...6).map { n in
            #"{"predictionId":"p-\#(n)","model":"\#(n <= 3 ? "fraud" : "churn")","version":"1.0.0","featureSet":"fs","inputSHA256":"\#(String(repeating: "ab", count: 32))","output":{"score":0.5},"time":"2020-01-15T08:59:00.000Z","subject":"cust-\#(n % 2)"}"#
        }
        let input = LineageInput.readJSONLines(Array(lines.joined(separator: "\n").utf8))
        let fraud = try store.ingestLineage(LineageBatch.plan(input.records.filter { $0.record.model == "fraud" }, size: 10), actor: Principal("ingest")!, retention: RetentionClass("1y")!)
        _ = try store.ingestLineage(LineageBatch.plan(input.records.filter { $0.record.model == "churn" }, size: 10), actor: Principal("ingest")!, retention: RetentionClass("7y")!)
        clock.set(Timestamp("2021-06-01T00:00:00.000Z")!)
        let purge = try store.purgePayloads([fraud[0].header.seq]) { _ in
            EntryDraft(stream: StreamName("ledger/retention")!, type: EventType("retention.purged")!, actor: Principal("dpo@bank.example")!,
                       payload: ["asOf": "2021-06-01T00:00:00.000Z", "ranges": [[.number(Double(fraud[0].header.seq)), .number(Double(fraud[0].header.seq))]]])
        }
        let shown = try cli.run("lineage", "show", "p-1")
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("PURGED by retention: the retention.purged entry at seq \(purge.header.seq)"), "\(shown.stdout)")
        let json = try json(try cli.run("lineage", "show", "p-2", "--json"))
        #expect(json["purged"]?.boolValue == true)
        #expect(json["purgedBy"]?.intValue == purge.header.seq)
        #expect(json["erased"]?.boolValue == false)
        let proof = try cli.run("lineage", "show", "p-2", "--proof", cli.folder.appendingPathComponent("p.json").path)
        #expect(proof.status == 2)
        #expect(proof.stderr.contains("was purged by retention"))
        #expect(try cli.run("lineage", "show", "p-4").stdout.contains("score"))
        let verified = try cli.run("lineage", "verify", "--json")
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(try JSONValue.parse(verified.stdout.trimmingCharacters(in: .whitespacesAndNewlines))["recordsPurged"]?.intValue == 3)
        #expect(try cli.run("verify").status == 0)
    }
}
