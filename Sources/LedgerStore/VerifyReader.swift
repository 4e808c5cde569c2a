import Foundation
internal import GRDBSQLite

/// Rows of the verify query copied out of SQLite, with the tree heads that fall among them.
///
/// Verification runs on two threads: one steps SQLite and copies rows into batches like this
/// one, the other parses, hashes and checks them. Copying costs less than the page reads it
/// overlaps with, and the checking thread never touches the database connection.
struct CopiedRows: Sendable {
    /// Where a column's bytes are in ``bytes``; `nil` for SQL NULL.
    struct Span: Sendable {
        var start: Int
        var count: Int
    }

    struct Row: Sendable {
        var seq: Int
        var streamVersion: Int
        /// header, leaf hash, salt, payload, stream, type, time, actor, tree hashes
        var columns: [Span?]
    }

    struct Head: Sendable {
        var size: Int
        var root: Span?
        var time: Span?
        var batchStart: Int?
    }

    var bytes: [UInt8] = []
    var rows: [Row] = []
    /// Tree heads whose size is at most the count of entries up to the last row of this batch.
    var heads: [Head] = []

    mutating func copy(_ statement: OpaquePointer, _ index: Int32) -> Span? {
        guard sqlite3_column_type(statement, index) != SQLITE_NULL else { return nil }
        let pointer = sqlite3_column_blob(statement, index)
        let count = Int(sqlite3_column_bytes(statement, index))
        let start = bytes.count
        if let pointer, count > 0 {
            bytes.append(contentsOf: UnsafeRawBufferPointer(start: pointer, count: count))
        }
        return Span(start: start, count: count)
    }
}

/// What the reading thread hands over: a batch, or the reason it stopped.
enum VerifyReadResult: Sendable {
    case rows(CopiedRows)
    case failed(code: Int32, message: String)
}

/// A bounded queue between the reading thread and the checking thread.
final class VerifyHandoff: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [VerifyReadResult] = []
    private var finished = false
    private var cancelled = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Waits for room and queues `item`; returns `false` once the checker has cancelled.
    func put(_ item: VerifyReadResult) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= capacity, !cancelled { condition.wait() }
        if cancelled { return false }
        queue.append(item)
        condition.broadcast()
        return true
    }

    /// The next item, or `nil` when the reader has finished and everything was taken.
    func take() -> VerifyReadResult? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty, !finished { condition.wait() }
        if queue.isEmpty { return nil }
        let item = queue.removeFirst()
        condition.broadcast()
        return item
    }

    /// Called by the reader when it has queued its last item.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Called by the checker when it stops early: the reader stops at its next batch.
    func cancel() {
        condition.lock()
        cancelled = true
        queue.removeAll()
        condition.broadcast()
        condition.unlock()
    }
}

/// The reading side of verification: steps the entry statement and the tree-head statement of
/// one open read transaction, on a thread of its own, while the caller's thread checks.
///
/// SQLite allows a connection to be used from another thread as long as only one thread uses it
/// at a time: while the reader runs, the caller does not touch the connection, and it waits for
/// ``join()`` before using it again.
final class VerifyReader: @unchecked Sendable {
    static let rowsPerBatch = 512

    private let entries: OpaquePointer
    private let heads: OpaquePointer
    let handoff = VerifyHandoff(capacity: 4)
    private let done = DispatchSemaphore(value: 0)

    init(entries: OpaquePointer, heads: OpaquePointer) {
        self.entries = entries
        self.heads = heads
    }

    func start() {
        let thread = Thread { [self] in
            run()
            done.signal()
        }
        thread.name = "govledger-verify-reader"
        thread.start()
    }

    /// Waits until the reading thread has stopped; the connection is the caller's again.
    func join() {
        done.wait()
    }

    private func run() {
        defer { handoff.finish() }
        var batch = CopiedRows()
        batch.bytes.reserveCapacity(Self.rowsPerBatch * 1024)
        var rowsRead = 0
        // The heads statement stays on the next head not yet handed over; its columns are valid
        // until the next step.
        func stepHead() -> Int? {
            sqlite3_step(heads) == SQLITE_ROW ? Int(sqlite3_column_int64(heads, 0)) : nil
        }
        var pendingHead = stepHead()
        func attachHeads(upTo size: Int?) {
            while let head = pendingHead, size.map({ head <= $0 }) ?? true {
                batch.heads.append(CopiedRows.Head(
                    size: head, root: batch.copy(heads, 1), time: batch.copy(heads, 2),
                    batchStart: sqlite3_column_type(heads, 3) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(heads, 3))))
                pendingHead = stepHead()
            }
        }
        func handOver() -> Bool {
            let full = batch
            batch = CopiedRows()
            batch.bytes.reserveCapacity(Self.rowsPerBatch * 1024)
            return handoff.put(.rows(full))
        }
        attachHeads(upTo: 0)
        while true {
            let step = sqlite3_step(entries)
            if step == SQLITE_DONE { break }
            guard step == SQLITE_ROW else {
                let message = String(cString: sqlite3_errmsg(sqlite3_db_handle(entries)))
                _ = handoff.put(.failed(code: step, message: message))
                return
            }
            var columns: [CopiedRows.Span?] = []
            columns.reserveCapacity(9)
            for index: Int32 in [1, 2, 3, 4, 5, 7, 8, 9, 10] {
                columns.append(batch.copy(entries, index))
            }
            batch.rows.append(CopiedRows.Row(
                seq: Int(sqlite3_column_int64(entries, 0)), streamVersion: Int(sqlite3_column_int64(entries, 6)), columns: columns))
            rowsRead += 1
            attachHeads(upTo: rowsRead)
            if batch.rows.count == Self.rowsPerBatch {
                guard handOver() else { return }
            }
        }
        // Heads beyond the last entry: the checker reports them.
        attachHeads(upTo: nil)
        _ = handOver()
    }
}
