import LedgerCore
internal import GRDB
internal import GRDBSQLite
import Foundation

/// One entry of the lineage index: a 64-bit key hash (``LineageKeyHash``) and the key of the
/// record it leads to (batch seq · 2^20 + position). Entries sort by hash, then record key.
struct LineageIndexPair: Comparable, Hashable {
    var hash: Int64
    var key: Int64

    static func < (a: Self, b: Self) -> Bool { a.hash != b.hash ? a.hash < b.hash : a.key < b.key }
}

extension Array where Element == LineageIndexPair {
    /// Sorts by hash, keeping the present order among equal hashes (so pairs appended in key order
    /// end in (hash, key) order): a least-significant-digit radix sort, 8 passes of one byte, which
    /// beats comparison sorting for the uniformly spread hashes of an ingestion. The counts of all
    /// eight digits are taken in one read of the pairs before the passes.
    mutating func sortByHashStably() {
        guard count > 64 else {
            let sorted = enumerated().sorted { $0.element.hash != $1.element.hash ? $0.element.hash < $1.element.hash : $0.offset < $1.offset }
            self = sorted.map(\.element)
            return
        }
        // The sign bit flipped, so that unsigned byte order is the signed order.
        func digits(_ pair: LineageIndexPair) -> UInt64 { UInt64(bitPattern: pair.hash) ^ (1 << 63) }
        var counts = [Int](repeating: 0, count: 8 * 256)
        var buffer = self
        counts.withUnsafeMutableBufferPointer { counts in
            self.withUnsafeMutableBufferPointer { source in
                for pair in source {
                    let value = digits(pair)
                    for pass in 0..<8 { counts[pass << 8 | Int(value >> UInt64(pass * 8) & 0xFF)] += 1 }
                }
                buffer.withUnsafeMutableBufferPointer { target in
                    var (from, to) = (source, target)
                    for pass in 0..<8 {
                        let shift = UInt64(pass * 8)
                        let offsets = UnsafeMutableBufferPointer(rebasing: counts[pass << 8..<(pass + 1) << 8])
                        if offsets.contains(from.count) { continue }  // one digit for all: the order stands
                        var offset = 0
                        for value in 0..<256 {
                            let n = offsets[value]
                            offsets[value] = offset
                            offset += n
                        }
                        for pair in from {
                            let bucket = Int(digits(pair) >> shift & 0xFF)
                            to[offsets[bucket]] = pair
                            offsets[bucket] += 1
                        }
                        swap(&from, &to)
                    }
                    if from.baseAddress != source.baseAddress { _ = source.update(fromContentsOf: from) }
                }
            }
        }
    }
}

/// The lineage index as sorted runs (migration `v10-lineage-index-runs`,
/// docs/lineage.md#storage-informative), the way a log-structured merge tree keeps it.
///
/// Each ingestion writes its id entries as one new sorted run and its subject entries as
/// another, packed ``pairsPerPage`` to a row, so a commit writes a few pages in key order
/// instead of inserting one row per record at a random place in a B-tree that grows with the
/// ledger. Runs of the same size class are merged into one when ``fanout`` of them exist, so a
/// lookup probes a few runs (one fence-index seek and one page each). Runs are immutable but for
/// two rewrites: a merge replaces its runs, and an erasure or purge removes the subject entries
/// of the records it removes (in place, in the pages that hold them).
///
/// Rows: `lineage_run (id, kind, level, entries)`; `lineage_run_page (id = run · 2^24 + page,
/// run, last, pairs)`, `pairs` little-endian (hash, key) Int64 pairs sorted, `last` the largest
/// hash the page may hold; `(run, last)` is indexed so a lookup seeks the one page a hash can be in.
enum LineageRuns {
    enum Kind: Int64 {
        /// Prediction id hashes: at most one entry per hash in all the id runs together (a second
        /// id with a taken hash is kept in full in `lineage_id_exact`).
        case id = 0
        /// Subject key hashes: one entry per record with a subject.
        case subject = 1
    }

    /// 240 pairs = 3,840 bytes: a page row fits in one database page of 4 KiB or more.
    static let pairsPerPage = 240
    /// How many runs of a size class are merged into one.
    static let fanout = 8
    static let pageBits: Int64 = 24

