public import LedgerCore
internal import GRDB
internal import GRDBSQLite
import Foundation

/// The outcome of verifying a stored log.
public struct VerificationReport: Sendable {
    /// Entries that verified, before the end or the first failure.
    public var entriesChecked: Int
    /// Payloads present and matching their commitment.
    public var payloadsChecked: Int
    /// Payloads absent and covered by a purge.
    public var payloadsPurged: Int
    /// The Merkle root over the entries checked.
    public var rootHash: SHA256Digest
    /// The leaf hash of the last entry checked.
    public var headLeafHash: SHA256Digest
    /// The first failure, or `nil` when the whole log verified.
    public var failure: LedgerError?
    /// Wall-clock seconds spent.
    public var seconds: Double

    /// Whether the whole log verified.
    public var isValid: Bool { failure == nil }
}

extension SQLiteEventStore {
    /// Verifies the whole stored log (levels 1 and 2 of docs/format.md), streaming in seq order.
    ///
    /// Beyond the chain checks of ``ChainVerifier`` it checks that the store's query columns
    /// (`stream`, `stream_version`, `type`, `time`, `actor`) agree with the header bytes, so that
    /// filtered reads cannot be misled by an edited column, and that no payload row exists
    /// without its header. Rows are read straight from SQLite's buffers, without copies.
    public func verify() throws -> VerificationReport {
        let start = ContinuousClock.now
        var verifier = ChainVerifier()
        var failure: LedgerError?
        do {
            try pool.read { db in
                let statement = try db.makeStatement(sql: """
                    SELECT h.seq, h.header, h.leaf_hash, p.salt, p.payload,
                           h.stream, h.stream_version, h.type, h.time, h.actor
                    FROM entry_header h LEFT JOIN entry_payload p ON p.seq = h.seq ORDER BY h.seq
                    """)
                let raw = statement.sqliteStatement
                defer { sqlite3_reset(raw) }
                while true {
                    let step = sqlite3_step(raw)
                    if step == SQLITE_DONE { break }
                    guard step == SQLITE_ROW else {
                        throw LedgerError(.internalFailure, "SQLite stopped reading the log (code \(step)): \(String(cString: sqlite3_errmsg(db.sqliteConnection)))")
                    }
                    try Self.verifyRow(raw, with: &verifier)
                }
                if let orphan = try Int.fetchOne(db, sql: "SELECT MIN(p.seq) FROM entry_payload p LEFT JOIN entry_header h ON h.seq = p.seq WHERE h.seq IS NULL") {
                    throw LedgerError(.integrityFailure, "a payload is stored under seq \(orphan), which has no header.", seq: orphan)
                }
            }
        } catch let error as LedgerError {
            failure = error
        }
        let elapsed = start.duration(to: .now)
        return VerificationReport(
            entriesChecked: min(verifier.count, failure?.seq ?? verifier.count), payloadsChecked: verifier.payloadsChecked,
            payloadsPurged: verifier.payloadsPurged, rootHash: verifier.tree.root, headLeafHash: verifier.headLeafHash,
            failure: failure,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    /// The bytes of a column of the current row, valid until the next step.
    private static func column(_ statement: OpaquePointer, _ index: Int32) -> UnsafeRawBufferPointer? {
        guard sqlite3_column_type(statement, index) != SQLITE_NULL else { return nil }
        let pointer = sqlite3_column_blob(statement, index)
        let count = Int(sqlite3_column_bytes(statement, index))
        guard let pointer, count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: count)
    }

    private static func verifyRow(_ statement: OpaquePointer, with verifier: inout ChainVerifier) throws(LedgerError) {
        let seq = Int(sqlite3_column_int64(statement, 0))
        guard let headerBytes = column(statement, 1), headerBytes.count > 0 else {
            throw LedgerError(.integrityFailure, "the stored header is empty.", seq: seq)
        }
        var leaf: SHA256Digest? = nil
        if let leafBytes = column(statement, 2) {
            guard let parsed = SHA256Digest(raw: leafBytes) else {
                throw LedgerError(.integrityFailure, "the stored leaf hash is not 32 bytes.", seq: seq)
            }
            leaf = parsed
        }
        let header = try verifier.check(
            seq: seq, rawHeader: headerBytes, storedLeafHash: leaf, salt: column(statement, 3), payload: column(statement, 4))
        func matches(_ index: Int32, _ text: String) -> Bool {
            guard let bytes = column(statement, index) else { return false }
            var text = text
            return text.withUTF8 { utf8 in bytes.count == utf8.count && (bytes.count == 0 || memcmp(bytes.baseAddress!, utf8.baseAddress!, bytes.count) == 0) }
        }
        guard matches(5, header.stream.rawValue), Int(sqlite3_column_int64(statement, 6)) == header.streamVersion,
            matches(7, header.type.rawValue), matches(8, header.time.description), matches(9, header.actor.rawValue)
        else {
            throw LedgerError(.integrityFailure, "the store's query columns (stream, stream_version, type, time, actor) disagree with the header bytes: filtered reads of this entry would be wrong.", seq: seq)
        }
    }
}
