public import LedgerCore
internal import GRDB
internal import GRDBSQLite
import Foundation

/// The embedded ledger store: one SQLite file in WAL mode, accessed through GRDB.
///
/// - Appends run in one `BEGIN IMMEDIATE` transaction per batch, so two processes appending to
///   the same file serialize on SQLite's write lock (waiting up to ``Configuration/busyTimeout``)
///   and never fork the chain.
/// - Headers and payloads live in separate tables; SQLite triggers refuse UPDATE and DELETE on
///   both, so append-only is enforced by the database itself.
/// - Durable by default: `PRAGMA synchronous = FULL`, set again after GRDB's WAL setup (which
///   lowers it to NORMAL on the writer connection) and checked by tests.
/// - Checkpoints of the write-ahead log run on a thread of their own, not inside the commit that
///   fills the log (`WALCheckpointer`); a commit that finds the log over
///   ``Configuration/walLimitBytes`` copies it itself, which bounds it.
///
/// ```swift
/// let store = try SQLiteEventStore.create(at: "ledger.db")
/// let written = try store.appendNow([draft])
/// ```
public final class SQLiteEventStore: EventStore {
    /// How hard a commit waits for the disk.
    public enum Durability: String, Sendable, CaseIterable {
        /// `synchronous = FULL`: a commit is on disk before the append returns. The default.
        case full
        /// `synchronous = NORMAL`: faster bulk loads; in WAL mode the database stays consistent,
        /// but the last commits before a power loss may be lost. For bulk imports that can be rerun.
        case normal
    }

    /// Options for opening a store.
    public struct Configuration: Sendable {
        /// The durability of commits. The default is ``Durability/full``.
        public var durability: Durability
        /// How long a writer waits for another process's write lock, in seconds. The default is 30.
        public var busyTimeout: Double
        /// The clock that stamps entries. The default reads the system clock.
        public var clock: LedgerClock
        /// The source of salts. The default is the system CSPRNG.
        public var random: RandomSource
        /// The SQLite page size of a new ledger file, in bytes: a power of two from 512 to 65,536.
        /// An existing file keeps the page size it was created with. The default,
        /// ``defaultPageSize``, suits lineage ingestion, which writes hundreds of megabytes per
        /// commit; 4,096 halves the latency of a single-entry commit and costs ingestion about
        /// a third of its writer's speed (docs/performance.md).
        public var pageSize: Int
        /// The write-ahead log's size, in pages, from which a commit asks for a checkpoint in the
        /// background (see ``walLimitBytes``). The default is SQLite's, 1,000.
        public var walCheckpointPages: Int
        /// The write-ahead log's size from which a commit copies the log into the database file
        /// itself instead of leaving it to the background checkpoint: what bounds the log while a
        /// writer keeps committing. The default is 256 MiB.
        public var walLimitBytes: Int

        /// 32 KiB.
        public static let defaultPageSize = 32_768

        /// Whether SQLite can use `size` as a page size: a power of two from 512 to 65,536.
        public static func isValidPageSize(_ size: Int) -> Bool {
            (512...65_536).contains(size) && size & (size - 1) == 0
        }

        public init(
            durability: Durability = .full, busyTimeout: Double = 30, clock: LedgerClock = .system,
            random: RandomSource = .system, pageSize: Int = Configuration.defaultPageSize, walCheckpointPages: Int = 1_000,
            walLimitBytes: Int = 256 << 20
        ) {
            self.durability = durability
            self.busyTimeout = busyTimeout
            self.clock = clock
            self.random = random
            self.pageSize = pageSize
            self.walCheckpointPages = walCheckpointPages
            self.walLimitBytes = walLimitBytes
        }
    }

    /// The path of the database file.
    public let path: String
    let pool: DatabasePool
    let configuration: Configuration
    /// Concurrent ``append(_:)`` calls share one transaction and one commit.
    let groupCommit = GroupCommit()
    /// Filters of the lineage id runs, built as ingestions read the runs.
    let lineageFilters = LineageRunFilters()
    /// The thread of ``LineageMerging/inBackground(failed:)`` merges.
    let lineageMerges = LineageMergeThread()
    /// Checkpoints of the write-ahead log, off the writer's path.
    let walCheckpoints: WALCheckpointer

    private init(path: String, pool: DatabasePool, walCheckpoints: WALCheckpointer, configuration: Configuration) {
        self.path = path
        self.pool = pool
        self.walCheckpoints = walCheckpoints
        self.configuration = configuration
    }

