public import LedgerCore
internal import GRDB
import Foundation

extension SQLiteEventStore {
    /// The metadata key holding the checkpoint origin line.
    static let originKey = "origin"

    /// The origin line of this log's checkpoints (C2SP tlog-checkpoint), set once.
    ///
    /// A ledger created with an explicit origin keeps it; otherwise the first call fixes
    /// `govledger.local/<16 random hex digits>`, unique per ledger.
    public func origin() throws -> String {
        if let origin = try metadata(Self.originKey) { return origin }
        let random = try configuration.random.bytes(count: 8)
        return try setMetadataOnce(Self.originKey, "govledger.local/" + Hex.encode(random))
    }

    /// The Merkle root of the first `size` entries, from stored hashes in O(log n) reads.
    ///
    /// - Throws: ``LedgerError`` `.malformedInput` when `size` exceeds the log.
    public func treeRoot(size: Int) throws -> SHA256Digest {
        try pool.read { db in
            let count = try Self.readHead(db).nextSeq
            guard size >= 0, size <= count else {
                throw LedgerError(.malformedInput, "The log has \(count) entries; there is no tree of size \(size). Use a size from 0 to \(count).")
            }
            return try MerkleTree.root(size: size, reader: SQLiteMerkleReader(db))
        }
    }

    /// The RFC 9162 inclusion proof of entry `seq` in the tree of `size` entries.
    public func inclusionProof(seq: Int, size: Int) throws -> (leafHash: SHA256Digest, proof: [SHA256Digest], root: SHA256Digest) {
        try pool.read { db in
            let count = try Self.readHead(db).nextSeq
            guard size >= 1, size <= count else {
                throw LedgerError(.malformedInput, "The tree size must be between 1 and the log's \(count) entries, not \(size).")
            }
            guard seq >= 0, seq < size else {
                throw LedgerError(.malformedInput, "seq \(seq) is not in a tree of \(size) entries: the tree size must be larger than the seq.")
            }
            let reader = try SQLiteMerkleReader(db)
            return (
                try reader.subtreeHash(level: 0, index: seq),
                try MerkleTree.inclusionProof(index: seq, size: size, reader: reader),
                try MerkleTree.root(size: size, reader: reader)
            )
        }
    }

    /// An entry with its inclusion proof, the root it leads to and the checkpoint signed at
    /// that size, if any: what `GET /v1/proof/inclusion` serves.
    public struct InclusionEvidence: Sendable {
        public let size: Int
        public let leafHash: SHA256Digest
        public let proof: [SHA256Digest]
        public let root: SHA256Digest
        public let entry: Entry
        public let checkpoint: StoredCheckpoint?
    }

    /// Reads ``InclusionEvidence`` for entry `seq` in one database access, so its parts agree.
    ///
    /// - Parameter size: given the log's size and the size of its latest signed checkpoint,
    ///   returns the tree size to prove against, or throws to refuse the request.
    public func inclusionEvidence(seq: Int, size: (_ logSize: Int, _ latestCheckpointSize: Int?) throws -> Int) throws -> InclusionEvidence {
        try pool.read { db in
            let count = try Self.readHead(db).nextSeq
            let latest = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(size) FROM checkpoint"))
            let treeSize = try size(count, latest)
            guard treeSize >= 1, treeSize <= count, seq >= 0, seq < treeSize else {
                throw LedgerError(.malformedInput, "seq \(seq) is not in a tree of \(treeSize) entries: the tree size must be larger than the seq and at most the log's \(count) entries.")
            }
            let reader = try SQLiteMerkleReader(db)
            var entry: Entry?
            try Self.forEachRow(db, EntryQuery(fromSeq: seq, limit: 1)) { row in entry = try row.entry() }
            guard let entry, entry.header.seq == seq else {
                throw LedgerError(.integrityFailure, "Entry \(seq) is missing from a log of \(count) entries. Run 'govledger verify'.", seq: seq)
            }
            return InclusionEvidence(
                size: treeSize,
                leafHash: try reader.subtreeHash(level: 0, index: seq),
                proof: try MerkleTree.inclusionProof(index: seq, size: treeSize, reader: reader),
                root: try MerkleTree.root(size: treeSize, reader: reader),
                entry: entry,
                checkpoint: try Self.readCheckpoint(db, sql: "WHERE size = ?", arguments: [treeSize]))
        }
    }

    /// The RFC 9162 consistency proof from the tree of `oldSize` entries to that of `newSize`.
    public func consistencyProof(from oldSize: Int, to newSize: Int) throws -> (oldRoot: SHA256Digest, newRoot: SHA256Digest, proof: [SHA256Digest]) {
        try pool.read { db in
            let count = try Self.readHead(db).nextSeq
            guard oldSize >= 0, oldSize <= newSize, newSize <= count else {
                throw LedgerError(.malformedInput, "A consistency proof needs 0 ≤ from ≤ to ≤ \(count) (the log's size); got from \(oldSize) to \(newSize).")
            }
            let reader = try SQLiteMerkleReader(db)
            return (
                try MerkleTree.root(size: oldSize, reader: reader),
                try MerkleTree.root(size: newSize, reader: reader),
                try MerkleTree.consistencyProof(from: oldSize, to: newSize, reader: reader)
            )
        }
    }

    /// Runs `body` with a reader of the stored perfect-subtree hashes, inside one read access, so
    /// that code outside the store (audit packs, multi-leaf proofs) computes roots and proofs with
    /// ``MerkleTree`` from O(log n) reads. The reader must not escape `body`.
    public func withMerkleReader<T>(_ body: (any MerkleHashReader) throws -> T) throws -> T {
        try pool.read { db in try body(try SQLiteMerkleReader(db)) }
    }

