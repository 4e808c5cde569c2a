public import LedgerCore
import Synchronization

/// A clock that reads a time set by a script: the demo (and tests) move it forward step by step,
/// so that a ledger built twice has the same times, hence the same hashes.
///
/// ```swift
/// let clock = ScriptedClock(Timestamp("2022-01-10T09:00:00.000Z")!)
/// let store = try SQLiteEventStore.create(at: path, configuration: .init(clock: clock.ledgerClock)).store
/// clock.set(Timestamp("2022-01-11T09:00:00.000Z")!)
/// ```
public final class ScriptedClock: Sendable {
    private let time: Mutex<Timestamp>

    /// A clock reading `start`.
    public init(_ start: Timestamp) {
        time = Mutex(start)
    }

    /// The time it reads now.
    public var now: Timestamp { time.withLock { $0 } }

    /// Sets the time it reads.
    public func set(_ newTime: Timestamp) {
        time.withLock { $0 = newTime }
    }

    /// Moves the time forward by `milliseconds`.
    public func advance(milliseconds: Int64) {
        time.withLock { $0 = $0.adding(milliseconds: milliseconds) }
    }

    /// A ``LedgerClock`` that reads this clock.
    public var ledgerClock: LedgerClock {
        LedgerClock { [self] in now }
    }
}