    /// The background checkpoint under way finishes before the connections close, so that the
    /// last one to close finds nothing left to copy and removes the log.
    deinit {
        walCheckpoints.stop()
    }

    /// Closes the ledger now rather than when the store is released: background merges stop after
    /// their step, the background checkpoint under way finishes, and the connections close, the
    /// last one copying what is left of the write-ahead log into the database file and removing
    /// the log. A command-line process calls it before it exits, since a thread of its own may
    /// still hold the store then. Every later call on the store fails.
    public func close() throws {
        lineageMerges.stop()
        walCheckpoints.stop()
        // The readers close first (GRDB's close would close the writer first): the last
        // connection, which copies the log and removes it, must be one that may write.
        pool.releaseMemory()
        try pool.close()
    }

    /// Creates a new ledger file, or opens the ledger already at `path`.
    ///
    /// - Parameters:
    ///   - origin: the checkpoint origin line (C2SP), such as `ledger.bank.example/models`;
    ///     by default `govledger.local/<random id>`.
    /// - Returns: the store and whether it was newly created.
    /// - Throws: ``LedgerError`` `.notALedger` when `path` holds something that is not a ledger.
    public static func create(at path: String, configuration: Configuration = Configuration(), origin: String? = nil) throws -> (store: SQLiteEventStore, created: Bool) {
        if FileManager.default.fileExists(atPath: path) {
            return (try open(at: path, configuration: configuration), false)
        }
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            throw LedgerError(.notALedger, "The folder '\(directory)' does not exist. Create it first or choose another --db path.")
        }
        let size = configuration.pageSize
        guard Configuration.isValidPageSize(size) else {
            throw LedgerError(.invalidField, "The page size \(size) is not a power of two from 512 to 65536; nothing was created. Leave it at the default (\(Configuration.defaultPageSize)) unless single-entry commits matter more than ingestion.")
        }
        // The page size is fixed before the file enters WAL mode, which would keep it at 4 KiB.
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA page_size = \(size); VACUUM") }
        try queue.close()
        let (pool, checkpoints) = try makePool(path: path, configuration: configuration)
        try LedgerSchema.migrator.migrate(pool)
        let store = SQLiteEventStore(path: path, pool: pool, walCheckpoints: checkpoints, configuration: configuration)
        try store.applyDurability()
        if let origin {
            try store.setMetadataOnce(originKey, origin)
        }
        _ = try store.origin()
        return (store, true)
    }

    /// Opens an existing ledger file.
    ///
    /// - Throws: ``LedgerError`` `.notALedger` when the file is missing, is not SQLite, or is a
    ///   SQLite database that govledger did not create.
    public static func open(at path: String, configuration: Configuration = Configuration()) throws -> SQLiteEventStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw LedgerError(.notALedger, "No ledger at '\(path)'. Run 'govledger init --db \(path)' to create one, or pass the path of an existing ledger with --db or GOVLEDGER_DB.")
        }
        let pool: DatabasePool
        let walCheckpoints: WALCheckpointer
        do {
            (pool, walCheckpoints) = try makePool(path: path, configuration: configuration)
            let marker = try pool.read { db -> String? in
                guard try db.tableExists("ledger_meta") else { return nil }
                return try String.fetchOne(db, sql: "SELECT value FROM ledger_meta WHERE key = 'format'")
            }
            guard marker == LedgerSchema.formatMarker else {
                throw LedgerError(.notALedger, "'\(path)' is a SQLite database but not a govledger ledger. Pass the path of a ledger, or run 'govledger init' with a new path.")
            }
            try LedgerSchema.migrator.migrate(pool)
        } catch let error as LedgerError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw LedgerError(.notALedger, "'\(path)' is not a SQLite database, so it is not a govledger ledger. Pass the path of a ledger, or run 'govledger init' with a new path.")
        }
        let store = SQLiteEventStore(path: path, pool: pool, walCheckpoints: walCheckpoints, configuration: configuration)
        try store.applyDurability()
        try store.backfillTreeIfNeeded()
        return store
    }

    private static func makePool(path: String, configuration: Configuration) throws -> (DatabasePool, WALCheckpointer) {
        let checkpoints = WALCheckpointer(
            path: path, durability: configuration.durability, startPages: configuration.walCheckpointPages,
            limitBytes: configuration.walLimitBytes)
        var config = GRDB.Configuration()
        config.busyMode = .timeout(configuration.busyTimeout)
        config.foreignKeysEnabled = true
        config.label = "govledger"
        // The writer's commits leave checkpoints to the checkpointer's thread; the pool holds
        // the checkpointer as long as its connections.
        config.prepareDatabase { db in
            if !db.configuration.readonly { try checkpoints.install(on: db) }
        }
        return (try DatabasePool(path: path, configuration: config), checkpoints)
    }

    /// GRDB sets `synchronous = NORMAL` on the WAL writer after `prepareDatabase`; set ours again.
    private func applyDurability() throws {
        let mode = configuration.durability == .full ? "FULL" : "NORMAL"
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = \(mode)")
        }
    }

    /// The file's SQLite page size, in bytes (fixed when the ledger was created).
    public func pageSize() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0 }
    }

    /// The writer connection's `PRAGMA synchronous` value (2 = FULL, 1 = NORMAL).
    public func synchronousMode() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// The value of a ledger metadata key.
    public func metadata(_ key: String) throws -> String? {
        try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM ledger_meta WHERE key = ?", arguments: [key]) }
    }

    /// Sets a metadata key once; an existing key is never changed.
    ///
    /// - Returns: the value now stored (the existing one if the key was already set).
    @discardableResult
    public func setMetadataOnce(_ key: String, _ value: String) throws -> String {
        try pool.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO ledger_meta (key, value) VALUES (?, ?)", arguments: [key, value])
            return try String.fetchOne(db, sql: "SELECT value FROM ledger_meta WHERE key = ?", arguments: [key]) ?? value
        }
    }

    // MARK: Appending

    /// Appends `drafts` atomically in one IMMEDIATE transaction.
    ///
    /// - Throws: ``LedgerError`` `.streamConflict` (nothing written) or a database error.
    public func appendNow(_ drafts: [EntryDraft]) throws -> [Entry] {
        guard !drafts.isEmpty else { return [] }
        return try pool.writeWithoutTransaction { db in
            var written: [Entry] = []
            try db.inTransaction(.immediate) {
                written = try Self.append(drafts, in: db, configuration: configuration)
                return .commit
            }
            return written
        }
    }

    static func append(_ drafts: [EntryDraft], in db: Database, configuration: Configuration) throws -> [Entry] {
        let head = try readHead(db)
        let versionStatement = try db.cachedStatement(sql: "SELECT MAX(stream_version) FROM entry_header WHERE stream = ?")
        let entries = try ChainBuilder.seal(
            drafts, after: head,
            streamVersion: { stream in
                try Int.fetchOne(versionStatement, arguments: [stream.rawValue]) ?? 0
            },
            clock: configuration.clock, random: configuration.random)
        let insertHeader = try db.cachedStatement(sql: """
            INSERT INTO entry_header (seq, stream, stream_version, type, time, actor, header, leaf_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        let insertPayload = try db.cachedStatement(sql: "INSERT INTO entry_payload (seq, salt, payload) VALUES (?, ?, ?)")
        // Bound straight through SQLite's C API: the bytes are copied once, by SQLite, with no
        // intermediate Data or argument arrays (the append path's hottest loop).
        let headerStatement = insertHeader.sqliteStatement
        let payloadStatement = insertPayload.sqliteStatement
        let insertSubtree = try db.cachedStatement(sql: "INSERT INTO merkle_subtree (seq, hashes) VALUES (?, ?)")
        let subtreeStatement = insertSubtree.sqliteStatement
        // The tree's right edge, resumed from stored hashes (one read per set bit of the size);
        // each leaf's completed subtrees are stored in the same transaction as the leaf.
        var tree = try MerkleAccumulator(size: head.nextSeq, reader: SQLiteMerkleReader(db))
        let hasher = SHA256Hasher()
        var completedBytes: [UInt8] = []
        for entry in entries {
            let header = entry.header
            sqlite3_bind_int64(headerStatement, 1, Int64(header.seq))
            bindText(headerStatement, 2, header.stream.rawValue)
            sqlite3_bind_int64(headerStatement, 3, Int64(header.streamVersion))
            bindText(headerStatement, 4, header.type.rawValue)
            bindText(headerStatement, 5, header.time.description)
            bindText(headerStatement, 6, header.actor.rawValue)
            entry.headerBytes.withUnsafeBytes { bindBlob(headerStatement, 7, $0) }
            entry.leafHash.withUnsafeBytes { bindBlob(headerStatement, 8, $0) }
            try step(headerStatement, db)
            if let payload = entry.payload {
                sqlite3_bind_int64(payloadStatement, 1, Int64(header.seq))
                payload.salt.withUnsafeBytes { bindBlob(payloadStatement, 2, $0) }
                payload.canonicalBytes.withUnsafeBytes { bindBlob(payloadStatement, 3, $0) }
                try step(payloadStatement, db)
            }
            let completed = tree.appendReturningCompleted(entry.leafHash, using: hasher)
            if !completed.isEmpty {
                completedBytes.removeAll(keepingCapacity: true)
                for hash in completed { hash.withUnsafeBytes { completedBytes.append(contentsOf: $0) } }
                sqlite3_bind_int64(subtreeStatement, 1, Int64(header.seq))
                completedBytes.withUnsafeBytes { bindBlob(subtreeStatement, 2, $0) }
                try step(subtreeStatement, db)
            }
        }
        withExtendedLifetime((insertHeader, insertPayload, insertSubtree)) {}
        if let last = entries.last {
            try db.execute(
                sql: "INSERT INTO tree_head (size, root, time, batch_start) VALUES (?, ?, ?, ?)",
                arguments: [tree.count, Data(tree.root.bytes), last.header.time.description, head.nextSeq])
        }
        return entries
    }

    /// SQLITE_TRANSIENT: SQLite copies the bound bytes before the call returns.
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    static func bindText(_ statement: OpaquePointer, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            _ = sqlite3_bind_text(statement, index, UnsafeRawPointer(utf8.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(utf8.count), transient)
        }
    }

    static func bindBlob(_ statement: OpaquePointer, _ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        _ = sqlite3_bind_blob(statement, index, bytes.baseAddress, Int32(bytes.count), transient)
    }

    static func step(_ statement: OpaquePointer, _ db: Database) throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else {
            throw LedgerError(.internalFailure, "SQLite refused to store an entry (code \(code)): \(String(cString: sqlite3_errmsg(db.sqliteConnection))). Nothing of this batch was written.")
        }
    }

    /// Steps a read statement: `true` on a row, `false` when there are no more.
    static func stepRow(_ statement: OpaquePointer, _ db: Database) throws -> Bool {
        let code = sqlite3_step(statement)
        if code == SQLITE_ROW { return true }
        guard code == SQLITE_DONE else {
            throw LedgerError(.internalFailure, "Reading the ledger failed (SQLite code \(code)): \(String(cString: sqlite3_errmsg(db.sqliteConnection))).")
        }
        return false
    }

    static func readHead(_ db: Database) throws -> ChainHead {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, leaf_hash, time FROM entry_header ORDER BY seq DESC LIMIT 1")) else {
            return .empty
        }
        let seq: Int = row[0]
        let leafData: Data = row[1]
        let timeText: String = row[2]
        guard let leaf = try? SHA256Digest(bytes: leafData), let time = Timestamp(timeText) else {
            throw LedgerError(.integrityFailure, "The last entry's stored leaf hash or time is damaged; run 'govledger verify' to find the first bad entry.", seq: seq)
        }
        return ChainHead(nextSeq: seq + 1, leafHash: leaf, time: time)
    }

    // MARK: Reading

    /// The end of the chain.
    public func headNow() throws -> ChainHead {
        try pool.read { db in try Self.readHead(db) }
    }

    /// The current version of `stream`, 0 when it has no entries.
    public func streamVersionNow(of stream: StreamName) throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT MAX(stream_version) FROM entry_header WHERE stream = ?", arguments: [stream.rawValue]) ?? 0
        }
    }

    /// Entries matching `query`, in seq order, with headers parsed strictly.
    ///
    /// - Throws: ``LedgerError`` `.integrityFailure` for a stored header that is not canonical.
    public func entriesNow(_ query: EntryQuery) throws -> [Entry] {
        var entries: [Entry] = []
        try forEachEntry(query) { row in entries.append(try row.entry()) }
        return entries
    }

    /// One stored row, as the store keeps it, before any verification.
    public struct StoredRow {
        public let seq: Int
        public let headerBytes: UnsafeRawBufferPointer
        public let leafHash: SHA256Digest?
        public let payload: SealedPayload?

        /// The row as an entry, its header parsed strictly.
        ///
        /// - Throws: ``LedgerError`` `.integrityFailure` naming the seq when the header is not canonical.
        public func entry() throws(LedgerError) -> Entry {
            let header: EntryHeader
            do {
                header = try EntryHeader(canonicalBytes: headerBytes)
            } catch {
                throw LedgerError(.integrityFailure, "\(error.message) Run 'govledger verify' for details.", seq: seq)
            }
            return Entry(header: header, headerBytes: Array(headerBytes), payload: payload, leafHash: leafHash)
        }
    }

    /// Calls `body` for each stored row matching `query`, in seq order, streaming from a cursor.
    ///
    /// The header bytes are valid only during the call. Memory stays constant whatever the size
    /// of the log.
    public func forEachEntry(_ query: EntryQuery = EntryQuery(), _ body: (StoredRow) throws -> Void) throws {
        try pool.read { db in try Self.forEachRow(db, query, body) }
    }

    /// ``forEachEntry(_:_:)`` inside a database access already open.
    static func forEachRow(_ db: Database, _ query: EntryQuery, _ body: (StoredRow) throws -> Void) throws {
        var conditions = ["h.seq >= ?"]
        var arguments: [any DatabaseValueConvertible] = [query.fromSeq]
        if let stream = query.stream { conditions.append("h.stream = ?"); arguments.append(stream.rawValue) }
        if let type = query.type { conditions.append("h.type = ?"); arguments.append(type.rawValue) }
        if let since = query.since { conditions.append("h.time >= ?"); arguments.append(since.description) }
        if let until = query.until { conditions.append("h.time < ?"); arguments.append(until.description) }
        if !query.supersededLeftOut.isEmpty {
            let types = query.supersededLeftOut.map(\.rawValue).sorted()
            conditions.append("""
                NOT (h.type IN (\(types.map { _ in "?" }.joined(separator: ", "))) AND EXISTS (
                    SELECT 1 FROM entry_header l JOIN entry_payload lp ON lp.seq = l.seq
                    WHERE l.stream = h.stream AND l.type = h.type AND l.seq > h.seq))
                """)
            arguments += types.map { $0 as any DatabaseValueConvertible }
        }
        var sql = """
            SELECT h.seq, h.header, h.leaf_hash, p.salt, p.payload
            FROM entry_header h LEFT JOIN entry_payload p ON p.seq = h.seq
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY h.seq
            """
        if let limit = query.limit { sql += " LIMIT \(max(0, limit))" }
        let cursor = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
        while let row = try cursor.next() {
            let seq: Int = row[0]
            let leafData: Data? = row[2]
            let leaf = leafData.flatMap { try? SHA256Digest(bytes: $0) }
            let salt: Data? = row[3]
            let payloadData: Data? = row[4]
            let payload = salt.flatMap { salt in payloadData.map { SealedPayload(canonicalBytes: Array($0), salt: Array(salt)) } }
            try row.withUnsafeData(atIndex: 1) { data in
                guard let data else {
                    throw LedgerError(.integrityFailure, "The stored header is empty.", seq: seq)
                }
                try data.withUnsafeBytes { bytes in
                    try body(StoredRow(seq: seq, headerBytes: bytes, leafHash: leaf, payload: payload))
                }
            }
        }
    }

    /// Summary figures: entries, streams, payloads, head, size on disk.
    public func statistics() throws -> LedgerStatistics {
        let (entries, streams, payloads, first, head) = try pool.read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entry_header") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT stream) FROM entry_header") ?? 0,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entry_payload") ?? 0,
                try String.fetchOne(db, sql: "SELECT time FROM entry_header ORDER BY seq LIMIT 1"),
                try Self.readHead(db)
            )
        }
        var bytes: Int64 = 0
        for suffix in ["", "-wal", "-shm"] {
            if let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix),
                let size = attributes[.size] as? NSNumber
            {
                bytes += size.int64Value
            }
        }
        return LedgerStatistics(
            entries: entries, streams: streams, payloadsPresent: payloads, head: head,
            firstTime: first.flatMap { Timestamp($0) }, bytesOnDisk: bytes)
    }

    // MARK: EventStore

    /// Appends `drafts` atomically. Appends made concurrently from this process are committed
    /// together (``GroupCommit``): each keeps its own atomicity and outcome, and all share one
    /// durable commit.
    public func append(_ drafts: [EntryDraft]) async throws -> [Entry] {
        guard !drafts.isEmpty else { return [] }
        return try await groupCommit.append(drafts, pool: pool, configuration: configuration)
    }

    public func head() async throws -> ChainHead {
        try await pool.read { db in try Self.readHead(db) }
    }

    public func streamVersion(of stream: StreamName) async throws -> Int {
        try streamVersionNow(of: stream)
    }

    public func entries(_ query: EntryQuery) async throws -> [Entry] {
        try entriesNow(query)
    }
}

extension LedgerClock {
    /// The system's wall clock, truncated to milliseconds.
    public static let system = LedgerClock {
        Timestamp(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
