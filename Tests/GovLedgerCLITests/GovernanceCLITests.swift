import Foundation
import Governance
import LedgerCore
import Testing

/// The governance commands end to end: the demo, a signed vote, rejections that write nothing,
/// and level-3 verification catching what a raw append let through.
struct GovernanceCLITests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let policyPath = repositoryRoot.appendingPathComponent("compliance/policy.yaml").path
    static let policy: Policy = try! PolicyLoader.load(yaml: String(contentsOfFile: policyPath, encoding: .utf8))

    func json(_ result: CLIHarness.Result) throws -> JSONValue {
        try JSONValue.parse(Array(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).utf8))
    }

    @discardableResult
    func ok(_ cli: CLIHarness, _ arguments: String..., actor: String = "eng@bank.example", sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIHarness.Result {
        try ok(cli, arguments, actor: actor, sourceLocation: sourceLocation)
    }

    @discardableResult
    func ok(_ cli: CLIHarness, _ arguments: [String], actor: String = "eng@bank.example", sourceLocation: SourceLocation = #_sourceLocation) throws -> CLIHarness.Result {
        let result = try cli.run(arguments, environment: ["GOVLEDGER_ACTOR": actor])
        #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }

    /// Expects exit 2 naming `rule`, with nothing written.
    func refused(_ cli: CLIHarness, _ arguments: [String], rule: String, actor: String = "eng@bank.example", sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let before = try cli.entryCount()
        let result = try cli.run(arguments, environment: ["GOVLEDGER_ACTOR": actor])
        #expect(result.status == 2, "\(result.stdout) \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains("refused by rule \(rule):"), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(try cli.entryCount() == before, sourceLocation: sourceLocation)
        return result.stderr
    }

    /// Passing measurements of a suite as a --metrics argument.
    static func passing(_ suite: String) -> String {
        let definition = policy.suites[SuiteName(suite)!]!
        var object = JSONObject()
        for (name, threshold) in definition.metrics where !threshold.isOptional {
            if let expected = threshold.expected {
                object[name.rawValue] = .bool(expected)
            } else if let lower = threshold.lowerBound {
                object[name.rawValue] = .number(lower.isInclusive ? lower.value : lower.value + 1)
            } else if let upper = threshold.upperBound {
                object[name.rawValue] = .number(upper.isInclusive ? upper.value : upper.value / 2)
            }
        }
        return JSONValue.object(object).description
    }

    @Test func theDemoBuildsVerifiesAndListsTheSeedInventory() throws {
        let cli = try CLIHarness()
        let demo = try cli.run("demo", "--policy", Self.policyPath)
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("rules: OK"))
        for name in ["Fraud Detection Engine", "Customer Churn Predictor", "Product Recommender", "Sentiment Analyzer", "Demand Forecaster",
                     "Credit Scoring Model", "Image Classifier v2", "NLP Intent Classifier", "Dynamic Pricing Engine", "Anomaly Detector",
                     "Document Classifier", "Customer Segmentation"] {
            #expect(demo.stdout.contains(name), "\(name)")
        }
        let verify = try cli.run("verify", "--rules", "--json")
        #expect(verify.status == 0, "\(verify.stderr)")
        let report = try json(verify)
        #expect(report["ok"]?.boolValue == true)
        #expect(report["rules"]?["violations"]?.arrayValue?.isEmpty == true)

        let registry = try json(try cli.run("registry", "--json"))
        let models = try #require(registry["models"]?.arrayValue)
        #expect(models.count == 12)
        let fraud = try #require(models.first { $0["model"]?.stringValue == "fraud-detection-engine" })
        #expect(fraud["version"]?.stringValue == "3.2.1")
        #expect(fraud["stage"]?.stringValue == "production")
        #expect(fraud["deployment"]?.stringValue == "API Gateway (us-east)")
        let credit = try #require(models.first { $0["model"]?.stringValue == "credit-scoring-model" })
        #expect(credit["stage"]?.stringValue == "staging")

        let history = try cli.run("history", "Fraud Detection Engine")
        #expect(history.stdout.contains("dissent: I dissent"))
        #expect(history.stdout.contains("decided approved on 3.2.1 (4 approve, 1 reject, 0 abstain, quorum 4)"))

        // A ledger with entries is refused and left as it was.
        let entries = try cli.entryCount()
        let again = try cli.run("demo", "--policy", Self.policyPath)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already has \(entries) entries"))
        #expect(try cli.entryCount() == entries)

        // Deterministic: a second demo ledger has the same root.
        let other = try CLIHarness()
        #expect(try other.run("demo", "--policy", Self.policyPath).status == 0)
        let first = try json(try cli.run("verify", "--json"))["rootHash"]
        let second = try json(try other.run("verify", "--json"))["rootHash"]
        #expect(first != nil && first == second)
    }

    @Test func commandsNeedAPolicyAndRejectionsWriteNothing() throws {
        let cli = try CLIHarness()
        #expect(try cli.run("init").status == 0)
        let register = ["model", "register", "--name", "Fraud Detection Engine", "--owner", "Risk Team", "--framework", "XGBoost", "--tier", "1", "--purpose", "Fraud"]
        let noPolicy = try refused(cli, register, rule: "policy-adopted")
        #expect(noPolicy.contains("govledger policy adopt compliance/policy.yaml"))
        try ok(cli, "policy", "adopt", Self.policyPath, actor: "cco@bank.example")
        #expect(try refused(cli, ["policy", "adopt", Self.policyPath], rule: "policy-adopted", actor: "cco@bank.example").contains("already in force"))
        try ok(cli, register, actor: "eng@bank.example")
        _ = try refused(cli, register, rule: "model-unique")
        let lineage = ["--dataset-sha256", String(repeating: "a", count: 64), "--artifact-sha256", String(repeating: "b", count: 64)]
        let thin = try refused(cli, ["version", "register", "fraud-detection-engine", "--version", "1.0.0"] + lineage, rule: "lineage")
        #expect(thin.contains("Tier 1 models need full lineage"))
        _ = try refused(cli, ["transition", "fraud-detection-engine", "1.0.0", "--to", "staging"], rule: "version-unknown")
        _ = try refused(cli, ["model", "tier", "fraud-detection-engine", "--tier", "1", "--reason", "same"], rule: "tier-change")

        // Bad input is exit 2 too, before any rule.
        let noActor = try cli.run(["model", "register", "--name", "X", "--owner", "Y", "--framework", "Z", "--tier", "3", "--purpose", "P"], environment: ["GOVLEDGER_ACTOR": ""])
        #expect(noActor.status == 2)
        #expect(noActor.stderr.contains("--actor"))
        let badVersion = try cli.run(["version", "register", "fraud-detection-engine", "--version", "1.0", "--actor", "eng@bank.example"])
        #expect(badVersion.status == 2)
        #expect(badVersion.stderr.contains("MAJOR.MINOR.PATCH"))

        let shown = try json(try cli.run("policy", "show", "--json"))
        #expect(shown["digest"]?.stringValue == Self.policy.digest.hex)
        #expect(shown["adoptedBy"]?.stringValue == "cco@bank.example")
    }

    @Test func aTierThreeVersionGoesToProductionAndATierOneVoteIsSignedLocally() throws {
        let cli = try CLIHarness()
        #expect(try cli.run("init").status == 0)
        try ok(cli, "policy", "adopt", Self.policyPath, actor: "cco@bank.example")
        for (role, holder) in [("data_scientist", "ds@bank.example"), ("peer_reviewer", "peer@bank.example"), ("ml_engineer", "mle@bank.example")] {
            try ok(cli, "role", "assign", "--principal", holder, "--role", role, actor: "cco@bank.example")
        }
        try ok(cli, "model", "register", "--name", "Document Classifier", "--owner", "Legal Team", "--framework", "spaCy", "--tier", "3", "--purpose", "Contracts")
        try ok(cli, "version", "register", "document-classifier", "--version", "3.0.2", "--dataset-sha256", String(repeating: "a", count: 64),
               "--artifact-sha256", String(repeating: "b", count: 64), "--metrics", #"{"accuracy": 0.93, "precision": 0.92, "recall": 0.91}"#)
        for suite in Self.policy.requiredSuites(tier: RiskTier(rawValue: 3)!, bump: .major)! {
            try ok(cli, "validation", "record", "document-classifier", "3.0.2", "--suite", suite.rawValue, "--metrics", Self.passing(suite.rawValue), actor: "ci@bank.example")
        }
        let failing = try ok(cli, "validation", "record", "document-classifier", "3.0.2", "--suite", "smoke", "--metrics", #"{"checks_run": 10, "checks_failed": 2}"#, actor: "ci@bank.example")
        #expect(failing.stdout.contains("validation smoke of 3.0.2: FAILED (checks_failed = 2)"))
        try ok(cli, "transition", "document-classifier", "3.0.2", "--to", "staging")
        try ok(cli, "approval", "request", "document-classifier", "3.0.2")
        for (role, holder) in [("data_scientist", "ds@bank.example"), ("peer_reviewer", "peer@bank.example"), ("ml_engineer", "mle@bank.example")] {
            try ok(cli, "signoff", "document-classifier", "3.0.2", "--role", role, actor: holder)
        }
        let blocked = try refused(cli, ["transition", "document-classifier", "3.0.2", "--to", "approved"], rule: "validation")
        #expect(blocked.contains("failed smoke (checks_failed = 2 fails ≤ 0)"))
        try ok(cli, "validation", "record", "document-classifier", "3.0.2", "--suite", "smoke", "--metrics", Self.passing("smoke"), actor: "ci@bank.example")
        try ok(cli, "transition", "document-classifier", "3.0.2", "--to", "approved")
        let promoted = try json(try ok(cli, "transition", "document-classifier", "3.0.2", "--to", "production", "--deployment", "Batch + API", "--json"))
        #expect(promoted["entries"]?.arrayValue?.count == 1)
        #expect(try ok(cli, "registry").stdout.contains("Batch + API"))

        // Tier 1: members make their keys; only public keys enter the ledger.
        var publicKeys: [String] = []
        for index in 1...5 {
            let generated = try ok(cli, "keys", "generate-member", "--out", cli.folder.appendingPathComponent("m\(index).key").path)
            publicKeys.append(generated.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(try cli.run("keys", "generate-member", "--out", cli.folder.appendingPathComponent("m1.key").path).status == 2)
        let seats = ["CTO", "Head of Data Science", "Head of ML Engineering", "Head of Risk", "External Advisor"]
        for index in 1...5 {
            try ok(cli, "board", "appoint", "ml-review-board", "--member", "m\(index)@bank.example", "--public-key", publicKeys[index - 1], "--seat", seats[index - 1], actor: "cco@bank.example")
        }
        try ok(cli, "model", "register", "--name", "Credit Scoring Model", "--owner", "Risk Team", "--framework", "XGBoost", "--tier", "1", "--purpose", "Credit")
        let lineage = cli.folder.appendingPathComponent("lineage.json").path
        try Data("""
            {"datasetSHA256": "\(String(repeating: "c", count: 64))", "featureSetVersion": "bureau-v3", "hyperparameters": {"max_depth": 8},
             "environment": {"imageDigest": "sha256:\(String(repeating: "d", count: 64))", "languageVersion": "Python 3.11"},
             "trainingHours": 1.2, "metrics": {"accuracy": 0.89}, "artifactSHA256": "\(String(repeating: "e", count: 64))", "sbomSHA256": "\(String(repeating: "f", count: 64))"}
            """.utf8).write(to: URL(fileURLWithPath: lineage))
        try ok(cli, "version", "register", "credit-scoring-model", "--version", "3.1.0", "--lineage-file", lineage)
        try ok(cli, "transition", "credit-scoring-model", "3.1.0", "--to", "staging")
        try ok(cli, "approval", "request", "credit-scoring-model", "3.1.0")
        let key1 = cli.folder.appendingPathComponent("m1.key").path
        let entries = try cli.entryCount()
        let signOnly = try json(try ok(cli, "vote", "credit-scoring-model", "3.1.0", "--decision", "approve", "--rationale", "Stable reason codes", "--key", key1, "--sign-only", "--json", actor: "m1@bank.example"))
        #expect(signOnly["signature"]?.stringValue?.count == 88)
        #expect(signOnly["ballot"]?["member"]?.stringValue == "m1@bank.example")
        #expect(try cli.entryCount() == entries)
        try ok(cli, "vote", "credit-scoring-model", "3.1.0", "--decision", "approve", "--rationale", "Stable reason codes", "--key", key1, actor: "m1@bank.example")
        _ = try refused(cli, ["vote", "credit-scoring-model", "3.1.0", "--decision", "reject", "--rationale", "Changed my mind", "--key", key1], rule: "vote-once", actor: "m1@bank.example")
        // Member 3's key used by member 2: the appointed key does not match.
        _ = try refused(cli, ["vote", "credit-scoring-model", "3.1.0", "--decision", "approve", "--rationale", "x", "--key", cli.folder.appendingPathComponent("m3.key").path], rule: "vote-signature", actor: "m2@bank.example")
        _ = try refused(cli, ["vote", "credit-scoring-model", "3.1.0", "--decision", "approve", "--rationale", "x", "--key", key1], rule: "board-member", actor: "intruder@bank.example")
        try ok(cli, "vote", "credit-scoring-model", "3.1.0", "--decision", "reject", "--rationale", "Thin files", "--dissent", "Reason codes unstable", "--key", cli.folder.appendingPathComponent("m2.key").path, actor: "m2@bank.example")
        // Guards are checked in the policy's order: validation comes before approvals.
        let guarded = try refused(cli, ["transition", "credit-scoring-model", "3.1.0", "--to", "approved"], rule: "validation")
        #expect(guarded.contains("Tier 1 major versions need the suites performance, data_quality"))
        let deciding = try ok(cli, "vote", "credit-scoring-model", "3.1.0", "--decision", "reject", "--rationale", "Agree with the dissent", "--key", cli.folder.appendingPathComponent("m3.key").path, actor: "m3@bank.example")
        #expect(deciding.stdout.contains("board ml-review-board decided rejected on 3.1.0 (1 approve, 2 reject, 0 abstain, quorum 4)"))
        _ = try refused(cli, ["vote", "credit-scoring-model", "3.1.0", "--decision", "approve", "--rationale", "late", "--key", cli.folder.appendingPathComponent("m4.key").path], rule: "request-open", actor: "m4@bank.example")
        let verify = try cli.run("verify", "--rules")
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        // The private keys never entered the ledger.
        let export = try cli.run("export")
        let seed = try String(contentsOfFile: key1, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!export.stdout.contains(seed))
    }

    @Test func verifyRulesCatchesWhatARawAppendLetThrough() throws {
        let cli = try CLIHarness()
        #expect(try cli.run("init").status == 0)
        try ok(cli, "policy", "adopt", Self.policyPath, actor: "cco@bank.example")
        try ok(cli, "model", "register", "--name", "Churn", "--owner", "Marketing", "--framework", "PyTorch", "--tier", "2", "--purpose", "Churn")
        try ok(cli, "version", "register", "churn", "--version", "1.0.0", "--dataset-sha256", String(repeating: "a", count: 64), "--artifact-sha256", String(repeating: "b", count: 64),
               "--feature-set-version", "v1", "--hyperparameters", #"{"lr": 0.001}"#, "--metrics", #"{"accuracy": 0.86}"#)
        // A writer with raw append rights skips staging and every guard.
        let forged = #"{"cause":"transition","from":"development","model":"churn","policyDigest":"\#(Self.policy.digest.hex)","to":"staging","version":"1.0.0"}"#
        try ok(cli, "append", "--stream", "model/churn", "--type", "model.version.transitioned", "--actor", "mallory", "--retention", "3y", "--payload", forged)
        let skipped = #"{"cause":"transition","from":"staging","model":"churn","policyDigest":"\#(Self.policy.digest.hex)","to":"approved","version":"1.0.0"}"#
        try ok(cli, "append", "--stream", "model/churn", "--type", "model.version.transitioned", "--actor", "mallory", "--retention", "3y", "--payload", skipped)
        #expect(try cli.run("verify").status == 0)
        let result = try cli.run("verify", "--rules")
        #expect(result.status == 1)
        #expect(result.stdout.contains("rules: 1 violation"))
        #expect(result.stdout.contains("seq 4 (model.version.transitioned): transition churn 1.0.0 staging → approved breaks rule validation"), "\(result.stdout)")
        #expect(result.stderr.contains("the first at seq 4 (rule validation)"))
        let report = try json(try cli.run("verify", "--rules", "--json"))
        #expect(report["ok"]?.boolValue == false)
        #expect(report["rules"]?["violations"]?.arrayValue?.first?["rule"]?.stringValue == "validation")
    }
}
