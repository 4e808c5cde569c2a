public import LedgerCore

/// The header facts of an entry that rules and the registry need besides its payload.
///
/// For an entry read from the ledger they come from its header; for a draft being decided,
/// `seq` is `nil` (the store assigns it) and `time` is the decision's clock time.
public struct EventContext: Hashable, Sendable {
    /// The entry's `seq`, or `nil` before it is written.
    public var seq: Int?
    public var time: Timestamp
    public var actor: Principal
    public var stream: StreamName
    public var retention: RetentionClass

    public init(seq: Int?, time: Timestamp, actor: Principal, stream: StreamName, retention: RetentionClass) {
        self.seq = seq
        self.time = time
        self.actor = actor
        self.stream = stream
        self.retention = retention
    }

    /// The context of a stored entry.
    public init(header: EntryHeader) {
        self.init(seq: header.seq, time: header.time, actor: header.actor, stream: header.stream, retention: header.retention)
    }
}

/// A policy adopted by a `policy.adopted` entry.
public struct AdoptedPolicy: Hashable, Sendable {
    public let policy: Policy
    /// ``Policy/digest``, computed once.
    public let digest: SHA256Digest
    /// The adoption's `seq`, if written.
    public let seq: Int?
    public let time: Timestamp
    public let actor: Principal
}