    /// The names of all streams that have entries, sorted.
    public func streamNames() throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT stream FROM entry_header ORDER BY stream") }
    }

    /// Signs and stores a checkpoint of the whole current tree.
    ///
    /// Refuses to sign a second, different root for a size that already has a checkpoint (that
    /// would be a forked log); a checkpoint of the same size and root is returned as stored.
    public func signCheckpoint(with signer: NoteSigner) throws -> (checkpoint: StoredCheckpoint, isNew: Bool) {
        let origin = try origin()
        let now = configuration.clock.now()
        return try pool.writeWithoutTransaction { db in
            var result: (StoredCheckpoint, Bool)?
            try db.inTransaction(.immediate) {
                let size = try Self.readHead(db).nextSeq
                let root = try MerkleTree.root(size: size, reader: SQLiteMerkleReader(db))
                if let existing = try Self.readCheckpoint(db, sql: "WHERE size = ?", arguments: [size]) {
                    guard existing.root == root else {
                        throw LedgerError(.integrityFailure, "A checkpoint of size \(size) was already signed with root \(existing.root.hex), but the log's root at that size is now \(root.hex). Refusing to sign a forked log; run 'govledger verify'.")
                    }
                    guard existing.verifierKey == signer.verifier.verifierKey else {
                        throw LedgerError(.invalidField, "The checkpoint of size \(size) is already signed by \(existing.verifierKey). Sign with that key, or append an entry and sign the new size with \(signer.verifier.verifierKey) (after a key rotation, publish the new verifier key first).")
                    }
                    result = (existing, false)
                    return .rollback
                }
                let checkpoint = try Checkpoint(origin: origin, size: size, rootHash: root)
                let note = try SignedNote.sign(text: checkpoint.text, signers: [signer])
                try db.execute(
                    sql: "INSERT INTO checkpoint (size, root, note, key, time) VALUES (?, ?, ?, ?, ?)",
                    arguments: [size, Data(root.bytes), Data(note), signer.verifier.verifierKey, now.description])
                result = (StoredCheckpoint(size: size, root: root, note: note, verifierKey: signer.verifier.verifierKey, time: now), true)
                return .commit
            }
            return result!
        }
    }

    /// Every stored checkpoint, smallest size first.
    public func checkpoints() throws -> [StoredCheckpoint] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT size, root, note, key, time FROM checkpoint ORDER BY size").map(Self.checkpoint(from:))
        }
    }

    /// The checkpoint with the largest size, if any.
    public func latestCheckpoint() throws -> StoredCheckpoint? {
        try pool.read { db in try Self.readCheckpoint(db, sql: "ORDER BY size DESC LIMIT 1") }
    }

    /// The checkpoint of exactly `size`, if one was signed.
    public func checkpoint(size: Int) throws -> StoredCheckpoint? {
        try pool.read { db in try Self.readCheckpoint(db, sql: "WHERE size = ?", arguments: [size]) }
    }

    private static func readCheckpoint(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> StoredCheckpoint? {
        try Row.fetchOne(db.cachedStatement(sql: "SELECT size, root, note, key, time FROM checkpoint " + sql), arguments: arguments).map(checkpoint(from:))
    }

    private static func checkpoint(from row: Row) throws -> StoredCheckpoint {
        let size: Int = row[0]
        let rootData: Data = row[1]
        let note: Data = row[2]
        let key: String = row[3]
        let time: String = row[4]
        guard let root = try? SHA256Digest(bytes: rootData), let stamp = Timestamp(time)
        else {
            throw LedgerError(.integrityFailure, "The stored checkpoint of size \(size) is damaged. Run 'govledger verify'.")
        }
        return StoredCheckpoint(size: size, root: root, note: Array(note), verifierKey: key, time: stamp)
    }

    /// Fills the tree tables for entries appended before they existed (ledgers from before
    /// schema v2). Runs once; a ledger whose tree hashes are complete is left untouched.
    ///
    /// A ledger from before v2 is recognised by entries without any tree head: every append since
    /// v2 stores one in its own transaction. A count of stored subtree rows is not a safe test: it
    /// would let opening the file (as `verify` does) silently rebuild tree rows deleted from a
    /// v2 ledger, hiding the damage from the verification that follows.
    func backfillTreeIfNeeded() throws {
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                let count = try Self.readHead(db).nextSeq
                let heads = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tree_head") ?? 0
                guard count > 0, heads == 0 else { return .rollback }
                let last = try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM merkle_subtree") ?? -1
                var tree = MerkleAccumulator()
                let hasher = SHA256Hasher()
                let leaves = try Row.fetchCursor(db, sql: "SELECT seq, leaf_hash FROM entry_header ORDER BY seq")
                while let row = try leaves.next() {
                    let seq: Int = row[0]
                    let leafData: Data = row[1]
                    let completed = tree.appendReturningCompleted(try SHA256Digest(bytes: leafData), using: hasher)
                    if seq > last, !completed.isEmpty {
                        try db.execute(
                            sql: "INSERT INTO merkle_subtree (seq, hashes) VALUES (?, ?)",
                            arguments: [seq, Data(completed.flatMap(\.bytes))])
                    }
                }
                if count > 0 {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO tree_head (size, root, time) SELECT ?, ?, time FROM entry_header WHERE seq = ?",
                        arguments: [count, Data(tree.root.bytes), count - 1])
                }
                return .commit
            }
        }
    }
}
