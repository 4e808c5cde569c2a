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

extension LineageLookup {
    /// The lookup as JSON, as `govledger lineage show --json` and `GET /v1/lineage/{id}` print it
    /// before the checkpoint part: the record (or `null` once erased or purged), what removed it,
    /// the record's leaf hash, the batch entry and the path to its root, and `chain`, the entries
    /// of the model version that produced it.
    public func json(record: PredictionRecord?, chain: [Entry]) -> JSONObject {
        let batch = batchEntry.header
        var object = JSONObject()
        object["predictionId"] = .string(predictionId.rawValue)
        object["record"] = record?.json ?? .null
        object["erased"] = .bool(self.record == nil && erasedBy != nil)
        object["erasedBy"] = erasedBy.map { .number(Double($0)) } ?? .null
        object["purged"] = .bool(self.record == nil && erasedBy == nil && purgedBy != nil)
        object["purgedBy"] = purgedBy.map { .number(Double($0)) } ?? .null
        object["recordLeafHash"] = .string(recordLeafHash.hex)
        object["batch"] = [
            "seq": .number(Double(batch.seq)), "stream": .string(batch.stream.rawValue), "time": .string(batch.time.description),
            "actor": .string(batch.actor.rawValue), "position": .number(Double(location.position)), "count": .number(Double(batchCount)),
            "root": .string(batchRoot.hex), "leafHash": .string(batchEntry.leafHash.hex),
        ]
        object["batchPath"] = .array(batchPath.map { .string($0.hex) })
        object["modelChain"] = .array(chain.map { entry in
            [
                "seq": .number(Double(entry.header.seq)), "type": .string(entry.header.type.rawValue),
                "time": .string(entry.header.time.description), "actor": .string(entry.header.actor.rawValue),
            ]
        })
        return object
    }
}
