import Foundation
import Testing
import LedgerCore

/// Inputs found by fuzzing the parsers (Tests/Reliability/fuzz.sh), kept as regression cases in
/// `Fixtures/fuzz-corpus.json` by Tests/Reliability/fuzz_fixture.py: each must still be accepted or
/// rejected as when it was found, without a crash, and an accepted one keeps its round-trip property.
struct FuzzCorpusTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let target: String
        let accepted: Bool
        let input: String

        var bytes: [UInt8] { Data(base64Encoded: input).map { Array($0) } ?? [] }
        var testDescription: String { "\(target) \(accepted ? "accepted" : "rejected") \(input.prefix(24))…" }
    }

    static let cases: [Case] = Fixture.rows("fuzz-corpus")

    /// The key the fuzzing targets trust: name `fuzz.example`, Ed25519 seed of 32 bytes 0x01
    /// (Sources/govledger-fuzz/FuzzTarget.swift).
    static func verifier() throws -> NoteVerifier {
        try NoteSigner(name: "fuzz.example", privateKey: Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: 32))).verifier
    }

    @Test func everyTargetHasAcceptedAndRejectedCases() {
        for target in ["json", "checkpoint", "note", "tlogproof"] {
            let ofTarget = Self.cases.filter { $0.target == target }
            #expect(ofTarget.contains { $0.accepted }, "\(target): no accepted case")
            #expect(ofTarget.contains { !$0.accepted }, "\(target): no rejected case")
        }
    }

    @Test(arguments: cases)
    func inputIsClassifiedAsWhenFound(_ testCase: Case) throws {
        let bytes = testCase.bytes
        switch testCase.target {
        case "json":
            // parse → canonicalize → parse is a fixed point.
            guard testCase.accepted else {
                #expect(throws: LedgerError.self) { try JSONValue.parse(bytes) }
                return
            }
            let value = try JSONValue.parse(bytes)
            let canonical = value.canonicalBytes()
            let again = try JSONValue.parse(canonical, limits: JSONLimits(maxDepth: 64, maxBytes: Int.max))
            #expect(again == value)
            #expect(again.canonicalBytes() == canonical)
        case "checkpoint":
            // Accepted text is exactly the parsed checkpoint's text.
            let text = String(validating: bytes, as: UTF8.self)
            guard testCase.accepted else {
                if let text { #expect(throws: LedgerError.self) { try Checkpoint(text: text) } }
                return
            }
            let checkpoint = try Checkpoint(text: try #require(text))
            #expect(checkpoint.text == text)
        case "note":
            let verifiers = [try Self.verifier()]
            guard testCase.accepted else {
                #expect(throws: LedgerError.self) { try SignedNote.open(bytes, verifiers: verifiers) }
                return
            }
            let note = try SignedNote.open(bytes, verifiers: verifiers)
            #expect(!note.verifiedSignatures.isEmpty)
            #expect(bytes.starts(with: Array(note.text.utf8)))
        case "tlogproof":
            // Accepted bytes are exactly the parsed proof's bytes.
            guard testCase.accepted else {
                #expect(throws: LedgerError.self) { try TlogProof(bytes: bytes) }
                return
            }
            #expect(try TlogProof(bytes: bytes).bytes == bytes)
        default:
            Issue.record("unknown fuzzing target \(testCase.target)")
        }
    }
}
