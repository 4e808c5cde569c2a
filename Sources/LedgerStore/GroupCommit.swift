import LedgerCore
internal import GRDB

/// Group commit of concurrent appends: appends that arrive while a commit is in progress wait
/// and are then written together, each in its own savepoint of one IMMEDIATE transaction, with a
/// single commit (one fsync) for all of them.
///
/// Every append keeps its own atomicity and its own outcome: a stream conflict or a failure in
/// one append rolls back to its savepoint and is reported to that caller only, while the others
/// commit. No caller hears of success before the shared commit is durable; if the commit fails,
/// every caller of the group gets the error and nothing of the group is written.
actor GroupCommit {
    private struct Pending {
        let drafts: [EntryDraft]
        let continuation: CheckedContinuation<[Entry], any Error>
    }

    private var pending: [Pending] = []
    private var flushing = false
    /// The most appends written in one transaction.
    let maximumGroup = 256

    func append(_ drafts: [EntryDraft], pool: DatabasePool, configuration: SQLiteEventStore.Configuration) async throws -> [Entry] {
        try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(drafts: drafts, continuation: continuation))
            if !flushing {
                flushing = true
                Task { await self.flush(pool: pool, configuration: configuration) }
            }
        }
    }

    private func flush(pool: DatabasePool, configuration: SQLiteEventStore.Configuration) async {
        while !pending.isEmpty {
            let group = Array(pending.prefix(maximumGroup))
            pending.removeFirst(group.count)
            let outcomes = await Self.write(group.map(\.drafts), pool: pool, configuration: configuration)
            for (request, outcome) in zip(group, outcomes) {
                request.continuation.resume(with: outcome)
            }
        }
        flushing = false
    }

    /// Writes each batch in its own savepoint of one transaction and commits once.
    private static func write(
        _ batches: [[EntryDraft]], pool: DatabasePool, configuration: SQLiteEventStore.Configuration
    ) async -> [Result<[Entry], any Error>] {
        do {
            return try await pool.writeWithoutTransaction { db in
                var outcomes: [Result<[Entry], any Error>] = []
                try db.inTransaction(.immediate) {
                    for drafts in batches {
                        do {
                            try db.execute(sql: "SAVEPOINT append")
                            let written = try SQLiteEventStore.append(drafts, in: db, configuration: configuration)
                            try db.execute(sql: "RELEASE SAVEPOINT append")
                            outcomes.append(.success(written))
                        } catch {
                            try db.execute(sql: "ROLLBACK TO SAVEPOINT append")
                            try db.execute(sql: "RELEASE SAVEPOINT append")
                            outcomes.append(.failure(error))
                        }
                    }
                    return .commit
                }
                return outcomes
            }
        } catch {
            return batches.map { _ in .failure(error) }
        }
    }
}
