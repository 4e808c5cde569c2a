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
}
