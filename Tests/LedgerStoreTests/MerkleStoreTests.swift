import Foundation
import Testing
import LedgerCore
@testable import LedgerStore

struct MerkleStoreTests {
    /// Appends `count` entries in batches of varying sizes and returns the leaf hashes.
    func fill(_ store: SQLiteEventStore, count: Int, seed: UInt64 = 3) throws -> [SHA256Digest] {
        var leaves: [SHA256Digest] = []
        var generator = seed
        while leaves.count < count {
            generator = generator &* 6364136223846793005 &+ 1442695040888963407
            let size = min(count - leaves.count, Int(generator >> 58) + 1)
            let written = try store.appendNow((0..<size).map { _ in draft("model/m\(leaves.count % 7)") })
            leaves += written.map(\.leafHash)
        }
        return leaves
    }

    @Test func rangeHashesThroughTheStoresReaderMatchTreesBuiltFromScratch() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        let leaves = try fill(store, count: 77)
        let names = try store.streamNames()
        #expect(!names.isEmpty && names == Set(names).sorted() && names.allSatisfy { $0.hasPrefix("model/m") })
        _ = try store.appendNow([draft("board/b"), draft("access/roles")])
        #expect(try store.streamNames() == (["access/roles", "board/b"] + names).sorted())
        // Every range of the RFC 9162 recursion over 77 leaves, including the right edges 64 ..< 77 and 72 ..< 77.
        for (start, end) in [(0, 64), (64, 77), (64, 72), (72, 77), (76, 77), (0, 1), (32, 64)] {
            let direct = InMemoryMerkleTree(leafHashes: leaves[start..<end]).root
            #expect(try store.withMerkleReader { try MerkleTree.rangeHash(from: start, to: end, reader: $0) } == direct, "\(start) ..< \(end)")
        }
        #expect(throws: LedgerError.self) { try store.withMerkleReader { try MerkleTree.rangeHash(from: 70, to: 80, reader: $0) } }
    }

    @Test func proofsFromStoredHashesVerifyAgainstRootsComputedFromScratch() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        let leaves = try fill(store, count: 300)
        for size in [1, 2, 3, 7, 8, 9, 64, 100, 255, 256, 257, 300] {
            var scratch = MerkleAccumulator()
            leaves.prefix(size).forEach { scratch.append($0) }
            #expect(try store.treeRoot(size: size) == scratch.root, "size \(size)")
            for seq in Set([0, size / 2, size - 1]) {
                let (leaf, proof, root) = try store.inclusionProof(seq: seq, size: size)
                #expect(leaf == leaves[seq])
                #expect(root == scratch.root)
                try MerkleProof.verifyInclusion(leafHash: leaf, index: seq, size: size, proof: proof, root: scratch.root)
            }
            for old in Set([0, 1, size / 3, size]) where old <= size {
                let (oldRoot, newRoot, proof) = try store.consistencyProof(from: old, to: size)
                #expect(newRoot == scratch.root)
                try MerkleProof.verifyConsistency(oldSize: old, newSize: size, oldRoot: oldRoot, newRoot: newRoot, proof: proof)
            }
        }
    }

    /// Random sizes up to 5,000: every proof from the store verifies; a flipped bit fails.
    @Test func randomSizesUpToFiveThousand() throws {
        let ledger = try TemporaryLedger()
        let store = try SQLiteEventStore.create(at: ledger.path, configuration: .init(durability: .normal, clock: .fixed(Timestamp("2025-01-15T09:30:00.000Z")!), random: .deterministic(seed: 9))).store
        var leaves: [SHA256Digest] = []
        while leaves.count < 5000 {
            leaves += try store.appendNow((0..<500).map { _ in draft("model/bulk") }).map(\.leafHash)
        }
        var generator: UInt64 = 42
        func next(_ bound: Int) -> Int {
            generator = generator &* 6364136223846793005 &+ 1442695040888963407
            return Int(generator >> 33) % bound
        }
        var scratch = MerkleAccumulator()
        var roots: [SHA256Digest] = [scratch.root]
        for leaf in leaves { scratch.append(leaf); roots.append(scratch.root) }
        for _ in 0..<60 {
            let size = next(5000) + 1
            let seq = next(size)
            let (leaf, proof, root) = try store.inclusionProof(seq: seq, size: size)
            #expect(root == roots[size])
            try MerkleProof.verifyInclusion(leafHash: leaf, index: seq, size: size, proof: proof, root: roots[size])
            if !proof.isEmpty {
                var bad = proof
                var bytes = bad[0].bytes
                bytes[next(32)] ^= 1 << UInt8(next(8))
                bad[0] = try SHA256Digest(bytes: bytes)
                #expect(throws: LedgerError.self) {
                    try MerkleProof.verifyInclusion(leafHash: leaf, index: seq, size: size, proof: bad, root: roots[size])
                }
            }
            let old = next(size + 1)
            let consistency = try store.consistencyProof(from: old, to: size)
            #expect(consistency.oldRoot == roots[old])
            try MerkleProof.verifyConsistency(oldSize: old, newSize: size, oldRoot: roots[old], newRoot: roots[size], proof: consistency.proof)
        }
    }

    @Test func theTreeHeadAfterEachBatchIsStored() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.appendNow([draft("model/a"), draft("model/b")])
        _ = try store.appendNow([draft("model/a")])
        let heads = try sqlite3(ledger.path, "SELECT size FROM tree_head ORDER BY size;").output
        #expect(heads.split(separator: "\n") == ["2", "3"])
    }

    @Test func aTreeHeadDeletedInTheMiddleIsDetected() throws {
        // Given three batches, hence tree heads at sizes 2, 3 and 5
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.appendNow([draft("model/a"), draft("model/b")])
        _ = try store.appendNow([draft("model/a")])
        _ = try store.appendNow([draft("model/a"), draft("model/c")])
        #expect(try store.verify().isValid)
        // When the middle head is deleted behind the store's back
        try sqlite3(ledger.path, "DROP TRIGGER tree_head_no_delete; DELETE FROM tree_head WHERE size = 3;")
        // Then the next head no longer starts where the previous one ended
        let report = try store.verify()
        #expect(report.failure?.seq == 4)
        #expect(report.failure?.message.contains("batch started at 3") == true)
    }

    @Test func checkpointsAreSignedOncePerSizeAndVerify() throws {
        let ledger = try TemporaryLedger()
        let store = try SQLiteEventStore.create(at: ledger.path, origin: "ledger.bank.example/models").store
        let signer = try NoteSigner(name: "ledger.bank.example", privateKey: Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32)))
        _ = try fill(store, count: 10)
        let (first, isNew) = try store.signCheckpoint(with: signer)
        #expect(isNew)
        #expect(first.size == 10)
        let again = try store.signCheckpoint(with: signer)
        #expect(!again.isNew)
        #expect(again.checkpoint == first)
        let note = try SignedNote.open(first.note, verifiers: [signer.verifier])
        let checkpoint = try Checkpoint(text: note.text)
        #expect(checkpoint.origin == "ledger.bank.example/models")
        #expect(checkpoint.rootHash == (try store.treeRoot(size: 10)))
        _ = try fill(store, count: 5)
        _ = try store.signCheckpoint(with: signer)
        #expect(try store.checkpoints().map(\.size) == [10, 15])
        #expect(try store.latestCheckpoint()?.size == 15)
    }

    @Test func badProofRequestsSayWhatIsAllowed() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try fill(store, count: 4)
        let tooLarge = #expect(throws: LedgerError.self) { try store.inclusionProof(seq: 1, size: 9) }
        #expect(tooLarge?.message.contains("between 1 and the log's 4 entries") == true)
        let beyond = #expect(throws: LedgerError.self) { try store.inclusionProof(seq: 4, size: 4) }
        #expect(beyond?.message.contains("larger than the seq") == true)
        #expect(throws: LedgerError.self) { try store.consistencyProof(from: 3, to: 2) }
    }
}
