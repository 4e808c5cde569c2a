import Foundation
import Testing
import LedgerCore

struct ProofCLITests {
    /// A ledger with `count` entries, a key, and a signed checkpoint.
    func ledgerWithCheckpoint(count: Int = 9) throws -> (CLIHarness, key: String, verifierKey: String) {
        let cli = try CLIHarness()
        #expect(try cli.run("init", "--origin", "ledger.bank.example/models").status == 0)
        let lines = (0..<count).map { #"{"stream": "model/m\#($0 % 3)", "type": "test.recorded", "actor": "ci", "payload": {"i": \#($0)}}"# }
        #expect(try cli.run("append", "--batch", try cli.write("b.jsonl", lines.joined(separator: "\n"))).status == 0)
        let key = cli.folder.appendingPathComponent("ledger.key").path
        let generated = try cli.run("keys", "generate", "--name", "ledger.bank.example", "--out", key)
        #expect(generated.status == 0, "\(generated.stderr)")
        let signed = try cli.run("checkpoint", "--key", key)
        #expect(signed.status == 0, "\(signed.stderr)")
        return (cli, key, generated.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func keysAreWrittenPrivatelyAndNeverOverwritten() throws {
        let (cli, key, verifierKey) = try ledgerWithCheckpoint(count: 1)
        let attributes = try FileManager.default.attributesOfItem(atPath: key)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(verifierKey.hasPrefix("ledger.bank.example+"))
        #expect(try String(contentsOfFile: key + ".pub", encoding: .utf8).contains(verifierKey))
        let again = try cli.run("keys", "generate", "--name", "other", "--out", key)
        #expect(again.status == 2)
        #expect(again.stderr.contains("already exists"))
    }

    @Test func inclusionAndConsistencyProofsVerifyOffline() throws {
        let (cli, key, verifierKey) = try ledgerWithCheckpoint()
        let inclusion = cli.folder.appendingPathComponent("inclusion.json").path
        #expect(try cli.run("prove", "inclusion", "--seq", "4", "--out", inclusion).status == 0)
        // Append more, sign again, and prove the new log extends the old one.
        #expect(try cli.run("append", "--stream", "model/x", "--type", "test.recorded", "--actor", "ci", "--payload", "{}").status == 0)
        #expect(try cli.run("checkpoint", "--key", key).status == 0)
        let consistency = cli.folder.appendingPathComponent("consistency.json").path
        #expect(try cli.run("prove", "consistency", "--from", "9", "--out", consistency).status == 0)
        // The database is not needed: remove it before verifying.
        try FileManager.default.removeItem(atPath: cli.db)
        let checked = try cli.run("verify-proof", inclusion, "--key", verifierKey, "--json")
        #expect(checked.status == 0, "\(checked.stderr)")
        let report = try JSONValue.parse(checked.stdout.trimmingCharacters(in: .newlines))
        #expect(report["seq"]?.intValue == 4)
        #expect(report["treeSize"]?.intValue == 9)
        #expect(try cli.run("verify-proof", consistency, "--key", key + ".pub").status == 0)
        #expect(try cli.run("verify-proof", consistency, "--key", verifierKey, "--origin", "ledger.bank.example/models").status == 0)
        #expect(try cli.run("verify-proof", consistency, "--key", verifierKey, "--origin", "elsewhere/log").status == 1)
    }

    @Test func tamperedProofFilesFailWithTheRightExitCode() throws {
        let (cli, _, verifierKey) = try ledgerWithCheckpoint()
        let path = cli.folder.appendingPathComponent("p.json").path
        #expect(try cli.run("prove", "inclusion", "--seq", "2", "--out", path).status == 0)
        let original = try String(contentsOfFile: path, encoding: .utf8)
        func check(_ name: String, _ edit: (String) -> String, status: Int32, message: String) throws {
            let file = try cli.write("\(name).json", edit(original))
            let result = try cli.run("verify-proof", file, "--key", verifierKey)
            #expect(result.status == status, "\(name): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
        }
        // An altered payload: the header's commitment no longer matches.
        try check("payload", { $0.replacingOccurrences(of: #""i":2"#, with: #""i":3"#) }, status: 1, message: "payload")
        // An altered header: the leaf is not in the tree.
        try check("header", { $0.replacingOccurrences(of: #""actor":"ci""#, with: #""actor":"cj""#) }, status: 1, message: "not proven")
        // A proof hash of the wrong length is malformed input.
        try check("hashlength", { text in
            let lines = text.components(separatedBy: "\\n")
            return lines.enumerated().map { $0.offset == 2 ? String($0.element.dropLast(8)) : $0.element }.joined(separator: "\\n")
        }, status: 2, message: "proof hash")
        // A truncated note (signature line cut off) is malformed.
        try check("truncated", { text in
            guard let range = text.range(of: "\\n\\n— ") else { return text }
            return String(text[..<range.lowerBound]) + "\\n\"}"
        }, status: 2, message: "blank line")
        // Another key: nothing it trusts signed the checkpoint.
        let other = cli.folder.appendingPathComponent("other.key").path
        let otherKey = try cli.run("keys", "generate", "--name", "ledger.bank.example", "--out", other).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let wrongKey = try cli.run("verify-proof", path, "--key", otherKey)
        #expect(wrongKey.status == 1)
        #expect(wrongKey.stderr.contains("does not verify"))
        let badKey = try cli.run("verify-proof", path, "--key", "not-a-key")
        #expect(badKey.status == 2)
    }

    @Test func aForkedLogFailsAgainstASavedCheckpoint() throws {
        let (cli, key, verifierKey) = try ledgerWithCheckpoint(count: 5)
        let note = try JSONValue.parse(try cli.run("checkpoint", "list", "--json").stdout.trimmingCharacters(in: .newlines))["checkpoints"]?.arrayValue?.first?["note"]?.stringValue ?? ""
        let noteFile = try cli.write("size5.note", note)
        #expect(try cli.run("verify", "--checkpoint", noteFile, "--key", verifierKey).status == 0)
        // Rebuild the log under the same origin with a different history (a rewrite).
        try FileManager.default.removeItem(atPath: cli.db)
        #expect(try cli.run("init", "--origin", "ledger.bank.example/models").status == 0)
        let lines = (0..<6).map { #"{"stream": "model/m", "type": "test.recorded", "actor": "mallory", "payload": {"i": \#($0)}}"# }
        #expect(try cli.run("append", "--batch", try cli.write("fork.jsonl", lines.joined(separator: "\n"))).status == 0)
        let forked = try cli.run("verify", "--checkpoint", noteFile, "--key", verifierKey)
        #expect(forked.status == 1)
        #expect(forked.stderr.contains("rewritten or forked"), "\(forked.stderr)")
        // The rewritten ledger can be signed anew, but the saved checkpoint keeps exposing it.
        #expect(try cli.run("checkpoint", "--key", key).status == 0)
        #expect(try cli.run("verify", "--checkpoint", noteFile, "--key", verifierKey).status == 1)
    }

    @Test func proofRequestsOutsideTheLogExitTwo() throws {
        let (cli, _, _) = try ledgerWithCheckpoint(count: 3)
        let beyond = try cli.run("prove", "inclusion", "--seq", "5")
        #expect(beyond.status == 2)
        #expect(beyond.stderr.contains("no entry with seq 5"))
        let bigger = try cli.run("prove", "inclusion", "--seq", "1", "--size", "10")
        #expect(bigger.status == 2)
        let backwards = try cli.run("prove", "consistency", "--from", "3", "--to", "2")
        #expect(backwards.status == 2)
        let empty = try CLIHarness()
        #expect(try empty.run("init").status == 0)
        #expect(try empty.run("append", "--stream", "model/a", "--type", "a.b", "--actor", "ci", "--payload", "{}").status == 0)
        let noCheckpoint = try empty.run("prove", "inclusion", "--seq", "0")
        #expect(noCheckpoint.status == 2)
        #expect(noCheckpoint.stderr.contains("no signed checkpoint"))
    }
}
