internal import GRDB
internal import GRDBSQLite
import Foundation

/// Checkpoints of the write-ahead log, taken off the writer's path.
///
/// SQLite's automatic checkpoint runs inside the commit that leaves the WAL over 1,000 pages: the
/// committing writer copies the WAL's pages into the database file and waits for that file's
/// fsync before its call returns. For a lineage ingestion of 100,000 records that is a copy of
/// about 46 MB and a second fsync, a third of the ingestion's time.
///
/// The store replaces it with a WAL hook on its writer connection. A commit that leaves the WAL
/// over ``startFrames`` asks this object's thread for a PASSIVE checkpoint, run on a connection of
/// its own, and returns. What a commit promises does not change: it is durable once the WAL is
/// synced, as before; a checkpoint only moves committed pages into the database file, and it
/// syncs both files as SQLite's own does.
///
/// The WAL only starts again from its beginning when a write begins with every frame copied, so
/// a writer that keeps committing while the thread copies would grow it without end. A commit
/// that leaves the WAL over ``limitFrames`` therefore waits for the thread and copies the rest
/// itself, as SQLite's automatic checkpoint would have: the WAL stays under about the limit plus
/// one transaction, and the writer waits once per limit's worth of pages instead of once per
/// commit.
final class WALCheckpointer: @unchecked Sendable {
    /// The WAL size, in pages, from which a commit asks for a background checkpoint: SQLite's
    /// default automatic checkpoint size.
    let startFrames: Int32
    /// The WAL size, in pages, from which a commit checkpoints in line: `limitBytes` in the
    /// file's pages, set when the hook is installed.
    private(set) var limitFrames: Int32 = .max
    private let limitBytes: Int
    private let path: String
    private let synchronous: String
    private let lock = NSCondition()
    private var requested = false
    private var running = false
    /// Callers waiting to checkpoint on another connection (``exclusive(_:)``): the thread stops
    /// taking requests while there are any, so that two checkpoints never meet.
    private var waiting = 0
    private var held = false
    private var stopped = false
    private var counts = Counts()
    private var failure: (any Error)?

    /// What the checkpointer did, for tests and diagnostics.
    struct Counts: Equatable {
        /// Passes of the background thread.
        var background = 0
        /// Checkpoints a commit ran itself because the WAL was over the limit.
        var inline = 0
        /// CPU seconds the background thread spent in its passes.
        var backgroundCPUSeconds = 0.0
    }

    init(path: String, durability: SQLiteEventStore.Durability, startPages: Int, limitBytes: Int) {
        self.path = path
        synchronous = durability == .full ? "FULL" : "NORMAL"
        startFrames = Int32(clamping: max(1, startPages))
        self.limitBytes = limitBytes
    }

    /// Installs the hook on the writer connection `db`, replacing SQLite's automatic checkpoint.
    /// The connection must not outlive this object (the store's pool holds both).
    func install(on db: Database) throws {
        let pageSize = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? SQLiteEventStore.Configuration.defaultPageSize
        limitFrames = max(startFrames, Int32(clamping: limitBytes / max(pageSize, 512)))
        sqlite3_wal_hook(db.sqliteConnection, walHook, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Called by SQLite after every commit of the writer connection, with the WAL's size in pages.
    fileprivate func committed(frames: Int32, connection: OpaquePointer?) {
        if frames >= limitFrames {
            exclusive {
                // As SQLite's automatic checkpoint: errors are not the commit's (it happened), and
                // the next commit tries again.
                _ = sqlite3_wal_checkpoint_v2(connection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                lock.withLock { counts.inline += 1 }
            }
        } else if frames >= startFrames {
            request()
        }
    }

    /// Asks for a background pass; returns at once.
    func request() {
        lock.lock()
        defer { lock.unlock() }
        requested = true
        startIfIdle()
    }

    /// Starts the thread when a pass is asked for and nothing stands in its way. Called with the lock held.
    private func startIfIdle() {
        guard requested, !running, !held, waiting == 0, !stopped else { return }
        running = true
        Thread { [self] in run() }.start()
    }

    /// The thread: one connection, as many passes as are asked for, then it ends.
    private func run() {
        var queue: DatabaseQueue?
        while takeRequest() {
            do {
                if queue == nil {
                    var configuration = GRDB.Configuration()
                    configuration.label = "govledger.checkpoint"
                    let opened = try DatabaseQueue(path: path, configuration: configuration)
                    try opened.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
                    queue = opened
                }
                let cpuBegan = Self.threadCPUSeconds()
                try queue!.writeWithoutTransaction { db in
                    let code = sqlite3_wal_checkpoint_v2(db.sqliteConnection, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                    // SQLITE_BUSY: another connection checkpoints (another process); its pass does the work.
                    guard code == SQLITE_OK || code == SQLITE_BUSY else {
                        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                    }
                }
                let cpu = Self.threadCPUSeconds() - cpuBegan
                lock.withLock {
                    counts.background += 1
                    counts.backgroundCPUSeconds += cpu
                    failure = nil
                }
            } catch {
                lock.withLock { failure = error }
            }
        }
        // Closed before the thread counts as ended: the store's connections, closed after,
        // must be the last, so that the writer's close removes the log.
        try? queue?.close()
        queue = nil
        finished()
    }

    /// Whether there is a request to serve now: not when a caller waits to checkpoint, or the
    /// store closes (a request then stays, for after the caller).
    private func takeRequest() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard requested, waiting == 0, !stopped else { return false }
        requested = false
        return true
    }

    /// Marks the thread ended, its connection closed, and starts another for a request made
    /// since its last look.
    private func finished() {
        lock.lock()
        running = false
        lock.broadcast()
        startIfIdle()
        lock.unlock()
    }

    /// Runs `body` (a checkpoint on another connection) once the thread has finished its pass,
    /// keeping it from starting another until `body` returns.
    func exclusive<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock.lock()
        waiting += 1
        while running || held { lock.wait() }
        waiting -= 1
        held = true
        lock.unlock()
        defer {
            lock.lock()
            held = false
            lock.broadcast()
            startIfIdle()
            lock.unlock()
        }
        return try body()
    }

    /// Waits until no pass runs and none is asked for; returns what was done and the error of
    /// the last pass when it failed.
    func wait() -> (counts: Counts, failure: (any Error)?) {
        lock.lock()
        defer { lock.unlock() }
        while running || (requested && waiting == 0 && !held && !stopped) { lock.wait() }
        return (counts, failure)
    }

    /// What was done so far, without waiting.
    func statistics() -> Counts {
        lock.withLock { counts }
    }

    /// Lets the pass under way finish and starts no other: the store is closing, and its
    /// writer connection, closed last, then checkpoints what is left and removes the log, as a
    /// SQLite database closed by its last connection does.
    func stop() {
        lock.lock()
        stopped = true
        while running { lock.wait() }
        lock.unlock()
    }
}

extension WALCheckpointer {
    /// The calling thread's CPU time, in seconds.
    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// The WAL hook: `context` is the ``WALCheckpointer`` that installed it.
private let walHook: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32 = { context, connection, _, frames in
    guard let context else { return SQLITE_OK }
    Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().committed(frames: frames, connection: connection)
    return SQLITE_OK
}
