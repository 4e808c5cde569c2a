import Foundation
import Testing
import LedgerCore

struct CLIEndToEndTests {
    func initialized() throws -> CLIHarness {
        let cli = try CLIHarness()
        let result = try cli.run("init")
        #expect(result.status == 0, "\(result.stderr)")
        return cli
    }

    @Test func initAppendLogVerifyExport() throws {
        let cli = try initialized()
        #expect(try cli.run("init").stdout.contains("already exists"))
        let appended = try cli.run("append", "--stream", "model/fraud-detection-engine", "--type", "model.registered",
                                   "--actor", "alice@bank.example", "--payload", #"{"tier": 1, "owner": "Risk Team"}"#, "--json")
        #expect(appended.status == 0, "\(appended.stderr)")
        let summary = try JSONValue.parse(appended.stdout.trimmingCharacters(in: .newlines))
        #expect(summary["entries"]?.arrayValue?.first?["seq"]?.intValue == 0)

        // Payload from standard input, with optimistic concurrency.
        let second = try cli.run("append", "--stream", "model/fraud-detection-engine", "--type", "model.tier.changed",
                                 "--actor", "bob@bank.example", "--expected-version", "1", stdin: #"{"tier": 2}"#)
        #expect(second.status == 0, "\(second.stderr)")

        let log = try cli.run("log", "--json")
        let lines = log.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(try JSONValue.parse(String(lines[1]))["payload"]?["tier"]?.intValue == 2)
        #expect(try cli.run("log", "--type", "model.tier.changed").stdout.split(separator: "\n").count == 1)

        let verify = try cli.run("verify")
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("OK: 2 entries verified"))

        let out = cli.folder.appendingPathComponent("export.jsonl").path
        #expect(try cli.run("export", "--out", out).status == 0)
        let exported = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(exported.count == 2)
        let first = try Entry(exportLine: Array(exported[0].utf8))
        #expect(first.header.seq == 0)
        #expect(first.header.stream.rawValue == "model/fraud-detection-engine")
        // Refuses to overwrite an existing export.
        #expect(try cli.run("export", "--out", out).status == 2)

        let stats = try JSONValue.parse(try cli.run("stats", "--json").stdout.trimmingCharacters(in: .newlines))
        #expect(stats["entries"]?.intValue == 2)
        #expect(stats["streams"]?.intValue == 1)
    }

    @Test func initTakesAPageSizeThatIsFixedAtCreation() throws {
        let cli = try CLIHarness()
        let created = try cli.run("init", "--page-size", "4096", "--json")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try JSONValue.parse(created.stdout.trimmingCharacters(in: .newlines))["pageSize"]?.intValue == 4096)
        // Again with the same size, or none: nothing changes. Another size is refused.
        #expect(try cli.run("init", "--page-size", "4096").status == 0)
        #expect(try cli.run("init").stdout.contains("already exists"))
        let other = try cli.run("init", "--page-size", "32768")
        #expect(other.status == 2)
        #expect(other.stderr.contains("already exists with 4096-byte pages"))
        // A size SQLite cannot use is refused before anything is created.
        let fresh = try CLIHarness()
        let refused = try fresh.run("init", "--page-size", "5000")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("power of two from 512 to 65536"))
        #expect(try fresh.run("stats").status == 2, "no ledger was created")
        // The default is 32 KiB.
        let standard = try fresh.run("init")
        #expect(standard.stdout.contains("32 KiB pages"), "\(standard.stdout)")
    }

    @Test(arguments: [
        (["--payload", #"{"a": "#], "Invalid JSON"),
        (["--payload", #"{"a": 1, "a": 2}"#], "duplicate key \"a\""),
        (["--payload", #"[1, 2]"#], "must be a JSON object"),
        (["--payload", #"{"n": 12345678901234567890}"#], "write it as a string"),
        (["--stream", "Model/X", "--payload", "{}"], "stream name 'Model/X' is not valid"),
        (["--type", "registered", "--payload", "{}"], "event type 'registered' is not valid"),
        (["--expected-version", "5", "--payload", "{}"], "is at version 0, but entry 1 of the batch expected 5"),
        (["--retention", "forever", "--payload", "{}"], "retention class 'forever' is not valid"),
        (["--payload", "{}", "--payload-file", "x.json"], "Give the payload once"),
    ] as [([String], String)])
    func badInputExitsTwoAndWritesNothing(_ extra: [String], _ message: String) throws {
        let cli = try initialized()
        var arguments = ["append", "--actor", "alice"]
        if !extra.contains("--stream") { arguments += ["--stream", "model/a"] }
        if !extra.contains("--type") { arguments += ["--type", "model.registered"] }
        let result = try cli.run(arguments + extra)
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try cli.entryCount() == 0)
    }

    @Test func missingOrForeignDatabasesExitTwo() throws {
        let cli = try CLIHarness()
        let missing = try cli.run("log")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("No ledger at"))
        #expect(missing.stderr.contains("govledger init"))
        #expect(!FileManager.default.fileExists(atPath: cli.db))

        let text = try cli.write("notes.db", "hello")
        let foreign = try cli.run("verify", "--db", text)
        #expect(foreign.status == 2)
        #expect(foreign.stderr.contains("not a SQLite database"))

        let usage = try cli.run("append", "--stream", "model/a")
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("Missing --stream, --type or --actor"))
    }

    @Test func batchesAreAllOrNothingAndNameTheBadLine() throws {
        let cli = try initialized()
        let good = try cli.write("good.jsonl", """
            {"stream": "model/a", "type": "model.registered", "actor": "alice", "payload": {"tier": 1}}
            {"stream": "model/a", "type": "model.tier.changed", "actor": "bob", "payload": {"tier": 2}, "expectedVersion": 1}

            {"stream": "model/b", "type": "model.registered", "actor": "carol", "payload": {}, "retention": "3y"}
            """)
        let ok = try cli.run("append", "--batch", good)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try cli.entryCount() == 3)

        let bad = try cli.write("bad.jsonl", """
            {"stream": "model/c", "type": "model.registered", "actor": "alice", "payload": {}}
            {"stream": "model/c", "type": "model.registered", "actor": "alice", "payload": {}}
            {"stream": "model/c", "type": "model.registered", "actor": "alice", "payload": {"x": tru}}
            """)
        let refused = try cli.run("append", "--batch", bad)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("line 3"), "\(refused.stderr)")
        #expect(try cli.entryCount() == 3)

        let conflict = try cli.write("conflict.jsonl", """
            {"stream": "model/d", "type": "model.registered", "actor": "alice", "payload": {}}
            {"stream": "model/a", "type": "model.tier.changed", "actor": "alice", "payload": {}, "expectedVersion": 1}
            """)
        let raced = try cli.run("append", "--batch", conflict)
        #expect(raced.status == 2)
        #expect(raced.stderr.contains("line 2"), "\(raced.stderr)")
        #expect(try cli.entryCount() == 3)

        let unknown = try cli.write("unknown.jsonl", #"{"stream": "model/e", "type": "a.b", "actor": "x", "payload": {}, "seq": 4}"#)
        let refusedUnknown = try cli.run("append", "--batch", unknown)
        #expect(refusedUnknown.status == 2)
        #expect(refusedUnknown.stderr.contains("unknown key \"seq\""))
    }

    @Test func verifyNamesTheFirstTamperedSeq() throws {
        let cli = try initialized()
        let lines = (0..<5).map { #"{"stream": "model/a", "type": "test.recorded", "actor": "alice", "payload": {"i": \#($0)}}"# }
        #expect(try cli.run("append", "--batch", try cli.write("b.jsonl", lines.joined(separator: "\n"))).status == 0)
        #expect(try cli.sqlite3("""
            DROP TRIGGER entry_header_no_update;
            UPDATE entry_header SET header = CAST(replace(CAST(header AS TEXT), '"actor":"alice"', '"actor":"mallory"') AS BLOB) WHERE seq = 2;
            """) == 0)
        let result = try cli.run("verify")
        #expect(result.status == 1)
        #expect(result.stderr.contains("verification failed at seq 2"), "\(result.stderr)")
        let json = try cli.run("verify", "--json")
        #expect(json.status == 1)
        #expect(try JSONValue.parse(json.stdout.trimmingCharacters(in: .newlines))["firstBadSeq"]?.intValue == 2)
    }

    @Test func verifyFailsWhenAPayloadIsDeletedBehindItsBack() throws {
        let cli = try initialized()
        for index in 0..<3 {
            #expect(try cli.run("append", "--stream", "model/a", "--type", "test.recorded", "--actor", "a", "--payload", #"{"i": \#(index)}"#).status == 0)
        }
        #expect(try cli.sqlite3("DROP TRIGGER entry_payload_delete_only_purged; DELETE FROM entry_payload WHERE seq = 1;") == 0)
        let result = try cli.run("verify")
        #expect(result.status == 1)
        #expect(result.stderr.contains("seq 1"))
        #expect(result.stderr.contains("payload is missing"))
    }

    @Test func racingProcessesBothLandInOrderOnOneChain() throws {
        let cli = try initialized()
        // Four processes each append a 40-entry batch while four more append single entries.
        var batchFiles: [String] = []
        for worker in 0..<4 {
            let lines = (0..<40).map { #"{"stream": "model/w\#(worker)", "type": "test.recorded", "actor": "w\#(worker)", "payload": {"i": \#($0)}}"# }
            batchFiles.append(try cli.write("w\(worker).jsonl", lines.joined(separator: "\n")))
        }
        var processes = try batchFiles.map { try cli.start(["append", "--batch", $0, "--json"]) }
        processes += try (0..<4).map { worker in
            try cli.start(["append", "--stream", "model/s\(worker)", "--type", "test.recorded", "--actor", "s", "--payload", "{}", "--json"])
        }
        var acknowledged: [[Int]] = []
        for (process, out, err) in processes {
            let data = out.fileHandleForReading.readDataToEndOfFile()
            let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(errors)")
            let value = try JSONValue.parse(Array(data).filter { $0 != 0x0A })
            acknowledged.append(value["entries"]?.arrayValue?.compactMap { $0["seq"]?.intValue } ?? [])
        }
        // Every acknowledged entry landed exactly once; each batch is contiguous.
        #expect(acknowledged.flatMap { $0 }.sorted() == Array(0..<164))
        for seqs in acknowledged.prefix(4) {
            #expect(seqs == Array(seqs[0]..<(seqs[0] + 40)))
        }
        let verify = try cli.run("verify")
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("OK: 164 entries verified"))
    }

    @Test func theDatabaseComesFromFlagThenEnvironmentThenDefault() throws {
        let cli = try CLIHarness()
        let explicit = cli.folder.appendingPathComponent("explicit.db").path
        #expect(try cli.run("init", "--db", explicit).status == 0)
        #expect(FileManager.default.fileExists(atPath: explicit))
        #expect(try cli.run("init").status == 0)
        #expect(FileManager.default.fileExists(atPath: cli.db))
        #expect(try cli.run("init", environment: ["GOVLEDGER_DB": ""]).status == 0)
        #expect(FileManager.default.fileExists(atPath: cli.folder.appendingPathComponent("govledger.db").path))
    }
}
