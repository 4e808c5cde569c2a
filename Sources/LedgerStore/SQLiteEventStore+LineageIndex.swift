import LedgerCore
internal import GRDB
import Foundation

/// The lineage index (migration `v9-lineage-hashed-index`, docs/lineage.md#storage-informative):
/// prediction ids and subject keys are looked up by a 64-bit hash, the first 8 bytes of their
/// SHA-256 read as a big-endian signed integer, which SQLite keeps as a plain integer key.
///
/// A hash names at most one record in the id runs (``LineageRuns``). An id is compared exactly wherever a hash
/// could mislead: against the stored record it leads to, or, when that record's content is gone
/// (erased, purged) or its hash was already taken by another id (a collision), against
/// `lineage_id_exact`, which keeps such ids in full. So a collision never refuses a new id nor
/// hides a recorded one, and a duplicate is always found.
enum LineageIndex {
    /// The first 8 bytes of `SHA-256(text)`, big-endian, as a signed 64-bit integer.
    static func hash(_ text: String, using hasher: SHA256Hasher) -> Int64 { LineageKeyHash.of(text, using: hasher) }

    static func hash(_ text: String) -> Int64 { LineageKeyHash.of(text) }

    /// Where the record of `id` is stored (its key, batch seq · 2^20 + position), or `nil` when
    /// it was never recorded.
    static func key(of id: PredictionID, _ db: Database, hasher: SHA256Hasher) throws -> Int64? {
        let exact = try db.cachedStatement(sql: "SELECT key FROM lineage_id_exact WHERE prediction_id = ?")
        if let key = try Int64.fetchOne(exact, arguments: [id.rawValue]) { return key }
        guard let key = try LineageRuns.keys(for: hash(id.rawValue, using: hasher), kind: .id, db).first else { return nil }
        // The hash leads to a stored record: it is this id's only if the record says so. A record
        // whose content is gone had its id kept in lineage_id_exact, which did not name `id`.
        guard let content = try LineageChunks.record(at: key, db), try recordID(content) == id.rawValue else { return nil }
        return key
    }

    /// The prediction id a stored record holds.
    static func recordID(_ content: [UInt8]) throws -> String {
        guard case .success(let record) = PredictionRecord.read(content) else {
            throw LedgerError(.integrityFailure, "A stored lineage record is not a valid prediction record, so its prediction id cannot be compared. Run 'govledger lineage verify'.")
        }
        return record.predictionId.rawValue
    }

    /// Keeps the id of a record whose content is about to be removed (erasure, purge) in full,
    /// so it can still be looked up and refused as a duplicate.
    static func keepExact(_ id: String, key: Int64, _ db: Database) throws {
        let keep = try db.cachedStatement(sql: "INSERT INTO lineage_id_exact (prediction_id, key) VALUES (?, ?) ON CONFLICT DO NOTHING")
        try keep.execute(arguments: [id, key])
    }
}
