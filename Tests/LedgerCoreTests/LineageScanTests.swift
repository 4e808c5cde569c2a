import Foundation
import Testing
@testable import LedgerCore

/// The ingestion fast path must read exactly what the strict general parser reads.
struct LineageScanTests {
    static let base = LineageFixtures.line("t1", subject: "cust-1")

    static let variants: [(String, Bool)] = [
        (base, true),
        (" \t" + base + " \r", true),
        (base.replacingOccurrences(of: "\":", with: "\" : ").replacingOccurrences(of: ",\"", with: " , \""), true),
        (base.replacingOccurrences(of: "0.93", with: "9.3e-1"), true),
        (base.replacingOccurrences(of: "0.93", with: "-0"), true),
        (base.replacingOccurrences(of: "0.93", with: "123456789012345"), true),
        (base.replacingOccurrences(of: "0.93", with: "1234567890123456"), false),  // strict parser's big-integer rule
        (base.replacingOccurrences(of: "0.93", with: "1e400"), false),
        (base.replacingOccurrences(of: "0.93", with: "01"), false),
        (base.replacingOccurrences(of: "0.93", with: ".5"), false),
        (base.replacingOccurrences(of: "deny", with: "Zürich"), true),
        (base.replacingOccurrences(of: "deny", with: "d\\u0065ny"), false),  // escapes: general path
        (base.replacingOccurrences(of: "deny", with: "a\tb"), false),
        (base.replacingOccurrences(of: "\"model\"", with: "\"m\\u006fdel\""), false),
        (base.replacingOccurrences(of: "}", with: ",\"model\":\"x\"}"), false),  // a repeated member
        (base + "x", false),
        (base.replacingOccurrences(of: "\"label\":\"deny\",", with: ""), true),
        (base.replacingOccurrences(of: "[\"R1\",\"R7\"]", with: "[ \"R1\" , \"R7\" ]"), true),
        (base.replacingOccurrences(of: "3.2.0", with: "3.2"), false),
    ]

    @Test(arguments: variants)
    func theFastPathAgreesWithTheStrictParser(line: String, fast: Bool) throws {
        let bytes = Array(line.utf8)
        let scanned = bytes.withUnsafeBufferPointer(PredictionRecord.scan)
        let strict = (try? JSONValue.parse(bytes)).flatMap { try? PredictionRecord.parse($0).get() }
        #expect((scanned != nil) == fast, "fast path taken: \(scanned != nil)")
        if let scanned { #expect(scanned == strict) }
        // Whatever path reads it, the file reader's verdict is the strict parser's.
        let input = LineageInput.readJSONLines(bytes)
        #expect(input.records.first?.record == strict)
    }

    @Test func invalidUTF8IsLeftToTheStrictParser() {
        var bytes = Array(Self.base.utf8)
        let at = bytes.firstIndex(of: UInt8(ascii: "d"))!
        bytes[at] = 0xC3  // a lead byte without its continuation
        #expect(bytes.withUnsafeBufferPointer(PredictionRecord.scan) == nil)
        #expect(LineageInput.readJSONLines(bytes).problems.count == 1)
    }
}
