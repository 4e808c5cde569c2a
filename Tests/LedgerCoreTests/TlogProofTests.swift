import Foundation
import LedgerCore
import Testing

struct TlogProofTests {
    /// A signed checkpoint of the first `size` leaves of the RFC 6962 test tree.
    static func signedCheckpoint(size: Int, signer: NoteSigner) throws -> (tree: InMemoryMerkleTree, note: [UInt8]) {
        let tree = try RFC6962Fixture.load().tree
        let checkpoint = try Checkpoint(origin: "ledger.example/audit", size: size, rootHash: MerkleTree.root(size: size, reader: tree))
        return (tree, try SignedNote.sign(text: checkpoint.text, signers: [signer]))
    }

    @Test func proofRoundTripsAndVerifies() throws {
        let signer = try testSigner()
        let (tree, note) = try Self.signedCheckpoint(size: 7, signer: signer)
        for index in 0..<7 {
            let hashes = try MerkleTree.inclusionProof(index: index, size: 7, reader: tree)
            let proof = try TlogProof(index: index, hashes: hashes, checkpointNote: note)
            let bytes = proof.bytes
            let parsed = try TlogProof(bytes: bytes)
            #expect(parsed == proof)
            #expect(parsed.bytes == bytes)
            let checkpoint = try parsed.verify(
                leafHash: tree.subtreeHash(level: 0, index: index), origin: "ledger.example/audit", verifiers: [signer.verifier])
            #expect(checkpoint.size == 7)
        }
    }

    @Test func layoutFollowsTheSpec() throws {
        let signer = try testSigner()
        let (tree, note) = try Self.signedCheckpoint(size: 5, signer: signer)
        let hashes = try MerkleTree.inclusionProof(index: 3, size: 5, reader: tree)
        let proof = try TlogProof(index: 3, extraData: Array("extra".utf8), hashes: hashes, checkpointNote: note)
        let expected = "c2sp.org/tlog-proof@v1\nextra \(Base64.encode(Array("extra".utf8)))\nindex 3\n"
            + hashes.map { Base64.encode($0.bytes) + "\n" }.joined() + "\n" + String(decoding: note, as: UTF8.self)
        #expect(String(decoding: proof.bytes, as: UTF8.self) == expected)
        #expect(try TlogProof(bytes: proof.bytes).extraData == Array("extra".utf8))

        let empty = try TlogProof(index: 0, extraData: [], hashes: [], checkpointNote: note)
        #expect(String(decoding: empty.bytes, as: UTF8.self).hasPrefix("c2sp.org/tlog-proof@v1\nextra \nindex 0\n\n"))
        #expect(try TlogProof(bytes: empty.bytes) == empty)
    }

