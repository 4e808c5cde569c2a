import LedgerCore
import Foundation

/// When an ingestion merges the lineage index runs it leaves behind
/// (``SQLiteEventStore/compactLineageIndex()``).
public enum LineageMerging: Sendable {
    /// Before the ingestion call returns: a command-line ingestion, which leaves nothing running
    /// when it exits.
    case beforeReturning
    /// On the store's merge thread, after the call returned: a server, whose caller should not
    /// wait for a merge. A merge of the largest size class rewrites every index entry of the
    /// ledger once (about 4 s per 6.4 million records on two cores), which an HTTP request must
    /// not carry. `failed` is called on that thread with the error of a merge that failed (the
    /// next request tries again): the caller decides how to show it.
    case inBackground(failed: @Sendable (any Error) -> Void)
    /// Not at all: the next ingestion, or ``SQLiteEventStore/compactLineageIndex()``
    /// (`govledger lineage compact`), merges what is due. Until then lookups probe the runs
    /// one by one.
    case later
}

/// The thread that merges lineage index runs for ``LineageMerging/inBackground(failed:)``: one at a time,
/// as often as asked, a request made while a merge runs being served by one more pass after it.
/// ``stop()`` ends it between two merge steps (a merge left unfinished is abandoned and started
/// again after ``LineageRuns/abandonedAfterSeconds``, as when a process dies in one).
final class LineageMergeThread: @unchecked Sendable {
    private let lock = NSCondition()
    private var requested = false
    private var running = false
    private var stopping = false
    private var failure: (any Error)?

    /// Asks for a pass of `merge`, on a thread of its own; returns at once. `merge` is given a
    /// closure telling whether to go on (false once ``stop()`` was called). `failed` is called
    /// on that thread with the error of a pass that failed; the next request tries again.
    func request(_ merge: @escaping @Sendable (_ goOn: () -> Bool) throws -> Void, failed: @escaping @Sendable (any Error) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        guard !stopping else { return }
        requested = true
        guard !running else { return }
        running = true
        Thread { [self] in
            while takeRequest() {
                do {
                    try merge { [self] in
                        lock.lock()
                        defer { lock.unlock() }
                        return !stopping
                    }
                    lock.lock()
                    failure = nil
                    lock.unlock()
                } catch {
                    lock.lock()
                    failure = error
                    lock.unlock()
                    failed(error)
                }
            }
        }.start()
    }

    /// Whether there is a request to serve; marks the thread finished when there is none.
    private func takeRequest() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard requested, !stopping else {
            running = false
            lock.broadcast()
            return false
        }
        requested = false
        return true
    }

    /// Waits until no merge runs and none is asked for; returns the error of the last pass when
    /// it failed.
    @discardableResult
    func wait() -> (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        while running { lock.wait() }
        return failure
    }

    /// Stops the thread after the merge step under way, and waits for it. Later requests are ignored.
    func stop() {
        lock.lock()
        stopping = true
        while running { lock.wait() }
        lock.unlock()
    }
}

extension SQLiteEventStore {
    /// Merges the index runs an ingestion just committed as `merging` says.
    func mergeLineageIndex(_ merging: LineageMerging) throws {
        switch merging {
        case .beforeReturning: try compactLineageIndex()
        case .inBackground(let failed): mergeLineageIndexInBackground(failed: failed)
        case .later: break
        }
    }

    /// Asks the store's merge thread to merge the lineage index runs
    /// (``compactLineageIndex()``) and returns at once. A failed merge is handed to `failed` on
    /// that thread; the index answers the same without it, and the next request tries again.
    public func mergeLineageIndexInBackground(failed: @escaping @Sendable (any Error) -> Void = { _ in }) {
        lineageMerges.request({ [self] goOn in _ = try compactLineageIndex(while: goOn) }, failed: failed)
    }

    /// Waits for the merges asked for with ``mergeLineageIndexInBackground(failed:)``.
    ///
    /// - Throws: the error of the last background merge, when it failed.
    public func waitForLineageMerges() throws {
        if let failure = lineageMerges.wait() { throw failure }
    }

    /// Ends background merging for good (a server shutting down): the merge under way stops
    /// after its current step (at most ``mergeStepEntries`` entries, well under a second), and
    /// this returns once it has.
    public func stopLineageMerges() {
        lineageMerges.stop()
    }
}
