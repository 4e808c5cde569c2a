import Foundation
import Testing
import LedgerCore

struct AuditPackCLITests {
    /// A ledger with entries of two models and a policy stream, a key, and a checkpoint of the first part.
    func ledger() throws -> (CLIHarness, key: String, verifierKey: String) {
        let cli = try CLIHarness()
        #expect(try cli.run("init", "--origin", "ledger.bank.example/models").status == 0)
        var lines = [#"{"stream": "policy/enterprise", "type": "policy.adopted", "actor": "cco", "payload": {"name": "default"}}"#]
        lines += (0..<8).map { #"{"stream": "model/m\#($0 % 2)", "type": "test.recorded", "actor": "ci", "payload": {"i": \#($0)}}"# }
        #expect(try cli.run("append", "--batch", try cli.write("b.jsonl", lines.joined(separator: "\n"))).status == 0)
        let key = cli.folder.appendingPathComponent("ledger.key").path
        let generated = try cli.run("keys", "generate", "--name", "ledger.bank.example", "--out", key)
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(try cli.run("checkpoint", "--key", key).status == 0)
        #expect(try cli.run("append", "--stream", "model/m1", "--type", "test.recorded", "--actor", "ci", "--payload", "{}").status == 0)
        return (cli, key, generated.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    func path(_ cli: CLIHarness, _ name: String) -> String { cli.folder.appendingPathComponent(name).path }

    @Test func aPackIsBuiltAndVerifiesOfflineWithoutTheLedger() throws {
        let (cli, key, verifierKey) = try ledger()
        let pack = path(cli, "m0.zip")
        let built = try cli.run("audit-pack", "--model", "m0", "--from", "2000-01-01", "--to", "2099-12-31", "--out", pack, "--key", key, "--json")
        #expect(built.status == 0, "\(built.stderr)")
        let summary = try JSONValue.parse(built.stdout.trimmingCharacters(in: .newlines))
        #expect(summary["entries"]?.intValue == 5)  // the policy and m0's four entries
        #expect(summary["treeSize"]?.intValue == 10)  // a checkpoint was signed for the whole log
        #expect(summary["firstCheckpointSize"]?.intValue == 9)
        #expect(!FileManager.default.fileExists(atPath: pack + ".partial"))
        try FileManager.default.removeItem(atPath: cli.db)
        let checked = try cli.run("verify-pack", pack, "--key", verifierKey, "--json")
        #expect(checked.status == 0, "\(checked.stderr)")
        let report = try JSONValue.parse(checked.stdout.trimmingCharacters(in: .newlines))
        #expect(report["ok"]?.boolValue == true)
        #expect(report["entries"]?.intValue == 5)
        #expect(report["consistentFrom"]?.intValue == 9)
        let text = try cli.run("verify-pack", pack, "--key", key + ".pub")
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("OK: audit pack of 'm0'"))
    }

    @Test func integrityFailuresExit1AndNameTheFile() throws {
        let (cli, key, _) = try ledger()
        let pack = path(cli, "m1.zip")
        #expect(try cli.run("audit-pack", "--model", "m1", "--from", "2000-01-01", "--to", "2099-12-31", "--out", pack, "--key", key).status == 0)
        let other = path(cli, "other.key")
        #expect(try cli.run("keys", "generate", "--name", "ledger.bank.example", "--out", other).status == 0)
        let wrongKey = try cli.run("verify-pack", pack, "--key", other + ".pub")
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stderr.contains("manifest.sig"))
        // A file added to the archive after signing.
        let added = Process()
        added.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        added.arguments = ["python3", "-c", "import sys, zipfile; zipfile.ZipFile(sys.argv[1], 'a').writestr('reports/extra.txt', 'x')", pack]
        try added.run()
        added.waitUntilExit()
        #expect(added.terminationStatus == 0)
        let extra = try cli.run("verify-pack", pack, "--key", key + ".pub", "--json")
        #expect(extra.status == 1)
        let report = try JSONValue.parse(extra.stdout.trimmingCharacters(in: .newlines))
        #expect(report["ok"]?.boolValue == false)
        #expect(report["file"]?.stringValue == "reports/extra.txt")
    }

    @Test func badUsageExits2AndWritesNothing() throws {
        let (cli, key, verifierKey) = try ledger()
        let pack = path(cli, "p.zip")
        let checkpoints = try cli.run("checkpoint", "list", "--json").stdout
        func refused(_ arguments: [String], _ words: String) throws {
            let result = try cli.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: pack))
        }
        let base = ["audit-pack", "--out", pack, "--key", key]
        try refused(base + ["--model", "nope", "--from", "2000-01-01", "--to", "2099-12-31"], "no streams of the model")
        try refused(base + ["--model", "m0", "--from", "2000-13-01", "--to", "2099-12-31"], "--from")
        try refused(base + ["--model", "m0", "--from", "2000-01-01", "--to", "soon"], "--to")
        try refused(base + ["--model", "m0", "--from", "2099-01-01", "--to", "2000-12-31"], "before it starts")
        try refused(base + ["--model", "m0", "--from", "2000-01-01", "--to", "2000-12-31"], "no entries")
        try refused(base + ["--model", "M0", "--from", "2000-01-01", "--to", "2099-12-31"], "slug")
        try refused(["audit-pack", "--out", pack, "--key", path(cli, "absent.key"), "--model", "m0", "--from", "2000-01-01", "--to", "2099-12-31"], "key file")
        let noFolder = try cli.run(["audit-pack", "--out", path(cli, "absent/p.zip"), "--key", key, "--model", "m0", "--from", "2000-01-01", "--to", "2099-12-31"])
        #expect(noFolder.status == 2)
        #expect(noFolder.stderr.contains("does not exist"))
        #expect(try cli.run("checkpoint", "list", "--json").stdout == checkpoints)  // no refusal signed a checkpoint
        let existing = try cli.write("exists.zip", "x")
        let clash = try cli.run(["audit-pack", "--out", existing, "--key", key, "--model", "m0", "--from", "2000-01-01", "--to", "2099-12-31"])
        #expect(clash.status == 2)
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "x")

        let notZip = try cli.write("not.zip", "hello")
        for (arguments, words) in [
            (["verify-pack", path(cli, "absent.zip"), "--key", verifierKey], "Cannot read"),
            (["verify-pack", notZip, "--key", verifierKey], "not a ZIP archive"),
            (["verify-pack", notZip, "--key", "nonsense"], "verifier key"),
            (["verify-pack", notZip, "--key", key], "private signer key"),
        ] {
            let result = try cli.run(arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(words), "\(arguments): \(result.stderr)")
        }
    }
}
