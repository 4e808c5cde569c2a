import Synchronization

/// Bloom filters of the lineage id runs, kept by a store that ingests again and again (the
/// server, a streaming ingestor, the benchmark), so that the check for prediction ids already
/// taken stops reading every id run at every ingestion.
///
/// Without a filter, that check reads each id run once per ingestion (``LineageRuns/existing``):
/// about 160 MB from the page cache per ingestion at 10 million records, a cost that grows with
/// the ledger. A filter is built the first time a run is read that way; afterwards only the ids
/// the filter lets through are sought in the run (one fence seek each), about 0.1% of them when
/// none is taken. A run only loses entries after it is written (erasures and purges remove some;
/// a merge deletes it whole), so its filter stays a superset of it: a filter can let an id
/// through needlessly, never miss a taken one. Run ids are never reused. Nothing of this is
/// stored: a new process starts without filters.
final class LineageRunFilters: Sendable {
    /// The most memory the filters of one store may take: 256 MiB, the filters of about 130
    /// million ids. Runs beyond it are read as if there were no filters.
    static let maxBytes = 256 << 20

    private struct State {
        var filters: [Int64: LineageBloomFilter] = [:]
        var bytes = 0
    }

    private let state = Mutex(State())

    init() {}

    /// The filter of run `run`, if one was built.
    func filter(for run: Int64) -> LineageBloomFilter? {
        state.withLock { $0.filters[run] }
    }

    /// Keeps `filter` for run `run` while the filters fit in ``maxBytes``.
    func keep(_ filter: LineageBloomFilter, for run: Int64) {
        state.withLock { state in
            guard state.filters[run] == nil, state.bytes + filter.bytes <= Self.maxBytes else { return }
            state.filters[run] = filter
            state.bytes += filter.bytes
        }
    }

    /// Forgets the filters of runs that no longer exist (merged into a new one).
    func forget(allBut runs: Set<Int64>) {
        state.withLock { state in
            for (run, filter) in state.filters where !runs.contains(run) {
                state.filters[run] = nil
                state.bytes -= filter.bytes
            }
        }
    }

    /// How many runs have a filter, and their bytes.
    var held: (runs: Int, bytes: Int) {
        state.withLock { ($0.filters.count, $0.bytes) }
    }
}

/// A blocked Bloom filter over 64-bit index hashes: each hash sets 6 bits in one 512-bit block
/// (one cache line), 16 bits per entry, so that a test costs one memory access and lets about
/// 0.1% of absent hashes through.
///
/// The hashes are the first 8 bytes of SHA-256 (``LineageKeyHash``), uniform already: the block
/// comes from the high 32 bits, the bits within it from a multiplicative mix of the whole hash.
struct LineageBloomFilter: Sendable {
    static let bitsPerEntry = 16
    static let bitsPerHash = 6
    private static let wordsPerBlock = 8

    private var words: [UInt64]
    private let blocks: UInt64

    /// An empty filter sized for `entries` hashes.
    init(entries: Int) {
        let blocks = max(1, (entries * Self.bitsPerEntry + 511) / 512)
        self.blocks = UInt64(blocks)
        words = [UInt64](repeating: 0, count: blocks * Self.wordsPerBlock)
    }

    var bytes: Int { words.count * 8 }

    mutating func insert(_ hash: Int64) {
        let (base, mix) = place(hash)
        words.withUnsafeMutableBufferPointer { words in
            for index in 0..<Self.bitsPerHash {
                let bit = Int((mix >> UInt64(index * 9)) & 511)
                words[base + bit >> 6] |= 1 << UInt64(bit & 63)
            }
        }
    }

    func mayContain(_ hash: Int64) -> Bool {
        let (base, mix) = place(hash)
        return words.withUnsafeBufferPointer { words in
            for index in 0..<Self.bitsPerHash {
                let bit = Int((mix >> UInt64(index * 9)) & 511)
                guard words[base + bit >> 6] & (1 << UInt64(bit & 63)) != 0 else { return false }
            }
            return true
        }
    }

    /// The first word of the hash's block, and the bits that choose its 6 positions in it.
    private func place(_ hash: Int64) -> (Int, UInt64) {
        let value = UInt64(bitPattern: hash)
        let block = Int(((value >> 32) &* blocks) >> 32)
        return (block * Self.wordsPerBlock, value &* 0x9E37_79B9_7F4A_7C15)
    }
}
