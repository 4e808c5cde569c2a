import Foundation
import Testing
@testable import LedgerCore

/// The ingestion fast paths must give exactly what the general paths give.
struct LineageFastPathTests {
    /// Texts that need no escape, texts that do, and texts beyond ASCII.
    static let texts = [
        "fraud-features@1.4.0", "a", "deny", "say \"no\"", #"back\slash"#, "Zürich", "日本語", "emoji 🙂 ok", "line\u{2028}sep",
        "tab-free ~!@#$%^&*()", "é",
    ]

    /// Scores the usual short decimals are written for, and the numbers around the edges of that path.
    static let scores: [Double?] = [
        nil, 0, -0.0, 1, -1, 0.5, 0.93, 0.1, 0.3, 1.0 / 3, 2.0 / 3, 123.456, -2.5, 0.000001, 0.0000015, 0.00000099,
        1e-7, 999_999_999_999_999, 999_999_999_999_999.5, 123_456_789.012345, 0.1 + 0.2, 9_007_199_254_740_993,
        1e21, 1.5e300, 5e-324, 0.30000000000000004, 1e-6, 12_345_678_901_234.5,
    ]

    static func record(label: String?, codes: [String]?, score: Double?, featureSet: String, subject: String?) throws -> PredictionRecord {
        try PredictionRecord(
            predictionId: PredictionID("txn-1")!, model: "fraud", version: "3.2.0-rc.1", featureSet: featureSet,
            inputSHA256: SHA256.hash(Array("x".utf8)), output: .init(score: score, label: label, reasonCodes: codes),
            time: Timestamp("2025-01-15T09:30:00.000Z")!, subject: subject.map { SubjectKey($0)! })
    }

    @Test func thePlainCanonicalWriterWritesWhatTheJCSEncoderWrites() throws {
        var generator = SplitMix64(state: 7)
        var scores = Self.scores
        for _ in 0..<300 {
            let bits = Double(bitPattern: generator.next())
            if bits.isFinite { scores.append(bits) }
            scores.append(Double(Int.random(in: -10_000_000...10_000_000, using: &generator)) / 10_000)
        }
        var plain = 0
        for (index, score) in scores.enumerated() {
            let label = index % 5 == 4 && score != nil ? nil : Self.texts[index % Self.texts.count]
            let codes = index % 3 == 0 ? nil : Array(Self.texts.shuffled(using: &generator).prefix(1 + index % 4))
            let featureSet = Self.texts[(index / 2) % Self.texts.count]
            let record = try Self.record(label: label, codes: codes, score: score, featureSet: featureSet, subject: index % 2 == 0 ? "cust-\(index)" : nil)
            let expected = record.json.canonicalBytes()
            var appended: [UInt8] = []
            record.appendCanonical(to: &appended)
            #expect(appended == expected, "\(String(decoding: expected, as: UTF8.self))")
            #expect(record.canonicalBytes() == expected, "\(String(decoding: expected, as: UTF8.self))")
            if let written = record.plainCanonicalBytes() {
                plain += 1
                #expect(written == expected)
            } else {
                // Only a string that needs an escape or an unusual score leaves the plain writer.
                let escaped = ([featureSet, label ?? ""] + (codes ?? [])).contains { $0.contains("\"") || $0.contains("\\") }
                #expect(escaped || score.map { Self.commonNumber($0) == nil } == true, "\(String(describing: score))")
            }
        }
        // Records without such strings or numbers are common enough here that many take the plain writer.
        #expect(plain > 100, "the plain writer ran for \(plain) of \(scores.count) records")
    }

