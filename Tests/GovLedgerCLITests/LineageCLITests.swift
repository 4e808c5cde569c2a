import Foundation
import LedgerCore
import Testing

struct LineageCLITests {
    static let hash = String(repeating: "3c", count: 32)

    static func record(_ id: String, model: String = "fraud", subject: String? = "cust-1", time: String = "2025-01-15T09:30:00.000Z", extra: String = "") -> String {
        let subjectPart = subject.map { #","subject":"\#($0)""# } ?? ""
        return #"{"predictionId":"\#(id)","model":"\#(model)","version":"3.2.0","featureSet":"fraud-features@1.4.0","inputSHA256":"\#(hash)","output":{"score":0.91,"label":"deny","reasonCodes":["R1"]},"time":"\#(time)"\#(subjectPart)\#(extra)}"#
    }

    /// A ledger with its origin, and an environment naming the ingesting principal.
    func ledger() throws -> CLIHarness {
        let cli = try CLIHarness()
        #expect(try cli.run("init", "--origin", "ledger.bank.example/models").status == 0)
        return cli
    }

    let env = ["GOVLEDGER_ACTOR": "ingest@bank.example"]

    /// Whether python3 with the `cryptography` package is there to run the independent checker.
    static let pythonChecks: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import cryptography"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// Runs a script of Tests/Scripts with python3 and returns its exit status; returns
    /// `expected` without running it where python3 or `cryptography` is missing.
    static func python(_ arguments: [String], expected: Int32) throws -> Int32 {
        guard pythonChecks else { return expected }
        let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scripts")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scripts.appendingPathComponent(arguments[0]).path] + arguments.dropFirst()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    func json(_ result: CLIHarness.Result) throws -> JSONValue {
        try JSONValue.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test func jsonLinesAndCSVAreIngestedAsOneEntryPerBatch() throws {
        let cli = try ledger()
        let lines = (0..<5).map { Self.record("txn-\($0)", model: $0 < 3 ? "fraud" : "churn") }
        let file = try cli.write("p.jsonl", lines.joined(separator: "\n") + "\n")
        let result = try cli.run(["lineage", "ingest", file, "--batch-size", "2", "--json"], environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try json(result)
        #expect(report["records"]?.intValue == 5)
        #expect(report["batches"]?.arrayValue?.map { $0["model"]?.stringValue ?? "" } == ["fraud", "fraud", "churn"])
        // The process closed the ledger before exiting: one file, its write-ahead log copied in.
        #expect(!FileManager.default.fileExists(atPath: cli.db + "-wal"))
        #expect(try cli.entryCount() == 3)
        let csv = try cli.write("p.csv", """
            predictionId,model,version,featureSet,inputSHA256,output.score,output.reasonCodes,time,subject
            csv-1,fraud,3.2.0,fraud-features@1.4.0,\(Self.hash),0.2,R1;R9,2025-01-15T09:31:00.000Z,cust-7
            csv-2,fraud,3.2.0,fraud-features@1.4.0,\(Self.hash),0.3,,2025-01-15T09:32:00.000Z,

            """)
        let fromCSV = try cli.run(["lineage", "ingest", csv], environment: env)
        #expect(fromCSV.status == 0, "\(fromCSV.stderr)")
        #expect(fromCSV.stdout.contains("Recorded 2 predictions in 1 batch entry"))
        let shown = try json(try cli.run("lineage", "show", "csv-1", "--json"))
        #expect(shown["record"]?["output"]?["reasonCodes"] == ["R1", "R9"])
        #expect(shown["batch"]?["seq"]?.intValue == 3)
        #expect(try cli.run("verify").status == 0)
    }

    @Test func ingestionsThatLeaveTheirMergeAreCompactedLater() throws {
        let cli = try ledger()
        // Eight ingestions fill the smallest size class of both kinds of runs.
        for file in 0..<8 {
            let path = try cli.write("p\(file).jsonl", Self.record("txn-\(file)", subject: "cust-\(file)") + "\n")
            let result = try cli.run(["lineage", "ingest", path, "--no-merge"], environment: env)
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(try cli.run("lineage", "show", "txn-3").status == 0)
        let compacted = try cli.run("lineage", "compact", "--json")
        #expect(compacted.status == 0, "\(compacted.stderr)")
        let report = try json(compacted)
        #expect(report["merges"]?.intValue == 2 && report["idRuns"]?.intValue == 1 && report["subjectRuns"]?.intValue == 1, "\(report)")
        let again = try cli.run("lineage", "compact")
        #expect(again.stdout.contains("No merge was due; a lookup now probes 1 id run and 1 subject run."), "\(again.stdout)")
        for file in 0..<8 { #expect(try cli.run("lineage", "show", "txn-\(file)").status == 0) }
        #expect(try cli.run("verify").status == 0)
    }

    @Test func everyBadRecordIsReportedWithItsLineAndNothingIsWritten() throws {
        let cli = try ledger()
        let lines = [
            Self.record("ok-1"),
            Self.record("bad-hash").replacingOccurrences(of: Self.hash, with: "abc"),
            Self.record("ok-2"),
            Self.record("ok-1"),
            Self.record("future", time: "2999-01-01T00:00:00.000Z"),
            Self.record("extra", extra: #","region":"eu""#),
            "{not json",
        ]
        let file = try cli.write("bad.jsonl", lines.joined(separator: "\n"))
        let result = try cli.run(["lineage", "ingest", file], environment: env)
        #expect(result.status == 2)
        #expect(result.stderr.contains("5 bad records; nothing was written"))
        for (line, text) in [(2, "inputSHA256"), (4, "duplicates the record on line 1"), (5, "ahead of the ledger's clock"), (6, "region: unknown member"), (7, "Invalid JSON")] {
            #expect(result.stderr.contains("line \(line)") && result.stderr.contains(text), "line \(line): \(result.stderr)")
        }
        let asJSON = try json(try cli.run(["lineage", "ingest", file, "--json"], environment: env))
        #expect(asJSON["problems"]?.arrayValue?.compactMap { $0["line"]?.intValue } == [2, 4, 5, 6, 7])
        #expect(try cli.entryCount() == 0)
    }

    @Test func duplicatesAgainstTheLedgerRejectTheFile() throws {
        let cli = try ledger()
        let first = try cli.write("a.jsonl", [Self.record("txn-1"), Self.record("txn-2")].joined(separator: "\n"))
        #expect(try cli.run(["lineage", "ingest", first], environment: env).status == 0)
        let second = try cli.write("b.jsonl", [Self.record("txn-3"), Self.record("txn-2"), Self.record("txn-4")].joined(separator: "\n"))
        let result = try cli.run(["lineage", "ingest", second], environment: env)
        #expect(result.status == 2)
        #expect(result.stderr.contains("line 2 (predictionId 'txn-2'): predictionId: already recorded in the batch entry at seq 0"), "\(result.stderr)")
        #expect(try cli.entryCount() == 1)
        #expect(try cli.run("lineage", "show", "txn-3").status == 2)
    }

    /// A file read in segments (here of about four lines) is still one transaction: line numbers
    /// run on across segments, a bad record in a later segment leaves nothing written, and so
    /// does an id repeated in two segments.
    @Test func aFileReadInSegmentsIsWrittenWholeOrNotAtAll() throws {
        let cli = try ledger()
        let segment = ["--segment-bytes", "\(Self.record("txn-00").utf8.count * 4)"]
        let lines = (0..<30).map { Self.record(String(format: "txn-%02d", $0), model: $0 % 3 == 0 ? "churn" : "fraud") }
        var bad = lines
        bad[25] = Self.record("txn-25", time: "2999-01-01T00:00:00.000Z")
        let refused = try cli.run(["lineage", "ingest", try cli.write("bad.jsonl", bad.joined(separator: "\n"))] + segment, environment: env)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("line 26 (predictionId 'txn-25')"), "\(refused.stderr)")
        var repeated = lines
        repeated[27] = Self.record("txn-02")
        let twice = try cli.run(["lineage", "ingest", try cli.write("twice.jsonl", repeated.joined(separator: "\n"))] + segment, environment: env)
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("line 28 (predictionId 'txn-02'): predictionId: already recorded earlier in this ingestion"), "\(twice.stderr)")
        #expect(try cli.entryCount() == 0)

        let result = try cli.run(["lineage", "ingest", try cli.write("p.jsonl", lines.joined(separator: "\n") + "\n"), "--json"] + segment, environment: env)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try json(result)
        #expect(report["records"]?.intValue == 30)
        #expect(report["batches"]?.arrayValue?.reduce(0) { $0 + ($1["count"]?.intValue ?? 0) } == 30)
        #expect(try cli.entryCount() == report["batches"]?.arrayValue?.count)
        #expect(try cli.run("lineage", "show", "txn-29").status == 0)
        #expect(try cli.run("verify").status == 0)
    }

    @Test func aCSVWithMissingColumnsIsRefusedNamingThem() throws {
        let cli = try ledger()
        let csv = try cli.write("p.csv", "predictionId,model,featureSet,output.score,time\ncsv-1,fraud,fs,0.2,2025-01-15T09:31:00.000Z\n")
        let result = try cli.run(["lineage", "ingest", csv], environment: env)
        #expect(result.status == 2)
        #expect(result.stderr.contains("lacks the columns version, inputSHA256"), "\(result.stderr)")
        #expect(try cli.entryCount() == 0)
    }

    @Test func theProofFileVerifiesOfflineAndFailsWhenAltered() throws {
        let cli = try ledger()
        let file = try cli.write("p.jsonl", (0..<9).map { Self.record("txn-\($0)") }.joined(separator: "\n"))
        #expect(try cli.run(["lineage", "ingest", file, "--batch-size", "4"], environment: env).status == 0)
        let noCheckpoint = try cli.run("lineage", "show", "txn-5", "--proof", cli.folder.appendingPathComponent("x.json").path)
        #expect(noCheckpoint.status == 2)
        let key = cli.folder.appendingPathComponent("k.key").path
        let verifierKey = try cli.run("keys", "generate", "--name", "ledger.bank.example", "--out", key).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try cli.run("checkpoint", "--key", key).status == 0)
        let proof = cli.folder.appendingPathComponent("txn-5.json").path
        let shown = try cli.run("lineage", "show", "txn-5", "--proof", proof)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("both levels hold"))
        try FileManager.default.removeItem(atPath: cli.db)
        let checked = try cli.run("verify-proof", proof, "--key", verifierKey, "--origin", "ledger.bank.example/models", "--json")
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(try json(checked)["predictionId"] == "txn-5")
        #expect(try json(checked)["position"]?.intValue == 1)
        // The independent Python checker agrees (docs/lineage.md): no govledger code involved.
        #expect(try Self.python(["check_lineage_proof.py", proof, verifierKey, "--origin", "ledger.bank.example/models"], expected: 0) == 0)
        let original = try String(contentsOfFile: proof, encoding: .utf8)
        for (name, edit, status) in [
            ("score", { (text: String) in text.replacingOccurrences(of: #""score":0.91"#, with: #""score":0.19"#) }, Int32(1)),
            ("position", { (text: String) in text.replacingOccurrences(of: #""position":1"#, with: #""position":2"#) }, 1),
            ("root", { (text: String) in text.replacingOccurrences(of: #""count":4"#, with: #""count":5"#) }, 1),
            ("format", { (text: String) in text.replacingOccurrences(of: "lineage-proof/v1", with: "lineage-proof/v9") }, 2),
        ] as [(String, (String) -> String, Int32)] {
            let altered = try cli.write("\(name).json", edit(original))
            #expect(edit(original) != original, "\(name) changed nothing")
            let result = try cli.run("verify-proof", altered, "--key", verifierKey)
            #expect(result.status == status, "\(name): \(result.stderr)")
            #expect(try Self.python(["check_lineage_proof.py", altered, verifierKey], expected: status) == status, "\(name) (Python)")
        }
    }

    @Test func erasureKeepsProofsAndVerifyTellsErasedFromTampered() throws {
        let cli = try ledger()
        let lines = (0..<6).map { Self.record("txn-\($0)", subject: $0 % 2 == 0 ? "cust-even" : "cust-odd") }
        #expect(try cli.run(["lineage", "ingest", try cli.write("p.jsonl", lines.joined(separator: "\n"))], environment: env).status == 0)
        let erased = try cli.run(["lineage", "erase", "--subject", "cust-even", "--reason", "GDPR Art. 17 request 2025-117", "--json"], environment: env)
        #expect(erased.status == 0, "\(erased.stderr)")
        #expect(try json(erased)["erased"]?.intValue == 3)
        let shown = try cli.run("lineage", "show", "txn-2")
        #expect(shown.stdout.contains("ERASED by the erasure.performed entry at seq 1"))
        let key = cli.folder.appendingPathComponent("k.key").path
        let verifierKey = try cli.run("keys", "generate", "--name", "ledger.bank.example", "--out", key).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try cli.run("checkpoint", "--key", key).status == 0)
        let proof = cli.folder.appendingPathComponent("erased.json").path
        #expect(try cli.run("lineage", "show", "txn-2", "--proof", proof).status == 0)
        let checked = try cli.run("verify-proof", proof, "--key", verifierKey, "--json")
        #expect(checked.status == 0, "\(checked.stderr)")
        #expect(try json(checked)["erasedBy"]?.intValue == 1)
        #expect(try Self.python(["check_lineage_proof.py", proof, verifierKey], expected: 0) == 0)
        let verified = try cli.run("verify")
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.contains("3 records match their leaves, 3 erased records covered"))
        // Someone with file access alters a record that was not erased.
        #expect(try cli.sqlite3("DROP TRIGGER lineage_chunk_no_update; UPDATE lineage_chunk SET records = CAST(replace(CAST(records AS TEXT), 'deny', 'okay') AS BLOB) WHERE key = 0;") == 0)
        let tampered = try cli.run("verify")
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("tampered, not erased"), "\(tampered.stderr)")
        #expect(try cli.run("lineage", "verify").status == 1)
    }

    @Test func erasureWaitsForALegalHold() throws {
        let cli = try ledger()
        #expect(try cli.run("append", "--stream", "model/fraud", "--type", "model.registered", "--actor", "alice", "--payload", "{}").status == 0)
        #expect(try cli.run(["lineage", "ingest", try cli.write("p.jsonl", Self.record("txn-1"))], environment: env).status == 0)
        #expect(try cli.run(["hold", "place", "fraud", "--case", "CASE-9", "--reason", "litigation"], environment: env).status == 0)
        let refused = try cli.run(["lineage", "erase", "--subject", "cust-1", "--reason", "request"], environment: env)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("legal hold (case CASE-9)"), "\(refused.stderr)")
        #expect(try cli.entryCount() == 3)
    }
}
