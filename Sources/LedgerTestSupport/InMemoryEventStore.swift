public import LedgerCore

/// An ``EventStore`` that keeps the log in memory, for tests of code written against the
/// protocol (the governance service, projections).
///
/// It seals entries with the same ``ChainBuilder`` as the SQLite store, so entries, hashes and
/// stream-version conflicts behave the same; batches are atomic because the actor runs one
/// append at a time and seals the whole batch before keeping any of it.
///
/// ```swift
/// let store = InMemoryEventStore(clock: .fixed(Timestamp("2025-01-15T09:30:00.000Z")!))
/// let written = try await store.append([draft])
/// ```
public actor InMemoryEventStore: EventStore {
    private var log: [Entry] = []
    private var versions: [StreamName: Int] = [:]
    private let clock: LedgerClock
    private let random: RandomSource

    /// A store stamping entries with `clock` and salting payloads from `random` (deterministic
    /// by default, so tests reproduce hashes).
    public init(clock: LedgerClock, random: RandomSource = .deterministic(seed: 0)) {
        self.clock = clock
        self.random = random
    }

    public func append(_ drafts: [EntryDraft]) throws -> [Entry] {
        guard !drafts.isEmpty else { return [] }
        let entries = try ChainBuilder.seal(
            drafts, after: head(), streamVersion: { versions[$0] ?? 0 }, clock: clock, random: random)
        for entry in entries { versions[entry.header.stream] = entry.header.streamVersion }
        log += entries
        return entries
    }

    public func head() -> ChainHead {
        guard let last = log.last else { return .empty }
        return ChainHead(nextSeq: last.header.seq + 1, leafHash: last.leafHash, time: last.header.time)
    }

    public func streamVersion(of stream: StreamName) -> Int { versions[stream] ?? 0 }

    public func entries(_ query: EntryQuery) -> [Entry] {
        var result: [Entry] = []
        var latest: [StreamName: [EventType: Int]] = [:]
        if !query.supersededLeftOut.isEmpty {
            for entry in log where entry.payload != nil && query.supersededLeftOut.contains(entry.header.type) {
                latest[entry.header.stream, default: [:]][entry.header.type] = entry.header.seq
            }
        }
        for entry in log where entry.header.seq >= query.fromSeq {
            let header = entry.header
            if query.supersededLeftOut.contains(header.type), let last = latest[header.stream]?[header.type], last > header.seq { continue }
            if let stream = query.stream, header.stream != stream { continue }
            if let type = query.type, header.type != type { continue }
            if let since = query.since, header.time < since { continue }
            if let until = query.until, header.time >= until { continue }
            result.append(entry)
            if let limit = query.limit, result.count >= limit { break }
        }
        return result
    }

    /// Every entry, in seq order.
    public var allEntries: [Entry] { log }

    /// Appends entries exactly as given, bypassing every rule: for tests that forge a log a
    /// compromised writer could have produced.
    public func appendUnchecked(_ drafts: [EntryDraft]) throws -> [Entry] {
        try append(drafts.map { var draft = $0; draft.expectedVersion = nil; return draft })
    }
}
