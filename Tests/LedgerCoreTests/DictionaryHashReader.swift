import LedgerCore

/// A reader over a dictionary, standing in for a store's table of subtree hashes.
struct DictionaryHashReader: MerkleHashReader {
    struct Key: Hashable { var level: Int; var index: Int }
    var hashes: [Key: SHA256Digest] = [:]

    func subtreeHash(level: Int, index: Int) throws -> SHA256Digest {
        guard let hash = hashes[Key(level: level, index: index)] else {
            throw FixtureError(message: "no stored hash at (\(level), \(index))")
        }
        return hash
    }
}
