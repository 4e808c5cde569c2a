/// What to read from a log: filters combine with AND; results come in seq order.
public struct EntryQuery: Hashable, Sendable {
    /// Only entries of this stream.
    public var stream: StreamName?
    /// Only entries of this type.
    public var type: EventType?
    /// Only entries at or after this time.
    public var since: Timestamp?
    /// Only entries strictly before this time.
    public var until: Timestamp?
    /// Only entries with seq at or above this. The default is 0.
    public var fromSeq: Int
    /// At most this many entries; `nil` for all.
    public var limit: Int?
    /// Entries of these types are left out when a later entry of the same type on the same
    /// stream has its payload: only the latest such entry with a payload comes back. The default
    /// is none. It suits types whose latest entry replaces everything the earlier ones told a
    /// reader, such as monitoring snapshots, whose payloads are large.
    public var supersededLeftOut: Set<EventType>

    public init(
        stream: StreamName? = nil, type: EventType? = nil, since: Timestamp? = nil, until: Timestamp? = nil,
        fromSeq: Int = 0, limit: Int? = nil, supersededLeftOut: Set<EventType> = []
    ) {
        self.stream = stream
        self.type = type
        self.since = since
        self.until = until
        self.fromSeq = fromSeq
        self.limit = limit
        self.supersededLeftOut = supersededLeftOut
    }
}

/// Summary figures of a log.
public struct LedgerStatistics: Hashable, Sendable {
    public var entries: Int
    public var streams: Int
    public var payloadsPresent: Int
    public var head: ChainHead
    public var firstTime: Timestamp?
    public var bytesOnDisk: Int64

    public init(entries: Int, streams: Int, payloadsPresent: Int, head: ChainHead, firstTime: Timestamp?, bytesOnDisk: Int64) {
        self.entries = entries
        self.streams = streams
        self.payloadsPresent = payloadsPresent
        self.head = head
        self.firstTime = firstTime
        self.bytesOnDisk = bytesOnDisk
    }
}

/// Persistence of the log behind one protocol: the embedded SQLite store implements it, and
/// other stores (an in-memory one for tests, PostgreSQL for large deployments) can.
///
/// Every implementation must give these guarantees, which the contract tests check:
/// - ``append(_:)`` is atomic: all drafts land, in order and contiguous, or none does;
/// - a stream version conflict writes nothing and throws ``LedgerError`` `.streamConflict`;
/// - concurrent appenders are serialized: the chain never forks and no acknowledged entry is lost;
/// - headers are never changed or deleted once written.
public protocol EventStore: Sendable {
    /// Seals and appends `drafts` atomically; returns the entries as written.
    func append(_ drafts: [EntryDraft]) async throws -> [Entry]
    /// The end of the chain.
    func head() async throws -> ChainHead
    /// The current version of a stream (0 when it has no entries).
    func streamVersion(of stream: StreamName) async throws -> Int
    /// Entries matching `query`, in seq order.
    func entries(_ query: EntryQuery) async throws -> [Entry]
}
