public import LedgerCore

/// One prediction record as the store finds it, with the first level of its proof.
public struct LineageLookup: Hashable, Sendable {
    public let predictionId: PredictionID
    public let location: LineageRecordLocation
    /// The number of records in its batch.
    public let batchCount: Int
    /// `JCS(record)`, or `nil` once erased.
    public let record: [UInt8]?
    /// The record's leaf hash, as the batch tree keeps it (it stays after an erasure).
    public let recordLeafHash: SHA256Digest
    /// The RFC 9162 inclusion path of the record in its batch root.
    public let batchPath: [SHA256Digest]
    /// The batch's root, from the stored tree.
    public let batchRoot: SHA256Digest
    /// The batch entry.
    public let batchEntry: Entry
    /// The seq of the `erasure.performed` entry that removed the record's content, if any.
    public let erasedBy: Int?
    /// The seq of the `retention.purged` entry that removed the batch entry's payload, if any;
    /// the batch's records went with it (their leaves stay in the batch tree).
    public var purgedBy: Int? = nil
}

/// A record of a subject, as erasure needs it.
public struct LineageSubjectRecord: Hashable, Sendable {
    public let predictionId: PredictionID
    public let location: LineageRecordLocation
    public let model: String
}
