import LedgerCore
import Synchronization

/// A registry state kept up to date across commands, for long-lived callers (the HTTP server,
/// the demo): each command reads only the entries appended since the previous one.
///
/// Without it, ``GovernanceService`` rebuilds the state of each command from the streams the
/// command needs, which suits a process that runs one command.
///
/// ```swift
/// let service = GovernanceService(store: store, clock: clock, cache: RegistryCache())
/// ```
public final class RegistryCache: Sendable {
    private struct Snapshot {
        var state = RegistryState()
        var nextSeq = 0
        var versions: [StreamName: Int] = [:]
    }

    private let snapshot = Mutex(Snapshot())

    public init() {}

    /// The state of the whole log and the version of every stream, after reading what is new.
    func refresh(from store: some EventStore, policies: PolicyCache) async throws -> (RegistryState, [StreamName: Int]) {
        let from = snapshot.withLock { $0.nextSeq }
        let entries = try await store.entries(EntryQuery(fromSeq: from))
        return try snapshot.withLock { (current: inout Snapshot) throws(LedgerError) -> (RegistryState, [StreamName: Int]) in
            for entry in entries where entry.header.seq == current.nextSeq {
                try current.state.apply(entry, policies: policies)
                current.versions[entry.header.stream] = entry.header.streamVersion
                current.nextSeq += 1
            }
            return (current.state, current.versions)
        }
    }

    /// Applies entries just written from the events they were made from, when they are the
    /// next ones the cache expects; otherwise leaves them to the next ``refresh(from:policies:)``.
    ///
    /// Only monitoring snapshots are taken from their events (their payloads are large); every
    /// other entry is decoded from its payload as a refresh would.
    func record(_ written: [Entry], events: [GovernanceEvent], policies: PolicyCache) {
        guard written.count == events.count else { return }
        snapshot.withLock { current in
            guard written.first?.header.seq == current.nextSeq else { return }
            var next = current
            for (entry, event) in zip(written, events) {
                if case .snapshotRecorded = event, entry.header.type == event.type, entry.payload != nil {
                    next.state.apply(event, context: EventContext(header: entry.header))
                } else {
                    do {
                        try next.state.apply(entry, policies: policies)
                    } catch {
                        return
                    }
                }
                next.versions[entry.header.stream] = entry.header.streamVersion
                next.nextSeq += 1
            }
            current = next
        }
    }
}
