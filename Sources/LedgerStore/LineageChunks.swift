import LedgerCore
internal import GRDB
internal import GRDBSQLite
import Foundation

/// Prediction records as the store keeps them (migration `v10-lineage-index-runs`,
/// docs/lineage.md#storage-informative): the canonical bytes of up to ``recordsPerChunk``
/// consecutive records of one batch in one `lineage_chunk` row, keyed by the first record's key
/// (batch seq · 2^20 + position, a multiple of 16). One row per 16 records is most of what makes
/// an ingestion cheap for SQLite: a row costs about as much to insert as the 5 KiB it holds.
///
/// A chunk is `count` (one byte, 1 to 16), then `count` little-endian UInt32 lengths, then the
/// records' bytes one after another. A record whose content was removed (erased, purged) has
/// length 0: a canonical record is never empty.
enum LineageChunks {
    static let recordsPerChunk = 16

    static func chunkKey(_ key: Int64) -> Int64 { key & ~Int64(recordsPerChunk - 1) }

    /// Appends the chunk of `records` (each the record's bytes, or empty when removed) to `out`.
    static func encode<Records: Collection>(_ records: Records, into out: inout [UInt8]) where Records.Element: Collection<UInt8> {
        precondition((1...recordsPerChunk).contains(records.count))
        out.append(UInt8(records.count))
        for record in records {
            withUnsafeBytes(of: UInt32(record.count).littleEndian) { out.append(contentsOf: $0) }
        }
        for record in records where record.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) == nil {
            out.append(contentsOf: record)
        }
    }

    /// The records of a chunk, `nil` for a removed one.
    static func decode(_ blob: UnsafeRawBufferPointer, key: Int64) throws -> [[UInt8]?] {
        func damaged() -> LedgerError {
            let location = LineageRecordLocation(key: key)
            return LedgerError(.integrityFailure, "The stored records from position \(location.position) of the lineage batch at seq \(location.batchSeq) are not a readable chunk. Run 'govledger lineage verify'.", seq: location.batchSeq)
        }
        guard let count = blob.first.map(Int.init), (1...recordsPerChunk).contains(count), blob.count >= 1 + 4 * count else { throw damaged() }
        var records: [[UInt8]?] = []
        records.reserveCapacity(count)
        var offset = 1 + 4 * count
        for index in 0..<count {
            let length = Int(UInt32(littleEndian: blob.loadUnaligned(fromByteOffset: 1 + 4 * index, as: UInt32.self)))
            guard offset + length <= blob.count else { throw damaged() }
            records.append(length == 0 ? nil : Array(blob[offset..<offset + length]))
            offset += length
        }
        guard offset == blob.count else { throw damaged() }
        return records
    }

    /// The bytes of the record at `key`, or `nil` when no record is stored there (never recorded,
    /// or its content was removed).
    static func record(at key: Int64, _ db: Database) throws -> [UInt8]? {
        let read = try db.cachedStatement(sql: "SELECT records FROM lineage_chunk WHERE key = ?")
        let raw = read.sqliteStatement
        let first = chunkKey(key)
        sqlite3_bind_int64(raw, 1, first)
        defer { sqlite3_reset(raw) }
        guard try SQLiteEventStore.stepRow(raw, db) else { return nil }
        let records = try decode(UnsafeRawBufferPointer(start: sqlite3_column_blob(raw, 0), count: Int(sqlite3_column_bytes(raw, 0))), key: first)
        let index = Int(key - first)
        return index < records.count ? records[index] : nil
    }

    /// Calls `body` with each chunk whose key is in `low..<high`, in key order, with its records.
    static func forEachChunk(_ low: Int64, _ high: Int64, _ db: Database, _ body: (Int64, [[UInt8]?]) throws -> Void) throws {
        let scan = try db.cachedStatement(sql: "SELECT key, records FROM lineage_chunk WHERE key >= ? AND key < ? ORDER BY key")
        let raw = scan.sqliteStatement
        sqlite3_bind_int64(raw, 1, low)
        sqlite3_bind_int64(raw, 2, high)
        defer { sqlite3_reset(raw) }
        while try SQLiteEventStore.stepRow(raw, db) {
            let key = sqlite3_column_int64(raw, 0)
            let records = try decode(UnsafeRawBufferPointer(start: sqlite3_column_blob(raw, 1), count: Int(sqlite3_column_bytes(raw, 1))), key: key)
            try body(key, records)
        }
    }

    /// Removes the content of the records at `keys`, rewriting their chunks (the caller's
    /// transaction; an erasure). Returns how many of them had content.
    static func remove(_ keys: [Int64], _ db: Database) throws -> Int {
        var removed = 0
        let update = try db.cachedStatement(sql: "UPDATE lineage_chunk SET records = ? WHERE key = ?")
        try LineageRewrite.during("erasure", db) {
            for (first, inChunk) in Dictionary(grouping: keys, by: chunkKey) {
                var records: [[UInt8]?] = []
                try forEachChunk(first, first + 1, db) { _, stored in records = stored }
                for key in Set(inChunk) where Int(key - first) < records.count && records[Int(key - first)] != nil {
                    records[Int(key - first)] = nil
                    removed += 1
                }
                guard !records.isEmpty else { continue }
                var blob: [UInt8] = []
                encode(records.map { $0 ?? [] }, into: &blob)
                try update.execute(arguments: [Data(blob), first])
            }
        }
        return removed
    }

    /// Deletes the chunks of the records in `low..<high` (a purged batch).
    static func delete(_ low: Int64, _ high: Int64, _ db: Database) throws {
        try LineageRewrite.during("purge", db) {
            try db.execute(sql: "DELETE FROM lineage_chunk WHERE key >= ? AND key < ?", arguments: [low, high])
        }
    }
}

/// The lineage rows (records and index runs) may be rewritten or deleted only while
/// `lineage_rewrite` holds a row: the store inserts one for a merge, an erasure or a purge and
/// deletes it before it commits, and the triggers refuse any other change. (Anyone with the file
/// can still change anything: `govledger lineage verify` is what finds it.)
enum LineageRewrite {
    static func during<T>(_ reason: String, _ db: Database, _ body: () throws -> T) throws -> T {
        let open = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM lineage_rewrite)") ?? false
        if !open { try db.execute(sql: "INSERT INTO lineage_rewrite (reason) VALUES (?)", arguments: [reason]) }
        let result = try body()
        if !open { try db.execute(sql: "DELETE FROM lineage_rewrite") }
        return result
    }
}