    @Test func specExampleParsesAndRoundTrips() throws {
        let example = try SignedNoteFixture.load().tlogProofExample
        let proof = try TlogProof(bytes: Array(example.text.utf8))
        #expect(proof.index == example.index)
        #expect(proof.hashes.count == example.hashCount)
        #expect(proof.extraData != nil)
        #expect(String(decoding: proof.checkpointNote, as: UTF8.self).hasPrefix("example.com/fancylog\n109482\n"))
        #expect(String(decoding: proof.bytes, as: UTF8.self) == example.text)
        // Its signatures are elided in the spec ("[...]"), so the checkpoint cannot be opened.
        #expect(throws: LedgerError.self) {
            try proof.verify(leafHash: .zero, origin: "example.com/fancylog", verifiers: [testSigner().verifier])
        }
    }

    @Test func verificationFailures() throws {
        let signer = try testSigner()
        let (tree, note) = try Self.signedCheckpoint(size: 6, signer: signer)
        let proof = try TlogProof(index: 2, hashes: MerkleTree.inclusionProof(index: 2, size: 6, reader: tree), checkpointNote: note)
        let leaf = try tree.subtreeHash(level: 0, index: 2)

        let wrongLeaf = #expect(throws: LedgerError.self) {
            try proof.verify(leafHash: leaf.flipping(bit: 3), origin: "ledger.example/audit", verifiers: [signer.verifier])
        }
        guard case .rootMismatch? = wrongLeaf?.evidence else {
            Issue.record("expected rootMismatch evidence")
            return
        }
        let wrongLog = #expect(throws: LedgerError.self) {
            try proof.verify(leafHash: leaf, origin: "other.example/log", verifiers: [signer.verifier])
        }
        #expect(wrongLog?.message.contains("other.example/log") == true)
        let wrongKey = #expect(throws: LedgerError.self) {
            try proof.verify(leafHash: leaf, origin: "ledger.example/audit", verifiers: [testSigner(seed: 9).verifier])
        }
        guard case .unverifiedNote? = wrongKey?.evidence else {
            Issue.record("expected unverifiedNote evidence")
            return
        }
        let wrongIndex = try TlogProof(index: 3, hashes: proof.hashes, checkpointNote: note)
        #expect(throws: LedgerError.self) {
            try wrongIndex.verify(leafHash: leaf, origin: "ledger.example/audit", verifiers: [signer.verifier])
        }
    }

    static let hash = Base64.encode(MerkleTree.emptyRoot.bytes)
    static let note = "ledger.example/audit\n1\n\(hash)\n\n\u{2014} ledger.example/audit AAAAAAAAAA==\n"

    static let malformed: [(String, String)] = [
        ("empty", ""),
        ("wrong header", "c2sp.org/tlog-proof@v2\nindex 0\n\n\(note)"),
        ("header with trailing space", "c2sp.org/tlog-proof@v1 \nindex 0\n\n\(note)"),
        ("extra not base64", "c2sp.org/tlog-proof@v1\nextra !!notbase64!!\nindex 0\n\n\(note)"),
        ("extra without space", "c2sp.org/tlog-proof@v1\nextra\nindex 0\n\n\(note)"),
        ("missing index", "c2sp.org/tlog-proof@v1\n\n\n\(note)"),
        ("index after hashes", "c2sp.org/tlog-proof@v1\n\(hash)\nindex 0\n\n\(note)"),
        ("index not a number", "c2sp.org/tlog-proof@v1\nindex notanumber\n\n\(note)"),
        ("negative index", "c2sp.org/tlog-proof@v1\nindex -5\n\n\(note)"),
        ("leading zero", "c2sp.org/tlog-proof@v1\nindex 07\n\n\(note)"),
        ("index with two spaces", "c2sp.org/tlog-proof@v1\nindex  7\n\n\(note)"),
        ("hash not base64", "c2sp.org/tlog-proof@v1\nindex 0\n!!notbase64!!\n\n\(note)"),
        ("hash of 64 bytes", "c2sp.org/tlog-proof@v1\nindex 0\n\(Base64.encode([UInt8](repeating: 0, count: 64)))\n\n\(note)"),
        ("hash of 31 bytes", "c2sp.org/tlog-proof@v1\nindex 0\n\(Base64.encode([UInt8](repeating: 0, count: 31)))\n\n\(note)"),
        ("no empty line", "c2sp.org/tlog-proof@v1\nindex 0\n\(hash)\n"),
        ("no checkpoint", "c2sp.org/tlog-proof@v1\nindex 0\n\(hash)\n\n"),
        ("two empty lines", "c2sp.org/tlog-proof@v1\nindex 0\n\n\n\(note)"),
        ("checkpoint without final newline", "c2sp.org/tlog-proof@v1\nindex 0\n\n\(note.dropLast())"),
        ("CRLF", "c2sp.org/tlog-proof@v1\r\nindex 0\r\n\r\n\(note)"),
    ]

    @Test(arguments: malformed)
    func malformedProofsAreRejected(name: String, text: String) {
        let error = #expect(throws: LedgerError.self, "\(name)") { try TlogProof(bytes: Array(text.utf8)) }
        #expect(error?.isUsageError == true, "\(name): \(error?.message ?? "")")
    }

    @Test func tooManyHashesHitTheLimit() {
        let lines = String(repeating: "\(Self.hash)\n", count: TlogProof.maxHashes + 1)
        let error = #expect(throws: LedgerError.self) { try TlogProof(bytes: Array("c2sp.org/tlog-proof@v1\nindex 0\n\(lines)\n\(Self.note)".utf8)) }
        #expect(error?.code == .limitExceeded)
    }
}
