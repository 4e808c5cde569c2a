import LedgerCore

/// The C2SP tlog-proof parser, then verification against the fixed key.
enum TlogProofFuzz {
    static func run(_ bytes: [UInt8]) -> Bool {
        guard let proof = try? TlogProof(bytes: bytes) else { return false }
        precondition(proof.bytes == bytes, "an accepted proof is not its own bytes: input \(FuzzTarget.describe(bytes))")
        let leaf = SHA256.hash(Array("leaf".utf8))
        _ = try? proof.verify(leafHash: leaf, origin: FuzzKeys.origin, verifiers: [FuzzKeys.signer.verifier])
        return true
    }

    static var seeds: [[UInt8]] {
        // A real proof: leaf 2 of a 5-leaf tree, with its signed checkpoint.
        let leaves = (0..<5).map { SHA256.hash([UInt8($0)]) }
        let tree = InMemoryMerkleTree(leafHashes: leaves)
        guard let path = try? MerkleTree.inclusionProof(index: 2, size: 5, reader: tree),
            let checkpoint = try? Checkpoint(origin: FuzzKeys.origin, size: 5, rootHash: tree.root),
            let note = try? SignedNote.sign(text: checkpoint.text, signers: [FuzzKeys.signer]),
            let proof = try? TlogProof(index: 2, hashes: path, checkpointNote: note),
            let extra = try? TlogProof(index: 2, extraData: Array("extra".utf8), hashes: path, checkpointNote: note)
        else { return [] }
        return [proof.bytes, extra.bytes]
    }
}
