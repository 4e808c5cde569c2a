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
    /// Stored checkpoints whose root matched the recomputed tree.
    public var checkpointsChecked: Int
    /// Stored tree heads (one per append batch) whose root matched the recomputed tree.
    public var treeHeadsChecked: Int

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
    public func verify(against external: [Checkpoint] = []) throws -> VerificationReport {
        let start = ContinuousClock.now
        var verifier = ChainVerifier()
        var failure: LedgerError?
        var checkpointsChecked = 0
        var treeHeadsChecked = 0
        do {
            try pool.read { db in
                let coverage = try purgeCoverage(db)
                verifier.isPurgeCovered = { coverage.covers(seq: $0) }
                // Roots the log has committed to, by size: signed checkpoints (stored and given)
                // and the tree head stored after each append batch.
                var expected: [(size: Int, root: SHA256Digest, what: String)] = []
                let origin = try String.fetchOne(db, sql: "SELECT value FROM ledger_meta WHERE key = ?", arguments: [Self.originKey])
                for checkpoint in try Row.fetchAll(db, sql: "SELECT size, root, note, key FROM checkpoint ORDER BY size") {
                    let size: Int = checkpoint[0]
                    let rootData: Data = checkpoint[1]
                    let note: Data = checkpoint[2]
                    let key: String = checkpoint[3]
                    guard let root = try? SHA256Digest(bytes: rootData) else {
                        throw LedgerError(.integrityFailure, "the stored checkpoint of size \(size) has a damaged root hash.", seq: max(0, size - 1))
                    }
                    try Self.checkStoredCheckpoint(size: size, root: root, note: Array(note), verifierKey: key, origin: origin)
                    expected.append((size, root, "the signed checkpoint of size \(size)"))
                }
                for checkpoint in external {
                    expected.append((checkpoint.size, checkpoint.rootHash, "the given checkpoint of size \(checkpoint.size)"))
                }
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM entry_header") ?? 0
                if let beyond = expected.first(where: { $0.size > count }) {
                    throw LedgerError(.integrityFailure, "\(beyond.what) covers \(beyond.size) entries but the log has only \(count): entries the log once committed to are missing.", seq: count)
                }
                expected.sort { $0.size < $1.size }
                var nextExpected = 0
                func checkRoots() throws {
                    while nextExpected < expected.count, expected[nextExpected].size == verifier.count {
                        let item = expected[nextExpected]
                        guard verifier.tree.root == item.root else {
                            throw LedgerError(.integrityFailure, "the log's Merkle root at size \(item.size) is \(verifier.tree.root.hex), but \(item.what) commits to \(item.root.hex): the log was rewritten or forked somewhere in its first \(item.size) entries (the chain alone cannot say where; compare an export with a copy taken when the checkpoint was signed).")
                        }
                        if item.what.hasPrefix("the signed") { checkpointsChecked += 1 }
                        nextExpected += 1
                    }
                }
                // Keep the Statement objects alive: their raw handles are finalized with them.
                let headsStatement = try db.makeStatement(sql: "SELECT size, root, time, batch_start FROM tree_head ORDER BY size")
                let heads = headsStatement.sqliteStatement
                defer { withExtendedLifetime(headsStatement) { _ = sqlite3_reset(heads) } }
                var headSize = Self.nextHead(heads)
                var lastHeadChecked = 0
                let statement = try db.makeStatement(sql: """
                    SELECT h.seq, h.header, h.leaf_hash, p.salt, p.payload,
                           h.stream, h.stream_version, h.type, h.time, h.actor, m.hashes
                    FROM entry_header h
                    LEFT JOIN entry_payload p ON p.seq = h.seq
                    LEFT JOIN merkle_subtree m ON m.seq = h.seq
                    ORDER BY h.seq
                    """)
                let raw = statement.sqliteStatement
                defer { withExtendedLifetime(statement) { _ = sqlite3_reset(raw) } }
                try checkRoots()
                while true {
                    let step = sqlite3_step(raw)
                    if step == SQLITE_DONE { break }
                    guard step == SQLITE_ROW else {
                        throw LedgerError(.internalFailure, "SQLite stopped reading the log (code \(step)): \(String(cString: sqlite3_errmsg(db.sqliteConnection)))")
                    }
                    try Self.verifyRow(raw, with: &verifier)
                    try checkRoots()
                    while let size = headSize, size <= verifier.count {
                        guard size == verifier.count,
                            let rootBytes = Self.column(heads, 1), SHA256Digest(raw: rootBytes) == verifier.tree.root
                        else {
                            throw LedgerError(.integrityFailure, "the stored tree head of size \(size) does not match the root recomputed from the entries.", seq: size - 1)
                        }
                        // A tree head is stamped with the time of the last entry of its batch
                        // (column 8 is that entry's time, already checked against its header).
                        guard let headTime = Self.column(heads, 2), let entryTime = Self.column(raw, 8),
                            headTime.elementsEqual(entryTime)
                        else {
                            throw LedgerError(.integrityFailure, "the stored tree head of size \(size) is not stamped with the time of entry \(size - 1), the last of its batch.", seq: size - 1)
                        }
                        // Heads chain by batch: each starts where the previous one ended, so a head
                        // deleted anywhere breaks the sequence.
                        if sqlite3_column_type(heads, 3) != SQLITE_NULL {
                            let start = Int(sqlite3_column_int64(heads, 3))
                            guard start == lastHeadChecked else {
                                throw LedgerError(.integrityFailure, "the stored tree head of size \(size) says its batch started at \(start), but the previous stored head is at size \(lastHeadChecked): a tree head was deleted or altered.", seq: size - 1)
                            }
                        }
                        treeHeadsChecked += 1
                        lastHeadChecked = size
                        headSize = Self.nextHead(heads)
                    }
                }
                if let size = headSize {
                    throw LedgerError(.integrityFailure, "a tree head of size \(size) is stored but the log has only \(verifier.count) entries: entries are missing.", seq: verifier.count)
                }
                // Every append stores the tree head of the new size in its own transaction, so the
                // whole log always has one: without it the last batch's head was deleted, or entries
                // were added by something other than govledger.
                if verifier.count > 0, lastHeadChecked != verifier.count {
                    throw LedgerError(.integrityFailure, "no tree head is stored for the whole log (size \(verifier.count)): the last batch's tree head was deleted, or entries were added outside govledger.", seq: verifier.count - 1)
                }
                if let orphan = try Int.fetchOne(db, sql: "SELECT MIN(p.seq) FROM entry_payload p LEFT JOIN entry_header h ON h.seq = p.seq WHERE h.seq IS NULL") {
                    throw LedgerError(.integrityFailure, "a payload is stored under seq \(orphan), which has no header.", seq: orphan)
                }
                if let orphan = try Int.fetchOne(db, sql: "SELECT MIN(m.seq) FROM merkle_subtree m LEFT JOIN entry_header h ON h.seq = m.seq WHERE h.seq IS NULL") {
                    throw LedgerError(.integrityFailure, "tree hashes are stored under seq \(orphan), which has no header.", seq: orphan)
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
            seconds: elapsed.seconds,
            checkpointsChecked: checkpointsChecked, treeHeadsChecked: treeHeadsChecked)
    }

    private static func nextHead(_ statement: OpaquePointer) -> Int? {
        sqlite3_step(statement) == SQLITE_ROW ? Int(sqlite3_column_int64(statement, 0)) : nil
    }

    /// A stored checkpoint must be a signed note, by the key recorded beside it, of a checkpoint
    /// body whose size and root are the stored ones and whose origin is this ledger's.
    private static func checkStoredCheckpoint(size: Int, root: SHA256Digest, note: [UInt8], verifierKey: String, origin: String?) throws {
        let place = max(0, size - 1)
        do {
            let verifier = try NoteVerifier(verifierKey: verifierKey)
            let opened = try SignedNote.open(note, verifiers: [verifier])
            let checkpoint = try Checkpoint(text: opened.text)
            guard checkpoint.size == size, checkpoint.rootHash == root else {
                throw LedgerError(.integrityFailure, "the stored checkpoint of size \(size) is signed for size \(checkpoint.size) and root \(checkpoint.rootHash.hex).", seq: place)
            }
            if let origin, checkpoint.origin != origin {
                throw LedgerError(.integrityFailure, "the stored checkpoint of size \(size) is signed for the log '\(checkpoint.origin)', but this ledger's origin is '\(origin)': the origin or the checkpoint was changed.", seq: place)
            }
        } catch let error as LedgerError where error.code != .integrityFailure {
            throw LedgerError(.integrityFailure, "the stored checkpoint of size \(size) does not verify: \(error.message)", seq: place)
        }
    }

    /// The bytes of a column of the current row, valid until the next step.
    static func column(_ statement: OpaquePointer, _ index: Int32) -> UnsafeRawBufferPointer? {
        guard sqlite3_column_type(statement, index) != SQLITE_NULL else { return nil }
        let pointer = sqlite3_column_blob(statement, index)
        let count = Int(sqlite3_column_bytes(statement, index))
        guard let pointer, count > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(start: pointer, count: count)
    }

    private static func equal(_ stored: UnsafeRawBufferPointer?, _ hashes: [SHA256Digest]) -> Bool {
        guard let stored, stored.count == hashes.count * 32 else { return false }
        for (index, hash) in hashes.enumerated() {
            let matches = hash.withUnsafeBytes { memcmp($0.baseAddress!, stored.baseAddress! + index * 32, 32) == 0 }
            if !matches { return false }
        }
        return true
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
        let stored = column(statement, 10)
        let completed = verifier.lastCompletedSubtrees
        if completed.isEmpty ? stored != nil : !Self.equal(stored, completed) {
            throw LedgerError(.integrityFailure, "the stored tree hashes of this entry differ from those recomputed from the entries: proofs served from them would be wrong.", seq: seq)
        }
        guard matches(5, header.stream.rawValue), Int(sqlite3_column_int64(statement, 6)) == header.streamVersion,
            matches(7, header.type.rawValue), matches(8, header.time.description), matches(9, header.actor.rawValue)
        else {
            throw LedgerError(.integrityFailure, "the store's query columns (stream, stream_version, type, time, actor) disagree with the header bytes: filtered reads of this entry would be wrong.", seq: seq)
        }
    }
}
