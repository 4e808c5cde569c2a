/// An entry to be appended: everything but what the ledger assigns (seq, time, chain link, salt).
public struct EntryDraft: Hashable, Sendable {
    /// The stream the entry belongs to.
    public var stream: StreamName
    /// The catalog event type.
    public var type: EventType
    /// The authenticated principal.
    public var actor: Principal
    /// The retention class.
    public var retention: RetentionClass
    /// The payload object.
    public var payload: JSONObject
    /// The stream's version the caller last saw (0 for a new stream), or `nil` to skip the
    /// optimistic concurrency check.
    public var expectedVersion: Int?

    public init(
        stream: StreamName, type: EventType, actor: Principal, retention: RetentionClass = .sevenYears,
        payload: JSONObject, expectedVersion: Int? = nil
    ) {
        self.stream = stream
        self.type = type
        self.actor = actor
        self.retention = retention
        self.payload = payload
        self.expectedVersion = expectedVersion
    }
}

/// The end of the chain: what the next entry links to.
public struct ChainHead: Hashable, Sendable {
    /// The seq the next entry will get (the current entry count).
    public let nextSeq: Int
    /// The leaf hash of the last entry, or zeros for an empty log.
    public let leafHash: SHA256Digest
    /// The time of the last entry, if any.
    public let time: Timestamp?

    public init(nextSeq: Int, leafHash: SHA256Digest, time: Timestamp?) {
        self.nextSeq = nextSeq
        self.leafHash = leafHash
        self.time = time
    }

    /// The head of an empty log.
    public static let empty = ChainHead(nextSeq: 0, leafHash: .zero, time: nil)
}
