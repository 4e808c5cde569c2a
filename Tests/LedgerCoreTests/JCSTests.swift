import Foundation
import Testing
@testable import LedgerCore

struct JCSTests {
    struct CanonicalCase: Decodable, CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let expected_hex: String
        var testDescription: String { name }
    }

    struct RejectCase: Decodable, CustomTestStringConvertible, Sendable {
        let name: String
        let input_hex: String
        let reason: String
        var testDescription: String { name }
    }

    struct NumberCase: Decodable, Sendable {
        let bits: String
        let expected: String
    }

    static let canonicalCases: [CanonicalCase] = (try? Fixture.load("jcs-canonical")) ?? []
    static let rejectCases: [RejectCase] = (try? Fixture.load("jcs-reject")) ?? []

    @Test func fixturesAreLoaded() {
        #expect(Self.canonicalCases.count > 100)
        #expect(Self.rejectCases.count > 100)
    }

    @Test(arguments: canonicalCases)
    func canonicalizes(_ testCase: CanonicalCase) throws {
        let value = try JSONValue.parse(Array(testCase.input.utf8))
        #expect(value.canonicalBytes() == Fixture.hex(testCase.expected_hex))
    }

    @Test(arguments: canonicalCases)
    func canonicalFormIsAFixedPoint(_ testCase: CanonicalCase) throws {
        // serialize(parse(serialize(x))) == serialize(x)
        let once = try JSONValue.parse(Array(testCase.input.utf8)).canonicalBytes()
        let twice = try JSONValue.parse(once).canonicalBytes()
        #expect(once == twice)
    }

    @Test(arguments: rejectCases)
    func rejects(_ testCase: RejectCase) {
        #expect(throws: LedgerError.self, "\(testCase.reason)") {
            try JSONValue.parse(Fixture.hex(testCase.input_hex))
        }
    }

    @Test func formatsEveryNumberLikeECMAScript() throws {
        let cases: [NumberCase] = try Fixture.load("jcs-numbers")
        #expect(cases.count > 2000)
        var failures: [String] = []
        for testCase in cases {
            let value = Double(bitPattern: UInt64(testCase.bits, radix: 16)!)
            var out: [UInt8] = []
            JCS.appendNumber(value, to: &out)
            let text = String(decoding: out, as: UTF8.self)
            if text != testCase.expected { failures.append("\(testCase.bits): \(text) != \(testCase.expected)") }
            // The formatted number parses back to the same double.
            if let back = try? JSONValue.parse(out), back != .number(value), !(value == 0) {
                failures.append("\(testCase.bits): \(text) parses back as \(back)")
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
    }

    @Test func theDirectNumberPathLaysOutLikeECMAScript() {
        // Random bit patterns (every magnitude) and decimal-looking values (the usual payload).
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0.1, -0.1, 0.0001, 0.00012345, 0.000099999, 123.456, 1e-7, 5e-324, 1.5e300, 4503599627370495.5, -2.5]
        for _ in 0..<20_000 {
            let bits = Double(bitPattern: generator.next())
            if bits.isFinite { values.append(bits) }
            values.append(Double(Int.random(in: -10_000_000...10_000_000, using: &generator)) / [10, 100, 1000, 10_000, 1e6, 1e9][Int.random(in: 0..<6, using: &generator)])
        }
        for value in values where value.rounded(.towardZero) != value || abs(value) >= 9_007_199_254_740_992 {
            var direct: [UInt8] = []
            JCS.appendNumber(value, to: &direct)
            var laidOut: [UInt8] = []
            JCS.appendNumberLaidOut(value, to: &laidOut)
            #expect(direct == laidOut, "\(value)")
        }
    }

    @Test func refusesNonFiniteNumbers() throws {
        struct Invalid: Decodable { let bits: String }
        let cases: [Invalid] = try Fixture.load("jcs-numbers-invalid")
        for testCase in cases {
            let value = JSONValue.array([.number(Double(bitPattern: UInt64(testCase.bits, radix: 16)!))])
            #expect(throws: LedgerError.self) { try value.canonicalBytesChecked() }
        }
    }

    @Test func keysDifferingOnlyInNormalizationStayDistinct() throws {
        let value = try JSONValue.parse(Array("{\"e\u{301}\":1,\"\u{e9}\":2}".utf8))
        #expect(value.objectValue?.count == 2)
        #expect(value.canonicalBytes() == Array("{\"e\u{301}\":1,\"\u{e9}\":2}".utf8))
    }

    @Test func duplicateKeyMessageNamesTheKey() {
        let error = #expect(throws: LedgerError.self) { try JSONValue.parse(#"{"tier":1,"tier":2}"#) }
        #expect(error?.message.contains("duplicate key \"tier\"") == true)
        #expect(error?.code == .malformedInput)
    }

    @Test func depthAndSizeLimitsAreEnforced() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let error = #expect(throws: LedgerError.self) { try JSONValue.parse(deep) }
        #expect(error?.code == .limitExceeded)
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONValue.parse(ok) }
        let big = "\"" + String(repeating: "a", count: 100) + "\""
        #expect(throws: LedgerError.self) { try JSONValue.parse(Array(big.utf8), limits: JSONLimits(maxBytes: 50)) }
    }

    /// Random values built in code: canonical output parses back to an equal value whose
    /// canonical output is identical (a property test over a seeded generator).
    @Test func randomValuesRoundTrip() throws {
        var generator = SplitMix64(state: 0x5EED)
        for _ in 0..<2000 {
            let value = randomValue(depth: 0, using: &generator)
            let bytes = value.canonicalBytes()
            let parsed = try JSONValue.parse(bytes)
            #expect(parsed == value)
            #expect(parsed.canonicalBytes() == bytes)
        }
    }

    private func randomValue(depth: Int, using generator: inout SplitMix64) -> JSONValue {
        let choice = Int(generator.next() % (depth > 3 ? 5 : 7))
        switch choice {
        case 0: return .null
        case 1: return .bool(generator.next() % 2 == 0)
        case 2:
            var value = Double(bitPattern: generator.next())
            while !value.isFinite { value = Double(bitPattern: generator.next()) }
            return .number(generator.next() % 2 == 0 ? value : Double(Int64(bitPattern: generator.next()) >> 12))
        case 3, 4: return .string(randomString(using: &generator))
        case 5: return .array((0..<Int(generator.next() % 4)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            var object = JSONObject()
            for _ in 0..<Int(generator.next() % 5) {
                object[randomString(using: &generator)] = randomValue(depth: depth + 1, using: &generator)
            }
            return .object(object)
        }
    }

    private func randomString(using generator: inout SplitMix64) -> String {
        let pool: [Unicode.Scalar] = ["a", "Z", "\"", "\\", "\u{0}", "\u{1f}", "\u{7f}", "é", "\u{301}", "€", "\u{fb33}", "😀", "/", " ", "\n"]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int(generator.next() % 8) { scalars.append(pool[Int(generator.next() % UInt64(pool.count))]) }
        return String(scalars)
    }
}

