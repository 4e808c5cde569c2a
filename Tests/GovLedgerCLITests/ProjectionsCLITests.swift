import Foundation
import LedgerCore
import Testing

/// Model cards, findings, audit reports and the stored read models, through the command line.
struct ProjectionsCLITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var policy: String { root.appendingPathComponent("compliance/policy.yaml").path }
    static var templates: String { root.appendingPathComponent("projections").path }

    func demo() throws -> CLIHarness {
        let cli = try CLIHarness()
        let demo = try cli.run("demo", "--policy", Self.policy)
        #expect(demo.status == 0, "\(demo.stderr)")
        return cli
    }

    @Test func readModelsAreStoredAndUpdatedWithNewEntries() throws {
        let cli = try demo()
        let first = try cli.run("projections", "--json")
        #expect(first.status == 0, "\(first.stderr)")
        let entries = try cli.entryCount()
        #expect(first.stdout.contains("\"position\":\(entries)") && first.stdout.contains("\"rebuilt\":true"))
        let review = try cli.run("card", "review", "credit-scoring-model", "--actor", "amara.nwosu@bank.example")
        #expect(review.status == 0, "\(review.stderr)")
        let second = try cli.run("projections", "--json")
        #expect(second.stdout.contains("\"applied\":1") && second.stdout.contains("\"rebuilt\":false"), "\(second.stdout)")
        let rebuild = try cli.run("projections", "rebuild", "--json")
        #expect(rebuild.stdout.contains("\"applied\":\(entries + 1)"))
    }

    @Test func cardsRenderInEachFormatAndCiteTheirEntries() throws {
        let cli = try demo()
        let markdown = try cli.run(["card", "show", "fraud-detection-engine", "--templates", Self.templates])
        #expect(markdown.status == 0, "\(markdown.stderr)")
        #expect(markdown.stdout.hasPrefix("# Model card: Fraud Detection Engine"))
        #expect(markdown.stdout.contains("## Known limitations\n\n- Trained on domestic traffic"))
        let out = cli.folder.appendingPathComponent("card.html").path
        let html = try cli.run(["card", "show", "Fraud Detection Engine", "--format", "html", "--out", out, "--templates", Self.templates])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("<h2>Quantitative analyses by segment</h2>"))
        let again = try cli.run(["card", "show", "fraud-detection-engine", "--format", "html", "--out", out, "--templates", Self.templates])
        #expect(again.status == 2 && again.stderr.contains("already exists"))
        let json = try cli.run("card", "show", "fraud-detection-engine", "--format", "json")
        let card = try JSONValue.parse(Array(json.stdout.utf8))
        #expect(card["schema_version"]?.stringValue == "0.0.2")
        #expect(card["model_details"]?["version"]?["name"]?.stringValue == "3.2.1")
    }

    @Test func badInputExitsTwoAndWritesNothing() throws {
        let cli = try demo()
        let before = try cli.entryCount()
        let cases: [[String]] = [
            ["card", "show", "no-such-model"],
            ["card", "show", "fraud-detection-engine", "--format", "pdf"],
            ["card", "show", "fraud-detection-engine", "--templates", "/nonexistent"],
            ["card", "set", "fraud-detection-engine", "--section", "summary", "--text", "x", "--actor", "a@b.example"],
            ["card", "set", "fraud-detection-engine", "--section", "limitations", "--actor", "a@b.example"],
            ["card", "set", "fraud-detection-engine", "--section", "limitations", "--text", "   ", "--actor", "a@b.example"],
            ["findings", "record", "fraud-detection-engine", "--area", "ethics", "--severity", "low", "--observation", "o", "--remediation", "r", "--owner", "a@b.example", "--due", "2099-01-01", "--actor", "a@b.example"],
            ["findings", "record", "fraud-detection-engine", "--area", "data", "--severity", "low", "--observation", "o", "--remediation", "r", "--owner", "a@b.example", "--due", "tomorrow", "--actor", "a@b.example"],
            ["findings", "remediate", "fraud-detection-engine", "--finding", "3", "--note", "done", "--actor", "a@b.example"],
            ["audit-report", "--from", "2025-01-01"],
            ["audit-report", "--model", "fraud-detection-engine", "--from", "2025-06-01", "--to", "2025-01-01"],
            ["audit-report", "--model", "fraud-detection-engine", "--from", "January"],
        ]
        for arguments in cases {
            let result = try cli.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
            #expect(!result.stderr.isEmpty, "\(arguments)")
        }
        #expect(try cli.entryCount() == before)
    }

    @Test func findingsAreRecordedListedAndRemediated() throws {
        let cli = try demo()
        let recorded = try cli.run(
            "findings", "record", "customer-churn-predictor", "--area", "security", "--severity", "high", "--observation", "Artifact unsigned",
            "--remediation", "Sign artifacts", "--owner", "raj.patel@bank.example", "--due", "2099-12-31", "--actor", "internal-audit@bank.example", "--json")
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let seq = try #require(try JSONValue.parse(Array(recorded.stdout.utf8))["entries"]?.arrayValue?.first?["seq"]?.intValue)
        var open = try cli.run("findings", "--open")
        #expect(open.stdout.contains("seq \(seq)  customer-churn-predictor  high  security"))
        let remediate = try cli.run("findings", "remediate", "customer-churn-predictor", "--finding", String(seq), "--note", "Signed", "--actor", "raj.patel@bank.example")
        #expect(remediate.status == 0, "\(remediate.stderr)")
        open = try cli.run("findings", "--open")
        #expect(!open.stdout.contains("customer-churn-predictor"))
        #expect(try cli.run("verify", "--rules").status == 0)
    }

    @Test func theAuditReportCoversThePeriod() throws {
        let cli = try demo()
        let report = try cli.run(["audit-report", "--tier1", "--from", "2025-01-01", "--to", "2025-06-30", "--templates", Self.templates])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("Fraud Detection Engine, Credit Scoring Model"))
        #expect(report.stdout.contains("## Governance compliance"))
        #expect(report.stdout.contains("Fraud Detection Engine: 3.2.1 staging → approved"))
    }

    @Test func anAuditPackCarriesTheCardAndTheReportAndStillVerifies() throws {
        let cli = try demo()
        let key = cli.folder.appendingPathComponent("ledger.key").path
        #expect(try cli.run("keys", "generate", "--name", "demo.govledger.local", "--out", key).status == 0)
        let pack = cli.folder.appendingPathComponent("fraud.zip").path
        let built = try cli.run(["audit-pack", "--model", "fraud-detection-engine", "--from", "2025-01-01", "--to", "2025-06-30", "--out", pack, "--key", key, "--templates", Self.templates])
        #expect(built.status == 0, "\(built.stderr)")
        let listing = Process()
        listing.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        listing.arguments = ["python3", "-c", "import sys, zipfile; print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))", pack]
        let pipe = Pipe()
        listing.standardOutput = pipe
        try listing.run()
        listing.waitUntilExit()
        let names = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map(String.init)
        for report in ["model-card.md", "model-card.html", "model-card.json", "audit-report.md", "audit-report.html"] {
            #expect(names.contains("reports/" + report), "\(report) in \(names)")
        }
        let verified = try cli.run("verify-pack", pack, "--key", key + ".pub")
        #expect(verified.status == 0, "\(verified.stderr)")
    }

    @Test func theDemoServesWithAKeptSigningKey() throws {
        let cli = try CLIHarness()
        let (process, out, _) = try cli.start(["demo", "--db", cli.db, "--policy", Self.policy, "--serve", "--port", "0"])
        defer { if process.isRunning { process.terminate() } }
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("govledger serving"), Date() < deadline, process.isRunning {
            text += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
        #expect(text.contains("govledger serving"), "\(text)")
        #expect(text.contains("compliance officer amara.nwosu@bank.example   glt_"))
        let key = cli.db + ".key"
        #expect(FileManager.default.fileExists(atPath: key) && FileManager.default.fileExists(atPath: key + ".pub"))
        process.terminate()
        process.waitUntilExit()
        let proof = cli.folder.appendingPathComponent("proof.json").path
        #expect(try cli.run("prove", "inclusion", "--seq", "42", "--out", proof).status == 0)
        let checked = try cli.run("verify-proof", proof, "--key", key + ".pub")
        #expect(checked.status == 0, "\(checked.stderr)")
    }
}
