import LedgerCore

/// Counts the reads a computation makes.
final class CountingReader<Base: MerkleHashReader>: MerkleHashReader {
    let base: Base
    private(set) var reads = 0

    init(_ base: Base) { self.base = base }

    func subtreeHash(level: Int, index: Int) throws -> SHA256Digest {
        reads += 1
        return try base.subtreeHash(level: level, index: index)
    }
}
