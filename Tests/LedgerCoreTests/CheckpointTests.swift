import Foundation
import LedgerCore
import Testing

struct CheckpointTests {
    static let root = Base64.encode(MerkleTree.emptyRoot.bytes)  // 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=

    @Test(arguments: [
        ("example.com/log", 0, [String]()),
        ("ledger.example/audit", 1, []),
        ("go.sum database tree", 65_664_258, []),
        ("ünïcødé log", Int.max, ["ext one", "ext+two", "— not a signature"]),
    ])
    func roundTrip(origin: String, size: Int, extensions: [String]) throws {
        let checkpoint = try Checkpoint(origin: origin, size: size, rootHash: MerkleTree.emptyRoot, extensions: extensions)
        let text = checkpoint.text
        #expect(text == ([origin, String(size), Self.root] + extensions).map { $0 + "\n" }.joined())
        let parsed = try Checkpoint(text: text)
        #expect(parsed == checkpoint)
        #expect(parsed.text == text)
    }

    @Test func specExampleParsesAndRoundTrips() throws {
        let example = try SignedNoteFixture.load().tlogCheckpointExample
        // The example's signer key is not published: the note opens only as "no trusted key".
        let someone = try testSigner().verifier
        let error = #expect(throws: LedgerError.self) { try SignedNote.open(Array(example.signed.utf8), verifiers: [someone]) }
        guard case .unverifiedNote(let signatures)? = error?.evidence else {
            Issue.record("expected unverifiedNote evidence")
            return
        }
        #expect(signatures.map(\.keyName) == ["example.com/behind-the-sofa"])
        #expect(signatures.first?.line == example.signed.split(separator: "\n").last.map(String.init))

        let text = String(example.signed.prefix(while: { $0 != "\u{2014}" }).dropLast())
        let checkpoint = try Checkpoint(text: text)
        #expect(checkpoint.origin == example.origin)
        #expect(checkpoint.size == example.size)
        #expect(checkpoint.rootHash.hex == example.rootHash)
        #expect(checkpoint.extensions.isEmpty)
        #expect(checkpoint.text == text)
    }

    @Test func signedCheckpointOpensToTheSameCheckpoint() throws {
        let signer = try testSigner()
        let tree = try RFC6962Fixture.load().tree
        let checkpoint = try Checkpoint(origin: "ledger.example/audit", size: tree.size, rootHash: tree.root)
        let note = try SignedNote.sign(text: checkpoint.text, signers: [signer])
        #expect(try Checkpoint(text: SignedNote.open(note, verifiers: [signer.verifier]).text) == checkpoint)
    }

    static let malformed: [(String, String)] = [
        ("empty", ""),
        ("missing final newline", "example.com/log\n7\n\(root)"),
        ("two lines", "example.com/log\n7\n"),
        ("empty origin", "\n7\n\(root)\n"),
        ("leading zero", "example.com/log\n007\n\(root)\n"),
        ("zero with leading zero", "example.com/log\n00\n\(root)\n"),
        ("plus sign", "example.com/log\n+7\n\(root)\n"),
        ("minus sign", "example.com/log\n-1\n\(root)\n"),
        ("leading space", "example.com/log\n 7\n\(root)\n"),
        ("trailing space", "example.com/log\n7 \n\(root)\n"),
        ("empty size", "example.com/log\n\n\(root)\n"),
        ("hexadecimal size", "example.com/log\n0x7\n\(root)\n"),
        ("non-ASCII digits", "example.com/log\n\u{0667}\n\(root)\n"),
        ("size beyond Int.max", "example.com/log\n9223372036854775808\n\(root)\n"),
        ("root not base64", "example.com/log\n7\nnot base64!\n"),
        ("root of 31 bytes", "example.com/log\n7\n\(Base64.encode([UInt8](repeating: 1, count: 31)))\n"),
        ("root of 33 bytes", "example.com/log\n7\n\(Base64.encode([UInt8](repeating: 1, count: 33)))\n"),
        ("root unpadded", "example.com/log\n7\n\(root.dropLast())\n"),
        ("root with non-zero pad bits", "example.com/log\n7\n\(root.dropLast(2))V=\n"),
        ("root in hex", "example.com/log\n7\n\(MerkleTree.emptyRoot.hex)\n"),
        ("empty extension line", "example.com/log\n7\n\(root)\n\next\n"),
        ("trailing blank line", "example.com/log\n7\n\(root)\n\n"),
        ("CRLF line ends", "example.com/log\r\n7\r\n\(root)\r\n"),
        ("tab in origin", "example\t.com/log\n7\n\(root)\n"),
    ]

    @Test(arguments: malformed)
    func malformedCheckpointsAreRejected(name: String, text: String) {
        let error = #expect(throws: LedgerError.self, "\(name)") { try Checkpoint(text: text) }
        #expect(error?.code == .malformedInput, "\(name): \(error?.message ?? "")")
    }

    @Test func malformedCheckpointMessagesNameTheProblem() {
        let leading = #expect(throws: LedgerError.self) { try Checkpoint(text: "example.com/log\n007\n\(Self.root)\n") }
        #expect(leading?.message.contains("leading zeros") == true)
        let unterminated = #expect(throws: LedgerError.self) { try Checkpoint(text: "example.com/log\n7\n\(Self.root)") }
        #expect(unterminated?.message.contains("newline") == true)
        let short = #expect(throws: LedgerError.self) { try Checkpoint(text: "example.com/log\n7\n\(Base64.encode([UInt8](repeating: 1, count: 31)))\n") }
        #expect(short?.message.contains("31 bytes") == true)
    }

    @Test func constructorRefusesWhatCouldNotBeReadBack() {
        #expect(throws: LedgerError.self) { try Checkpoint(origin: "", size: 1, rootHash: .zero) }
        #expect(throws: LedgerError.self) { try Checkpoint(origin: "a\nb", size: 1, rootHash: .zero) }
        #expect(throws: LedgerError.self) { try Checkpoint(origin: "a", size: -1, rootHash: .zero) }
        #expect(throws: LedgerError.self) { try Checkpoint(origin: "a", size: 1, rootHash: .zero, extensions: [""]) }
        #expect(throws: LedgerError.self) { try Checkpoint(origin: "a", size: 1, rootHash: .zero, extensions: ["x\ny"]) }
    }
}