    /// The size class of a run of `entries`: 0 up to 4,096 entries, then one more per factor of ``fanout``.
    static func level(entries: Int) -> Int {
        var level = 0
        var bound = 4096
        while entries > bound {
            level += 1
            bound *= fanout
        }
        return level
    }

    struct Run {
        let id: Int64
        let level: Int
        let entries: Int
        var pages: Int { (entries + LineageRuns.pairsPerPage - 1) / LineageRuns.pairsPerPage }
    }

    static func runs(_ kind: Kind, _ db: Database) throws -> [Run] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT id, level, entries FROM lineage_run WHERE kind = ? ORDER BY id"), arguments: [kind.rawValue])
            .map { Run(id: $0[0], level: $0[1], entries: $0[2]) }
    }

    // MARK: Writing

    /// Writes `pairs` (sorted, no repeats) as a new run of `kind`; nothing for an empty list.
    static func write(_ pairs: [LineageIndexPair], kind: Kind, _ db: Database) throws {
        guard !pairs.isEmpty else { return }
        var writer = try RunWriter(kind: kind, level: level(entries: pairs.count), db)
        for pair in pairs { try writer.append(pair) }
        try writer.finish()
    }

    /// Appends pairs in order to a new run, a page at a time.
    struct RunWriter {
        let db: Database
        let run: Int64
        private var page: [LineageIndexPair] = []
        private var pageNumber: Int64 = 0
        private(set) var entries = 0
        private let insert: Statement

        init(kind: Kind, level: Int, _ db: Database) throws {
            try self.init(run: try LineageRuns.createRun(kind: kind.rawValue, level: level, buildingSince: nil, db), nextPage: 0, db)
        }

        /// Appends to the existing run `run` from page `nextPage` on (a merge in steps).
        init(run: Int64, nextPage: Int64, _ db: Database) throws {
            self.db = db
            self.run = run
            pageNumber = nextPage
            insert = try db.cachedStatement(sql: "INSERT INTO lineage_run_page (id, run, last, pairs) VALUES (?, ?, ?, ?)")
            page.reserveCapacity(LineageRuns.pairsPerPage)
        }

        /// The page number the next page will take.
        var nextPage: Int64 { pageNumber }

        mutating func append(_ pair: LineageIndexPair) throws {
            page.append(pair)
            entries += 1
            if page.count == LineageRuns.pairsPerPage { try flush() }
        }

        mutating func flush() throws {
            guard let last = page.last else { return }
            let raw = insert.sqliteStatement
            sqlite3_bind_int64(raw, 1, run << LineageRuns.pageBits | pageNumber)
            sqlite3_bind_int64(raw, 2, run)
            sqlite3_bind_int64(raw, 3, last.hash)
            LineageRuns.encode(page).withUnsafeBytes { SQLiteEventStore.bindBlob(raw, 4, $0) }
            try SQLiteEventStore.step(raw, db)
            pageNumber += 1
            page.removeAll(keepingCapacity: true)
        }

        mutating func finish() throws {
            try flush()
            try db.execute(sql: "UPDATE lineage_run SET entries = ?, level = ? WHERE id = ?", arguments: [entries, LineageRuns.level(entries: entries), run])
        }
    }

    /// A new run row; `kind` 2 and 3 are id and subject runs being built by a merge, not yet read.
    /// Run ids are never reused (AUTOINCREMENT), so a writer that lost its run cannot mistake a
    /// newer one for it.
    static func createRun(kind: Int64, level: Int, buildingSince: Int64?, _ db: Database) throws -> Int64 {
        try db.execute(sql: "INSERT INTO lineage_run (kind, level, entries, building_since) VALUES (?, ?, 0, ?)",
                       arguments: [kind, level, buildingSince])
        return db.lastInsertedRowID
    }

    static func encode(_ pairs: [LineageIndexPair]) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: pairs.count * 16)
        bytes.withUnsafeMutableBytes { out in
            for (index, pair) in pairs.enumerated() {
                out.storeBytes(of: pair.hash.littleEndian, toByteOffset: index * 16, as: Int64.self)
                out.storeBytes(of: pair.key.littleEndian, toByteOffset: index * 16 + 8, as: Int64.self)
            }
        }
        return bytes
    }

    /// The pairs of a page's blob (as SQLite returns it: a pointer valid until the next step).
    static func decode(_ pointer: UnsafeRawPointer?, bytes: Int32) throws -> PagePairs {
        guard bytes % 16 == 0, bytes == 0 || pointer != nil else {
            throw LedgerError(.integrityFailure, "A page of the lineage index is \(bytes) bytes long, not a whole number of 16-byte entries. Run 'govledger lineage verify'.")
        }
        return PagePairs(base: pointer, count: Int(bytes) / 16)
    }

    /// A page's pairs read in place.
    struct PagePairs: RandomAccessCollection {
        let base: UnsafeRawPointer?
        let count: Int
        var startIndex: Int { 0 }
        var endIndex: Int { count }
        subscript(index: Int) -> LineageIndexPair {
            LineageIndexPair(
                hash: Int64(littleEndian: base!.loadUnaligned(fromByteOffset: index * 16, as: Int64.self)),
                key: Int64(littleEndian: base!.loadUnaligned(fromByteOffset: index * 16 + 8, as: Int64.self)))
        }
        func hash(_ index: Int) -> Int64 { Int64(littleEndian: base!.loadUnaligned(fromByteOffset: index * 16, as: Int64.self)) }

        /// The first index whose hash is at least `hash`.
        func lowerBound(_ hash: Int64) -> Int {
            var (low, high) = (0, count)
            while low < high {
                let middle = (low + high) / 2
                if self.hash(middle) < hash { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    // MARK: Reading

    /// The record keys the runs of `kind` hold for `hash`, in key order.
    static func keys(for hash: Int64, kind: Kind, _ db: Database) throws -> [Int64] {
        let seek = try db.cachedStatement(sql: "SELECT last, pairs FROM lineage_run_page WHERE run = ? AND last >= ? ORDER BY last, id")
        let raw = seek.sqliteStatement
        var keys: [Int64] = []
        for run in try runs(kind, db) {
            sqlite3_bind_int64(raw, 1, run.id)
            sqlite3_bind_int64(raw, 2, hash)
            defer { sqlite3_reset(raw) }
            // The pages that can hold `hash`: from the first whose `last` reaches it, while they
            // still begin at or below it (a subject's entries may span pages).
            while try SQLiteEventStore.stepRow(raw, db) {
                let page = try decode(sqlite3_column_blob(raw, 1), bytes: sqlite3_column_bytes(raw, 1))
                var index = page.lowerBound(hash)
                while index < page.count, page.hash(index) == hash {
                    keys.append(page[index].key)
                    index += 1
                }
                if index < page.count { break }
            }
            if kind == .id, !keys.isEmpty { break }
        }
        return keys.sorted()
    }

    /// The entries of the id runs whose hash is among `sortedHashes` (ascending): for each run,
    /// a seek per hash when the hashes are few beside its pages, else one pass over its pages
    /// beside the hashes, so that a large ingestion reads each page once at most.
    ///
    /// With `filters`, a run that has a filter is only asked for the hashes its filter lets
    /// through, and a run read by a pass gets one (the pass then reads the whole run), kept when
    /// the transaction commits.
    static func existing(_ sortedHashes: [Int64], _ db: Database, filters: LineageRunFilters? = nil) throws -> [LineageIndexPair] {
        guard !sortedHashes.isEmpty else { return [] }
        var found: [LineageIndexPair] = []
        let runs = try runs(.id, db)
        filters?.forget(allBut: Set(runs.map(\.id)))
        for run in runs {
            var asked = sortedHashes
            let filter = filters?.filter(for: run.id)
            if let filter {
                asked = sortedHashes.filter(filter.mayContain)
                guard !asked.isEmpty else { continue }
            }
            if asked.count * 16 < run.pages {
                for hash in asked {
                    if let key = try probe(run: run.id, hash: hash, db) { found.append(LineageIndexPair(hash: hash, key: key)) }
                }
                continue
            }
            var building = filters != nil && filter == nil ? LineageBloomFilter(entries: run.entries) : nil
            var next = 0
            try forEachPage(of: run.id, db) { page in
                guard page.count > 0 else { return true }
                if building != nil { for index in 0..<page.count { building!.insert(page.hash(index)) } }
                let last = page.hash(page.count - 1)
                var index = 0
                while next < asked.count, asked[next] <= last {
                    let hash = asked[next]
                    while index < page.count, page.hash(index) < hash { index += 1 }
                    if index < page.count, page.hash(index) == hash { found.append(page[index]) }
                    next += 1
                }
                return next < asked.count || building != nil
            }
            // Kept once the transaction commits: a run written by this very transaction (an
            // earlier group of the same ingestion) is gone after a rollback, and its id free again.
            if let building, let filters {
                let id = run.id
                db.afterNextTransaction(onCommit: { _ in filters.keep(building, for: id) })
            }
        }
        return found
    }

    /// The key of `hash` in one id run.
    private static func probe(run: Int64, hash: Int64, _ db: Database) throws -> Int64? {
        let seek = try db.cachedStatement(sql: "SELECT pairs FROM lineage_run_page WHERE run = ? AND last >= ? ORDER BY last, id LIMIT 1")
        let raw = seek.sqliteStatement
        sqlite3_bind_int64(raw, 1, run)
        sqlite3_bind_int64(raw, 2, hash)
        defer { sqlite3_reset(raw) }
        guard try SQLiteEventStore.stepRow(raw, db) else { return nil }
        let page = try decode(sqlite3_column_blob(raw, 0), bytes: sqlite3_column_bytes(raw, 0))
        let index = page.lowerBound(hash)
        return index < page.count && page.hash(index) == hash ? page[index].key : nil
    }

    /// Calls `body` with each page of `run` in order until it returns `false`.
    static func forEachPage(of run: Int64, _ db: Database, _ body: (PagePairs) throws -> Bool) throws {
        let scan = try db.makeStatement(sql: "SELECT pairs FROM lineage_run_page WHERE id >= ? AND id < ? ORDER BY id")
        let raw = scan.sqliteStatement
        sqlite3_bind_int64(raw, 1, run << pageBits)
        sqlite3_bind_int64(raw, 2, (run + 1) << pageBits)
        defer { sqlite3_reset(raw) }
        while try SQLiteEventStore.stepRow(raw, db) {
            guard try body(try decode(sqlite3_column_blob(raw, 0), bytes: sqlite3_column_bytes(raw, 0))) else { return }
        }
    }

    /// Every entry of every run of `kind`, run by run, each run in order.
    static func forEachEntry(_ kind: Kind, _ db: Database, _ body: (LineageIndexPair) throws -> Void) throws {
        for run in try runs(kind, db) {
            var previous: LineageIndexPair?
            try forEachPage(of: run.id, db) { page in
                for pair in page {
                    if let previous, !(previous < pair) {
                        throw LedgerError(.integrityFailure, "The lineage index run \(run.id) is out of order: it cannot be searched. Run 'govledger lineage verify'.")
                    }
                    previous = pair
                    try body(pair)
                }
                return true
            }
        }
    }

    // MARK: Rewriting

    /// A merge of the runs of one size class into one new run, written a step at a time, each step
    /// in a transaction of its own, so that a large merge does not keep other writers waiting.
    /// Until its last step the new run is "being built" (kind + 2): lookups do not read it and
    /// its sources stay the runs that answer. Between steps, an erasure or a purge may remove
    /// entries from the sources and from the pages already built; each step therefore resumes
    /// every source after the last entry it took from it, reading the pages as they are now.
    struct Merge {
        let kind: Kind
        let target: Int64
        let sources: [Run]
        var after: [LineageIndexPair?]
        var exhausted: [Bool]
        var nextPage: Int64 = 0
        var last: LineageIndexPair?
        var done: Bool { !exhausted.contains(false) }
    }

    /// How long a run may stay "being built" before it counts as abandoned (a process that died
    /// in a merge) and is deleted.
    static let abandonedAfterSeconds: Int64 = 3600

    /// Starts a merge when a size class of `kind` holds ``fanout`` runs or more: `nil` when there
    /// is nothing to merge, or while another writer is building a merged run of `kind`.
    static func beginMerge(_ kind: Kind, now: Int64, _ db: Database) throws -> Merge? {
        for row in try Row.fetchAll(db, sql: "SELECT id, building_since FROM lineage_run WHERE kind = ?", arguments: [kind.rawValue + 2]) {
            let (id, since): (Int64, Int64) = (row[0], row[1])
            guard now - since > abandonedAfterSeconds else { return nil }
            try LineageRewrite.during("abandoned merge", db) { try deleteRun(id, db) }
        }
        let byLevel = Dictionary(grouping: try runs(kind, db), by: \.level)
        guard let level = byLevel.keys.sorted().first(where: { byLevel[$0]!.count >= fanout }) else { return nil }
        let sources = byLevel[level]!
        let target = try createRun(kind: kind.rawValue + 2, level: self.level(entries: sources.reduce(0) { $0 + $1.entries }), buildingSince: now, db)
        return Merge(kind: kind, target: target, sources: sources, after: sources.map { _ in nil }, exhausted: sources.map { _ in false })
    }

    /// Writes up to `limit` entries of `merge` in the caller's transaction; the step that takes
    /// the last entry puts the new run in place of its sources. Returns `false`, having deleted
    /// what it built, when its sources or its run are gone (another writer took the run over as
    /// abandoned, and merged them).
    static func step(_ merge: inout Merge, limit: Int, _ db: Database) throws -> Bool {
        try LineageRewrite.during("merge", db) {
            let present = try Set(Int64.fetchAll(db, sql: "SELECT id FROM lineage_run WHERE kind IN (?, ?)", arguments: [merge.kind.rawValue, merge.kind.rawValue + 2]))
            guard present.contains(merge.target), merge.sources.allSatisfy({ present.contains($0.id) }) else {
                if present.contains(merge.target) { try deleteRun(merge.target, db) }
                return false
            }
            var cursors = try merge.sources.indices.map { index in
                merge.exhausted[index] ? nil : try RunCursor(run: merge.sources[index].id, after: merge.after[index], db)
            }
            var writer = try RunWriter(run: merge.target, nextPage: merge.nextPage, db)
            var written = 0
            while written < limit {
                var best: Int?
                for index in cursors.indices {
                    guard let pair = cursors[index]?.current else { continue }
                    if let chosen = best, !(pair < cursors[chosen]!.current!) { continue }
                    best = index
                }
                guard let best else { break }
                let pair = cursors[best]!.current!
                if let previous = merge.last, !(previous < pair) {
                    throw LedgerError(.integrityFailure, "Two lineage index runs hold the same entry, or a run is out of order; run 'govledger lineage verify'. Nothing was merged.")
                }
                merge.last = pair
                merge.after[best] = pair
                try writer.append(pair)
                written += 1
                try cursors[best]!.advance()
            }
            for index in cursors.indices where cursors[index]?.current == nil { merge.exhausted[index] = true }
            try writer.flush()
            merge.nextPage = writer.nextPage
            try db.execute(sql: "UPDATE lineage_run SET entries = entries + ? WHERE id = ?", arguments: [written, merge.target])
            guard merge.done else { return true }
            try db.execute(sql: "UPDATE lineage_run SET kind = ?, building_since = NULL WHERE id = ?", arguments: [merge.kind.rawValue, merge.target])
            for run in merge.sources { try deleteRun(run.id, db) }
            return true
        }
    }

    private static func deleteRun(_ run: Int64, _ db: Database) throws {
        try db.execute(sql: "DELETE FROM lineage_run_page WHERE id >= ? AND id < ?", arguments: [run << pageBits, (run + 1) << pageBits])
        try db.execute(sql: "DELETE FROM lineage_run WHERE id = ?", arguments: [run])
    }

    /// Reads one run's pages in order from the first entry after `after`, a page at a time
    /// (copied out, since the merge writes to the same table while it reads).
    struct RunCursor {
        let run: Int64
        let db: Database
        private var page: [LineageIndexPair] = []
        private var index = 0
        private var nextPage: Int64

        init(run: Int64, after: LineageIndexPair? = nil, _ db: Database) throws {
            self.run = run
            self.db = db
            nextPage = run << LineageRuns.pageBits
            if let after {
                // The first page that can hold an entry after `after`.
                let seek = try db.cachedStatement(sql: "SELECT id FROM lineage_run_page WHERE run = ? AND last >= ? ORDER BY last, id LIMIT 1")
                guard let first = try Int64.fetchOne(seek, arguments: [run, after.hash]) else {
                    nextPage = (run + 1) << LineageRuns.pageBits
                    return
                }
                nextPage = first
            }
            try load()
            if let after { while let pair = current, !(after < pair) { try advance() } }
        }

        var current: LineageIndexPair? { index < page.count ? page[index] : nil }

        mutating func advance() throws {
            index += 1
            if index == page.count { try load() }
        }

        private mutating func load() throws {
            page.removeAll(keepingCapacity: true)
            index = 0
            let read = try db.cachedStatement(sql: "SELECT id, pairs FROM lineage_run_page WHERE id >= ? AND id < ? ORDER BY id LIMIT 1")
            let raw = read.sqliteStatement
            // Empty pages (emptied by erasures) are skipped.
            while page.isEmpty {
                sqlite3_bind_int64(raw, 1, nextPage)
                sqlite3_bind_int64(raw, 2, (run + 1) << LineageRuns.pageBits)
                defer { sqlite3_reset(raw) }
                guard try SQLiteEventStore.stepRow(raw, db) else { return }
                nextPage = sqlite3_column_int64(raw, 0) + 1
                page.append(contentsOf: try LineageRuns.decode(sqlite3_column_blob(raw, 1), bytes: sqlite3_column_bytes(raw, 1)))
            }
        }
    }

    /// Removes `pairs` from the runs of `kind` (the entries of erased or purged records), rewriting
    /// only the pages that hold them. Returns how many were found and removed.
    @discardableResult
    static func remove(_ pairs: [LineageIndexPair], kind: Kind, _ db: Database) throws -> Int {
        guard !pairs.isEmpty else { return 0 }
        let doomed = Set(pairs)
        let hashes = Set(pairs.map(\.hash)).sorted()
        let seek = try db.cachedStatement(sql: "SELECT id, pairs FROM lineage_run_page WHERE run = ? AND last >= ? ORDER BY last, id")
        let update = try db.cachedStatement(sql: "UPDATE lineage_run_page SET pairs = ? WHERE id = ?")
        let count = try db.cachedStatement(sql: "UPDATE lineage_run SET entries = entries - ? WHERE id = ?")
        var removed = 0
        try LineageRewrite.during("removal", db) {
            // Runs being built by a merge too: they may already hold copies of these entries.
            let building = try Row.fetchAll(db, sql: "SELECT id, level, entries FROM lineage_run WHERE kind = ?", arguments: [kind.rawValue + 2])
                .map { Run(id: $0[0], level: $0[1], entries: $0[2]) }
            for run in try runs(kind, db) + building {
                var rewritten: [Int64: [LineageIndexPair]] = [:]
                for hash in hashes {
                    let raw = seek.sqliteStatement
                    sqlite3_bind_int64(raw, 1, run.id)
                    sqlite3_bind_int64(raw, 2, hash)
                    defer { sqlite3_reset(raw) }
                    while sqlite3_step(raw) == SQLITE_ROW {
                        let id = sqlite3_column_int64(raw, 0)
                        let page = try decode(sqlite3_column_blob(raw, 1), bytes: sqlite3_column_bytes(raw, 1))
                        if rewritten[id] == nil, page.contains(where: { doomed.contains($0) }) { rewritten[id] = Array(page) }
                        if page.count > 0, page.hash(page.count - 1) > hash { break }
                    }
                }
                var fromRun = 0
                for (id, page) in rewritten {
                    let kept = page.filter { !doomed.contains($0) }
                    fromRun += page.count - kept.count
                    try update.execute(arguments: [Data(encode(kept)), id])
                }
                if fromRun > 0 { try count.execute(arguments: [fromRun, run.id]) }
                removed += fromRun
            }
        }
        return removed
    }
}
