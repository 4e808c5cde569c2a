import LedgerCore
internal import GRDB
internal import GRDBSQLite

/// Reads stored perfect-subtree hashes inside one database access, for roots and proofs.
///
/// Level 0 is `entry_header.leaf_hash`; a subtree at level ℓ ≥ 1 and index i was completed by
/// leaf `(i + 1)·2^ℓ − 1`, whose `merkle_subtree` row holds it at byte offset `(ℓ − 1)·32`. Each
/// read is one primary-key lookup. The reader must not outlive the database access it was made in.
struct SQLiteMerkleReader: MerkleHashReader {
    let db: Database
    private let leafStatement: Statement
    private let subtreeStatement: Statement

    init(_ db: Database) throws {
        self.db = db
        leafStatement = try db.cachedStatement(sql: "SELECT leaf_hash FROM entry_header WHERE seq = ?")
        subtreeStatement = try db.cachedStatement(sql: "SELECT hashes FROM merkle_subtree WHERE seq = ?")
    }

    func subtreeHash(level: Int, index: Int) throws -> SHA256Digest {
        guard level >= 0, index >= 0, level < 62 else {
            throw LedgerError(.malformedInput, "No subtree at level \(level), index \(index).")
        }
        let seq = level == 0 ? index : ((index + 1) << level) - 1
        let statement = level == 0 ? leafStatement : subtreeStatement
        let raw = statement.sqliteStatement
        sqlite3_reset(raw)
        sqlite3_bind_int64(raw, 1, Int64(seq))
        defer { sqlite3_reset(raw) }
        guard sqlite3_step(raw) == SQLITE_ROW, let pointer = sqlite3_column_blob(raw, 0) else {
            throw LedgerError(.integrityFailure, "The tree hash at level \(level), index \(index) is not stored: the log has fewer entries than this proof needs, or its tree hashes are damaged. Run 'govledger verify'.", seq: seq)
        }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(raw, 0)))
        let offset = level == 0 ? 0 : (level - 1) * 32
        guard bytes.count >= offset + 32 else {
            throw LedgerError(.integrityFailure, "The stored tree hashes of seq \(seq) are too short for level \(level). Run 'govledger verify'.", seq: seq)
        }
        return SHA256Digest(raw: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + 32)]))!
    }
}
