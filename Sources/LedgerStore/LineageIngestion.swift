public import LedgerCore
internal import GRDB
import Foundation

/// One ingestion written while its file is still being read: batches are handed over a group at
/// a time and written by a thread of their own inside **one** IMMEDIATE transaction, so that
/// parsing and planning the next group (on the other cores) overlap writing this one, and memory
/// holds a group or two instead of the whole file. ``commit()`` makes all of it durable at once;
/// ``abort()`` (or a failure, or a duplicate) leaves nothing written.
///
/// ```swift
/// let ingestion = try store.beginLineageIngestion(actor: caller)
/// for group in groups { try await ingestion.write(LineageBatch.plan(group, size: 10_000)) }
/// let entries = try await ingestion.commit()
/// ```
///
/// The store's write lock is held from the start to the commit or abort, so every ingestion must
/// end in one of them (the writer thread waits for it).
public final class LineageIngestion: @unchecked Sendable {
    private enum Command {
        /// Batches to write, and what to release on the writer thread once they are written.
        case batches([LineageBatch], releasing: LineageInput?)
        case commit
        case abort
    }

    private let lock = NSCondition()
    private var commands: [Command] = []
    private var failure: (any Error)?
    private var finished: Result<[Entry], any Error>?
    private let store: SQLiteEventStore
    private let actor: Principal
    private let retention: RetentionClass
    private let merging: LineageMerging

    /// How many pieces to read and plan a group in (`parts` of ``LineageInput/readJSONLines(_:firstLine:parts:)``
    /// and ``LineageBatch/plan(_:size:parts:)``) while the writer thread runs: four per core.
    /// The writer takes turns on the cores, and a piece held up by it then leaves the other
    /// cores less to wait for: 169,000 against 156,000 records/s with one piece per core (five
    /// govledger-bench runs each on two cores).
    public static var readingPieces: Int { 4 * ProcessInfo.processInfo.activeProcessorCount }

    init(store: SQLiteEventStore, actor: Principal, retention: RetentionClass, merging: LineageMerging) {
        self.store = store
        self.actor = actor
        self.retention = retention
        self.merging = merging
        Thread { [self] in run() }.start()
    }

    /// Hands `batches` to the writer and returns once the writer has taken the group before it,
    /// so that at most one group waits while another is written.
    ///
    /// - Throws: the writer's failure, if it failed on an earlier group.
    public func write(_ batches: [LineageBatch]) async throws {
        try await write(batches, releasing: nil)
    }

    /// ``write(_:)``, handing over the input the batches were planned from, which the writer
    /// thread releases once they are written. Its records share memory with the batches (the
    /// canonical bytes' blocks, the texts): released by the reading side while the writer reads
    /// the batches, their reference counts would bounce between the cores. Measured with
    /// govledger-bench: about 12% more records per second on two cores.
    public func write(_ batches: [LineageBatch], releasing input: LineageInput?) async throws {
        try await wait { [self] () throws -> Bool? in
            if let failure { throw failure }
            guard finished == nil else { throw LedgerError(.internalFailure, "This lineage ingestion was committed or aborted already.") }
            guard commands.isEmpty else { return nil }  // not yet: the writer has not taken the group before
            commands.append(.batches(batches, releasing: input))
            lock.broadcast()
            return true
        }
    }

    /// Commits everything written. Then merges index runs (``SQLiteEventStore/compactLineageIndex()``)
    /// as the ingestion's `merging` says.
    ///
    /// - Returns: the batch entries, in the order their batches were written.
    /// - Throws: ``LineageRejection`` when a prediction id was already recorded (before this
    ///   ingestion or earlier in it; nothing written), or the writer's failure.
    public func commit() async throws -> [Entry] {
        try await finish(.commit)
    }

    /// Leaves nothing written.
    public func abort() async {
        _ = try? await finish(.abort)
    }

    private func finish(_ command: Command) async throws -> [Entry] {
        try await wait { [self] () throws -> Bool in
            commands.append(command)
            lock.broadcast()
            return true
        }
        let result = try await wait { [self] () throws -> Result<[Entry], any Error>? in finished }
        return try result.get()
    }

    /// Calls `attempt` under the lock until it returns a value (`nil`: not yet), on a thread that may block.
    @discardableResult
    private func wait<T: Sendable>(_ attempt: @escaping @Sendable () throws -> T?) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            DispatchQueue.global().async { [self] in
                lock.lock()
                defer { lock.unlock() }
                do {
                    while true {
                        if let value = try attempt() { return continuation.resume(returning: value) }
                        lock.wait()
                    }
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private func next() -> Command {
        lock.lock()
        defer { lock.unlock() }
        while commands.isEmpty { lock.wait() }
        let command = commands.removeFirst()
        lock.broadcast()
        return command
    }

    /// The writer thread: one transaction, from the first group to the commit.
    private func run() {
        var duplicates: [LineageBatch.Record] = []
        let outcome = Result { () throws -> [Entry] in
            let written: [Entry] = try store.pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA cache_size = -131072")
                var written: [Entry] = []
                try db.inTransaction(.immediate) {
                    while true {
                        switch next() {
                        case .batches(let batches, let input):
                            defer { withExtendedLifetime(input) {} }
                            guard duplicates.isEmpty, !batches.isEmpty else { continue }
                            do {
                                let (entries, found) = try SQLiteEventStore.appendLineage(
                                    batches, actor: actor, retention: retention, in: db, configuration: store.configuration, filters: store.lineageFilters)
                                duplicates += found
                                written += entries
                            } catch {
                                // Later groups are refused at once; the transaction rolls back.
                                lock.lock()
                                failure = error
                                lock.broadcast()
                                lock.unlock()
                                throw error
                            }
                        case .commit:
                            return duplicates.isEmpty ? .commit : .rollback
                        case .abort:
                            return .rollback
                        }
                    }
                }
                return written
            }
            guard duplicates.isEmpty else { throw try store.duplicateRejection(duplicates) }
            if !written.isEmpty { try store.mergeLineageIndex(merging) }
            return written
        }
        lock.lock()
        finished = outcome
        if case .failure(let error) = outcome, failure == nil { failure = error }
        // A command still queued after a failure is answered by `finished`.
        commands.removeAll()
        lock.broadcast()
        lock.unlock()
    }
}

extension SQLiteEventStore {
    /// Starts an ingestion written group by group in one transaction (``LineageIngestion``),
    /// merging index runs after its commit as `merging` says.
    public func beginLineageIngestion(
        actor: Principal, retention: RetentionClass = .sevenYears, merging: LineageMerging = .beforeReturning
    ) -> LineageIngestion {
        LineageIngestion(store: self, actor: actor, retention: retention, merging: merging)
    }
}