    /// What the common-number writer writes for `number`, if it takes it.
    static func commonNumber(_ number: Double) -> [UInt8]? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: JCS.maxCommonNumberBytes) { buffer in
            JCS.writeCommonNumber(number, into: buffer.baseAddress!).map { Array(buffer[..<$0]) }
        }
    }

    @Test func commonNumbersAreWrittenLikeECMAScript() {
        // Short decimals of every length and position, where the common writer should take most.
        var generator = SplitMix64(state: 11)
        var taken = 0
        var values = Self.scores.compactMap { $0 }
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...17, using: &generator)
            var mantissa: Int64 = 0
            for _ in 0..<digits { mantissa = mantissa * 10 + Int64.random(in: 0...9, using: &generator) }
            let value: Double = Double("\(mantissa)e-\(Int.random(in: 0...20, using: &generator))")!
            values.append(generator.next() % 2 == 0 ? value : -value)
        }
        for value in values {
            guard let common = Self.commonNumber(value) else { continue }
            taken += 1
            if value == 0 || (value.rounded(.towardZero) == value && abs(value) < 9_007_199_254_740_992) {
                #expect(common == Array((value == 0 ? "0" : String(Int64(value))).utf8))
            } else {
                var laidOut: [UInt8] = []
                JCS.appendNumberLaidOut(value, to: &laidOut)
                #expect(common == laidOut, "\(value)")
            }
        }
        #expect(taken > values.count / 2)
    }

    @Test func theScannerConvertsDecimalsAsTheStrictParserDoes() throws {
        var generator = SplitMix64(state: 3)
        var texts = ["0.0", "-0.0", "0.93", "1.000", "0.000000000000000000001", "123456789012.345", "1234567890123.456", "9007199254740993.0"]
        for _ in 0..<3_000 {
            let integer = String(Int.random(in: 0...999_999, using: &generator) >> Int.random(in: 0...19, using: &generator))
            var fraction = ""
            for _ in 0..<Int.random(in: 1...19, using: &generator) { fraction += String(Int.random(in: 0...9, using: &generator)) }
            texts.append((generator.next() % 3 == 0 ? "-" : "") + integer + "." + fraction)
        }
        for text in texts {
            let line = LineageFixtures.line("t1").replacingOccurrences(of: "0.93", with: text)
            let strict = try PredictionRecord.parse(JSONValue.parse(line)).get()
            let scanned = try #require(Array(line.utf8).withUnsafeBufferPointer(PredictionRecord.scan), "\(text)")
            #expect(scanned.output.score?.bitPattern == strict.output.score?.bitPattern, "\(text)")
        }
    }

    @Test func textsCheckedOnEarlierLinesAreReusedOnlyForTheSameMember() throws {
        // More distinct models and versions than are kept, repeated; a model's bytes as a version
        // (invalid) and a version's as a feature set (valid) after both were seen.
        var lines: [String] = []
        for index in 0..<200 {
            let model = "model-\(index % 23)"
            lines.append(LineageFixtures.line("t\(index)", model: model).replacingOccurrences(of: "3.2.0", with: "3.\(index % 19).0"))
        }
        lines.append(LineageFixtures.line("bad-version").replacingOccurrences(of: "3.2.0", with: "model-1"))
        lines.append(LineageFixtures.line("good-feature-set").replacingOccurrences(of: "fraud-features@1.4.0", with: "3.1.0"))
        lines.append(LineageFixtures.line("bad-model", model: "3.1.0+x"))
        let input = LineageFixtures.input(lines)
        #expect(input.problems.map(\.line) == [201, 203])
        #expect(input.records.count == 201)
        for item in input.records {
            let strict = try PredictionRecord.parse(JSONValue.parse(lines[item.line - 1])).get()
            #expect(item.record == strict)
        }
    }

    @Test func aReasonCodeWithACharacterEqualToASemicolonIsRefused() throws {
        // U+037E GREEK QUESTION MARK is canonically equivalent to ';', which the codes reserve.
        for code in ["R;1", "R\u{37E}1", "Zürich;"] {
            let line = LineageFixtures.line("t1").replacingOccurrences(of: #""R7""#, with: "\"\(code)\"")
            let input = LineageFixtures.input([line])
            #expect(input.records.isEmpty, "\(code)")
            #expect(input.problems.first?.reasons.contains { $0.message.contains("cannot contain ';'") } == true, "\(code)")
        }
        #expect(LineageFixtures.input([LineageFixtures.line("t1").replacingOccurrences(of: #""R7""#, with: #""Zürich""#)]).records.count == 1)
    }

    @Test func everyLaterDuplicateNamesTheFirstLine() {
        let input = LineageFixtures.input([
            LineageFixtures.line("t1"), LineageFixtures.line("t2"), LineageFixtures.line("t1"), LineageFixtures.line("t1"),
            LineageFixtures.line("t2"),
        ])
        let problems = LineageChecks(clock: LineageFixtures.clock).problems(in: input)
        #expect(problems.map(\.line) == [3, 4, 5])
        #expect(problems.map { $0.reasons.first?.message ?? "" } == [
            "duplicates the record on line 1; each prediction is recorded once",
            "duplicates the record on line 1; each prediction is recorded once",
            "duplicates the record on line 2; each prediction is recorded once",
        ])
    }

    /// Records the reader prepares (canonical bytes written from the line into shared blocks,
    /// hashes computed while reading) plan into exactly the batches of the same records made in
    /// memory, across several blocks and with records that need escapes.
    @Test func recordsReadFromAFilePlanIntoTheSameBatchesAsRecordsMadeInMemory() throws {
        var lines: [String] = []
        for index in 0..<4_000 {
            var line = LineageFixtures.line("t\(index)", model: index % 3 == 0 ? "fraud" : "churn", subject: index % 2 == 0 ? "cust-\(index % 50)" : nil)
            if index % 97 == 0 { line = line.replacingOccurrences(of: #""label":"deny""#, with: #""label":"say \"no\" Z\u00fcrich""#) }
            lines.append(line)
        }
        let input = LineageFixtures.input(lines)
        #expect(input.problems.isEmpty)
        let made = try lines.enumerated().map { index, line in
            LineageInputRecord(line: index + 1, record: try PredictionRecord.parse(JSONValue.parse(line)).get())
        }
        #expect(made == input.records)
        let read = LineageBatch.plan(input.records, size: 1_000)
        let planned = LineageBatch.plan(made, size: 1_000)
        #expect(read.map(\.payload) == planned.map(\.payload))
        #expect(read.map(\.records) == planned.map(\.records))
        #expect(read.map(\.tree.bytes) == planned.map(\.tree.bytes))
        // More than one block was filled, and every record's bytes are its own canonical bytes.
        #expect(input.records.reduce(0) { $0 + $1.prepared.canonical.count } > CanonicalArena().blockBytes)
        for item in input.records {
            #expect(Array(item.prepared.canonical) == item.record.json.canonicalBytes())
            #expect(item.prepared.leaf == item.record.leafHash)
            #expect(item.prepared.idHash == LineageKeyHash.of(item.record.predictionId.rawValue))
            #expect(item.prepared.subjectHash == item.record.subject.map { LineageKeyHash.of($0.rawValue) })
            #expect([item.model, item.version, item.featureSet] == [item.record.model, item.record.version, item.record.featureSet])
            #expect(item.time == item.record.time)
        }
    }

    /// The fast path writes canonical bytes from the line itself: spaces anywhere, reason codes
    /// of any count, labels and subjects present or not, texts beyond ASCII give JCS of the
    /// record the strict parser reads; escapes are left to the strict parser.
    @Test func theFastPathWritesTheCanonicalBytesOfTheLine() throws {
        let variants = [
            #"{"predictionId":"p-1","model":"fraud","version":"3.2.0","featureSet":"f@1","inputSHA256":"\#(String(repeating: "ab", count: 32))","output":{"score":0.5,"reasonCodes":["R1","R2"]},"time":"2025-01-15T09:30:00.000Z"}"#,
            #" { "time" : "2025-01-15T09:30:00.000Z" , "predictionId" : "p-2" , "model":"fraud","version":"3.2.0","featureSet":"f@1","inputSHA256":"\#(String(repeating: "0f", count: 32))","output": { "reasonCodes" : [ "R1" ,"R 2",  "R3" ] , "label" : "a b" } , "subject" : "c-9" } "#,
            #"{"predictionId":"p-3","model":"fraud","version":"3.2.0","featureSet":"f@1","inputSHA256":"\#(String(repeating: "00", count: 32))","output":{"label":"deny","reasonCodes":[ "only" ]},"time":"2025-01-15T09:30:00.000Z","subject":"c-1"}"#,
            #"{"predictionId":"p-4","model":"fraud","version":"3.2.0","featureSet":"f@1","inputSHA256":"\#(String(repeating: "00", count: 32))","output":{"score":1e400},"time":"2025-01-15T09:30:00.000Z"}"#,
            #"{"predictionId":"p-5","model":"fraud","version":"3.2.0","featureSet":"f@1","inputSHA256":"\#(String(repeating: "00", count: 32))","output":{"score":2.5e-8,"label":"Zürich"},"time":"2025-01-15T09:30:00.000Z"}"#,
            #"{"predictionId":"p-6","model":"fraud","version":"3.2.0","featureSet":"f@1","inputSHA256":"\#(String(repeating: "00", count: 32))","output":{"score":0.1,"reasonCodes":["Zürich","R\u0031"]},"time":"2025-01-15T09:30:00.000Z"}"#,
        ]
        let input = LineageFixtures.input(variants)
        #expect(input.problems.map(\.line) == [4], "a score beyond a double is refused")
        #expect(input.records.map(\.line) == [1, 2, 3, 5, 6])
        var texts = ScannedTexts()
        var scanned = 0
        for item in input.records {
            let line = variants[item.line - 1]
            let strict = try PredictionRecord.parse(JSONValue.parse(line)).get()
            #expect(item.record == strict)
            #expect(Array(item.prepared.canonical) == strict.json.canonicalBytes(), "\(line)")
            if let fast = Array(line.utf8).withUnsafeBufferPointer({ ScannedRecord.scan($0, reusing: &texts) }) {
                scanned += 1
                #expect(fast.record == strict)
            }
        }
        #expect(scanned == 4, "the lines without escapes take the fast path")
    }

    @Test func settingARecordPreparesTheNewOne() throws {
        var item = try #require(LineageFixtures.input([LineageFixtures.line("t1", model: "fraud")]).records.first)
        let other = try #require(LineageFixtures.input([LineageFixtures.line("t2", model: "churn")]).records.first)
        item.record = other.record
        #expect(item == other)
        #expect(item.model == "churn")
        #expect(item.prepared.leaf == other.prepared.leaf && item.prepared.idHash == other.prepared.idHash)
        #expect(LineageBatch.plan([item], size: 1)[0].records[0].canonicalBytes == other.prepared.canonical)
    }

    /// Two different ids whose 64-bit keys collide are not duplicates; a repeat of either is.
    @Test func idsWhoseKeysCollideAreComparedAsTexts() throws {
        var input = LineageFixtures.input([
            LineageFixtures.line("t1"), LineageFixtures.line("t2"), LineageFixtures.line("t3"), LineageFixtures.line("t2"),
            LineageFixtures.line("t1"),
        ])
        let forged = input.records[0].prepared.idHash
        for index in input.records.indices { input.records[index].prepared.idHash = forged }
        let problems = LineageChecks(clock: LineageFixtures.clock).problems(in: input)
        #expect(problems.map(\.line) == [4, 5])
        #expect(problems.map { $0.reasons.first?.message ?? "" } == [
            "duplicates the record on line 2; each prediction is recorded once",
            "duplicates the record on line 1; each prediction is recorded once",
        ])
    }

    @Test func canonicalRecordBytesReadAsTheirBytes() {
        let text = Array(#"{"model":"m"}"#.utf8)
        let bytes = CanonicalRecordBytes(text)
        #expect(Array(bytes) == text)
        #expect(bytes == CanonicalRecordBytes(text))
        #expect(bytes != CanonicalRecordBytes(Array(#"{"model":"n"}"#.utf8)))
        #expect(Set([bytes, CanonicalRecordBytes(text)]).count == 1)
        #expect(bytes.description == #"{"model":"m"}"#)
        #expect(CanonicalRecordBytes([]).isEmpty)
    }

    /// A segment read where it lies in the file, on one core or several, gives the file's own
    /// records and problems with the file's line numbers.
    @Test func aSegmentIsReadWithTheFilesLineNumbers() async throws {
        var lines = (0..<6_000).map { LineageFixtures.line("t\($0)") }
        lines[2_600] = "{not json"
        lines[4_100] = ""
        let bytes = Array(lines.joined(separator: "\n").utf8)
        let whole = LineageInput.readJSONLines(bytes)
        // The segment starts after line 1,000 and ends after line 5,500.
        let ends = bytes.indices.filter { bytes[$0] == 0x0A }
        let segment = bytes[(ends[999] + 1)...ends[5_499]]
        #expect(LineageInput.lineFeeds(in: segment) == 4_500)
        #expect(segment.count > 1 << 20, "large enough to be read in parts")
        for parts in [1, 2, 3] {
            let read = await LineageInput.readJSONLines(segment, firstLine: 1_001, parts: parts)
            #expect(read.records == whole.records.filter { (1_001...5_500).contains($0.line) }, "\(parts) parts")
            #expect(read.problems == whole.problems, "\(parts) parts")
            #expect(read.problems.map(\.line) == [2_601], "\(parts) parts")
        }
    }
}
