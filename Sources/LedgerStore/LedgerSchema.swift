internal import GRDB
import Foundation
import LedgerCore

/// The ledger's SQLite schema as migrations. A migration is never edited once shipped: a change
/// is a new migration appended here.
enum LedgerSchema {
    /// The value of `ledger_meta.format` that marks a govledger database.
    static let formatMarker = "govledger/1"

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-ledger") { db in
            try db.execute(sql: """
                CREATE TABLE ledger_meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                ) STRICT;
                CREATE TABLE entry_header (
                    seq INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 0),
                    stream TEXT NOT NULL,
                    stream_version INTEGER NOT NULL CHECK (stream_version >= 1),
                    type TEXT NOT NULL,
                    time TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    header BLOB NOT NULL,
                    leaf_hash BLOB NOT NULL CHECK (length(leaf_hash) = 32),
                    UNIQUE (stream, stream_version)
                ) STRICT;
                CREATE TABLE entry_payload (
                    seq INTEGER PRIMARY KEY NOT NULL REFERENCES entry_header(seq),
                    salt BLOB NOT NULL CHECK (length(salt) = 16),
                    payload BLOB NOT NULL
                ) STRICT;
                CREATE TRIGGER ledger_meta_no_update BEFORE UPDATE ON ledger_meta
                BEGIN SELECT RAISE(ABORT, 'govledger: ledger metadata is immutable'); END;
                CREATE TRIGGER ledger_meta_no_delete BEFORE DELETE ON ledger_meta
                BEGIN SELECT RAISE(ABORT, 'govledger: ledger metadata is immutable'); END;
                CREATE TRIGGER entry_header_no_update BEFORE UPDATE ON entry_header
                BEGIN SELECT RAISE(ABORT, 'govledger: entry headers are append-only; record a correction as a new entry'); END;
                CREATE TRIGGER entry_header_no_delete BEFORE DELETE ON entry_header
                BEGIN SELECT RAISE(ABORT, 'govledger: entry headers are append-only and are never deleted'); END;
                CREATE TRIGGER entry_payload_no_update BEFORE UPDATE ON entry_payload
                BEGIN SELECT RAISE(ABORT, 'govledger: payloads are append-only'); END;
                CREATE TRIGGER entry_payload_no_delete BEFORE DELETE ON entry_payload
                BEGIN SELECT RAISE(ABORT, 'govledger: payloads are removed only by a retention purge'); END;
                """)
            try db.execute(
                sql: "INSERT INTO ledger_meta (key, value) VALUES ('format', ?)", arguments: [formatMarker])
        }
        migrator.registerMigration("v2-merkle") { db in
            // merkle_subtree: for each leaf with an odd index, the roots of the perfect subtrees it
            // completes (levels 1, 2, … concatenated, 32 bytes each); level 0 is entry_header.leaf_hash.
            // tree_head: the root after each append batch. checkpoint: signed tree heads.
            try db.execute(sql: """
                CREATE TABLE merkle_subtree (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    hashes BLOB NOT NULL CHECK (length(hashes) % 32 = 0 AND length(hashes) > 0)
                ) STRICT;
                CREATE TABLE tree_head (
                    size INTEGER PRIMARY KEY NOT NULL CHECK (size > 0),
                    root BLOB NOT NULL CHECK (length(root) = 32),
                    time TEXT NOT NULL
                ) STRICT;
                CREATE TABLE checkpoint (
                    size INTEGER PRIMARY KEY NOT NULL CHECK (size >= 0),
                    root BLOB NOT NULL CHECK (length(root) = 32),
                    note BLOB NOT NULL,
                    key TEXT NOT NULL,
                    time TEXT NOT NULL
                ) STRICT;
                CREATE TRIGGER merkle_subtree_no_update BEFORE UPDATE ON merkle_subtree
                BEGIN SELECT RAISE(ABORT, 'govledger: tree hashes are append-only'); END;
                CREATE TRIGGER merkle_subtree_no_delete BEFORE DELETE ON merkle_subtree
                BEGIN SELECT RAISE(ABORT, 'govledger: tree hashes are append-only'); END;
                CREATE TRIGGER tree_head_no_update BEFORE UPDATE ON tree_head
                BEGIN SELECT RAISE(ABORT, 'govledger: tree heads are append-only'); END;
                CREATE TRIGGER tree_head_no_delete BEFORE DELETE ON tree_head
                BEGIN SELECT RAISE(ABORT, 'govledger: tree heads are append-only'); END;
                CREATE TRIGGER checkpoint_no_update BEFORE UPDATE ON checkpoint
                BEGIN SELECT RAISE(ABORT, 'govledger: checkpoints are append-only'); END;
                CREATE TRIGGER checkpoint_no_delete BEFORE DELETE ON checkpoint
                BEGIN SELECT RAISE(ABORT, 'govledger: checkpoints are append-only'); END;
                """)
        }
        migrator.registerMigration("v3-retention-purge") { db in
            // A payload may be deleted only when a purge row names it, written in the same
            // transaction as the retention.purged (or erasure.performed) entry that records why.
            // The row is bookkeeping for the trigger; verification trusts only the chained entry.
            try db.execute(sql: """
                CREATE TABLE payload_purge (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    purged_by INTEGER NOT NULL CHECK (purged_by > seq)
                ) STRICT;
                CREATE TRIGGER payload_purge_no_update BEFORE UPDATE ON payload_purge
                BEGIN SELECT RAISE(ABORT, 'govledger: purge records are append-only'); END;
                CREATE TRIGGER payload_purge_no_delete BEFORE DELETE ON payload_purge
                BEGIN SELECT RAISE(ABORT, 'govledger: purge records are append-only'); END;
                DROP TRIGGER entry_payload_no_delete;
                CREATE TRIGGER entry_payload_delete_only_purged BEFORE DELETE ON entry_payload
                WHEN NOT EXISTS (SELECT 1 FROM payload_purge WHERE seq = OLD.seq)
                BEGIN SELECT RAISE(ABORT, 'govledger: payloads are removed only by a retention purge or an erasure'); END;
                """)
        }
        migrator.registerMigration("v4-lineage") { db in
            // Prediction lineage (docs/lineage.md). lineage_batch: per batch entry, its model, record
            // count and whole Merkle tree (LineageBatchTree layout), so a record's proof reads one row.
            // lineage_record: the canonical record bytes under key = batch seq · 2^20 + position, so
            // inserts append at the end of the table. lineage_index / lineage_subject: lookups by
            // prediction id and by subject key. lineage_erasure: bookkeeping that lets the delete
            // trigger admit only records named by the erasure.performed entry just appended; the
            // chained entry is what verification trusts.
            try db.execute(sql: """
                CREATE TABLE lineage_batch (
                    seq INTEGER PRIMARY KEY NOT NULL REFERENCES entry_header(seq),
                    model TEXT NOT NULL,
                    count INTEGER NOT NULL CHECK (count >= 1 AND count <= 1048576),
                    tree BLOB NOT NULL
                ) STRICT;
                CREATE TABLE lineage_record (
                    key INTEGER PRIMARY KEY NOT NULL CHECK (key >= 0),
                    record BLOB NOT NULL
                ) STRICT;
                CREATE TABLE lineage_index (
                    prediction_id TEXT PRIMARY KEY NOT NULL,
                    batch_seq INTEGER NOT NULL,
                    position INTEGER NOT NULL CHECK (position >= 0 AND position < 1048576)
                ) STRICT, WITHOUT ROWID;
                CREATE TABLE lineage_subject (
                    subject TEXT NOT NULL,
                    prediction_id TEXT NOT NULL,
                    PRIMARY KEY (subject, prediction_id)
                ) STRICT, WITHOUT ROWID;
                CREATE TABLE lineage_erasure (
                    key INTEGER PRIMARY KEY NOT NULL,
                    erased_by INTEGER NOT NULL CHECK (erased_by > (key >> 20))
                ) STRICT;
                CREATE TRIGGER lineage_batch_no_update BEFORE UPDATE ON lineage_batch
                BEGIN SELECT RAISE(ABORT, 'govledger: lineage batches are append-only'); END;
                CREATE TRIGGER lineage_batch_no_delete BEFORE DELETE ON lineage_batch
                BEGIN SELECT RAISE(ABORT, 'govledger: lineage batches are append-only'); END;
                CREATE TRIGGER lineage_index_no_update BEFORE UPDATE ON lineage_index
                BEGIN SELECT RAISE(ABORT, 'govledger: the lineage index is append-only'); END;
                CREATE TRIGGER lineage_index_no_delete BEFORE DELETE ON lineage_index
                BEGIN SELECT RAISE(ABORT, 'govledger: the lineage index is append-only'); END;
                CREATE TRIGGER lineage_erasure_no_update BEFORE UPDATE ON lineage_erasure
                BEGIN SELECT RAISE(ABORT, 'govledger: erasure records are append-only'); END;
                CREATE TRIGGER lineage_erasure_no_delete BEFORE DELETE ON lineage_erasure
                BEGIN SELECT RAISE(ABORT, 'govledger: erasure records are append-only'); END;
                CREATE TRIGGER lineage_record_no_update BEFORE UPDATE ON lineage_record
                BEGIN SELECT RAISE(ABORT, 'govledger: lineage records are append-only'); END;
                CREATE TRIGGER lineage_record_delete_only_erased BEFORE DELETE ON lineage_record
                WHEN NOT EXISTS (
                    SELECT 1 FROM lineage_erasure e JOIN entry_header h ON h.seq = e.erased_by
                    WHERE e.key = OLD.key AND h.type = 'erasure.performed'
                      AND h.seq = (SELECT MAX(seq) FROM entry_header))
                BEGIN SELECT RAISE(ABORT, 'govledger: lineage records are removed only by a subject erasure'); END;
                CREATE TRIGGER lineage_subject_no_update BEFORE UPDATE ON lineage_subject
                BEGIN SELECT RAISE(ABORT, 'govledger: the subject index is append-only'); END;
                CREATE TRIGGER lineage_subject_delete_only_erased BEFORE DELETE ON lineage_subject
                WHEN NOT EXISTS (
                    SELECT 1 FROM lineage_index i JOIN lineage_erasure e ON e.key = i.batch_seq * 1048576 + i.position
                    WHERE i.prediction_id = OLD.prediction_id)
                BEGIN SELECT RAISE(ABORT, 'govledger: subject rows are removed only by a subject erasure'); END;
                """)
        }
        migrator.registerMigration("v5-tree-head-batch-start") { db in
            // Each tree head records where its batch started (the log size before it), so the heads
            // form an unbroken sequence and a deleted head anywhere is visible. Heads written
            // before this migration have NULL and start the sequence at the first head that has it.
            try db.execute(sql: "ALTER TABLE tree_head ADD COLUMN batch_start INTEGER CHECK (batch_start IS NULL OR batch_start >= 0)")
        }
        migrator.registerMigration("v6-api-tokens") { db in
            // API tokens of the HTTP server. They are credentials, not ledger entries: they never
            // enter the chain, an export or a proof, and the table can be revoked from. Only the
            // SHA-256 of a token is kept; the token itself is shown once when it is created.
            try db.execute(sql: """
                CREATE TABLE api_token (
                    token_hash BLOB PRIMARY KEY NOT NULL CHECK (length(token_hash) = 32),
                    principal TEXT NOT NULL,
                    role TEXT NOT NULL,
                    created TEXT NOT NULL,
                    expires TEXT
                ) STRICT;
                """)
        }
        migrator.registerMigration("v7-projection-state") { db in
            // Read models (registry, model cards, board minutes, …) folded from the log, with the
            // position they reached. Not part of the log: always rebuildable, never verified, and
            // free to be replaced (govledger projections rebuild).
            try db.execute(sql: """
                CREATE TABLE projection_state (
                    name TEXT PRIMARY KEY NOT NULL,
                    position INTEGER NOT NULL CHECK (position >= 0),
                    state BLOB NOT NULL,
                    updated TEXT NOT NULL
                ) STRICT;
                """)
        }
        migrator.registerMigration("v8-lineage-retention") { db in
            // A retention purge of a prediction.batch.recorded payload deletes the batch's records
            // and their subject rows in the same transaction (docs/lineage.md#retention). The
            // delete triggers admit that too: a record whose batch entry's payload was purged by
            // the retention.purged or erasure.performed entry that is the newest entry of the log,
            // and a subject row whose record's batch payload was purged. Leaf hashes, batch trees
            // and index rows stay, so other batches' proofs verify and a lookup can say what
            // removed the record. The triggers keep their names.
            try db.execute(sql: """
                DROP TRIGGER lineage_record_delete_only_erased;
                CREATE TRIGGER lineage_record_delete_only_erased BEFORE DELETE ON lineage_record
                WHEN NOT EXISTS (
                    SELECT 1 FROM lineage_erasure e JOIN entry_header h ON h.seq = e.erased_by
                    WHERE e.key = OLD.key AND h.type = 'erasure.performed'
                      AND h.seq = (SELECT MAX(seq) FROM entry_header))
                AND NOT EXISTS (
                    SELECT 1 FROM payload_purge p JOIN entry_header h ON h.seq = p.purged_by
                    WHERE p.seq = (OLD.key >> 20) AND h.type IN ('retention.purged', 'erasure.performed')
                      AND h.seq = (SELECT MAX(seq) FROM entry_header))
                BEGIN SELECT RAISE(ABORT, 'govledger: lineage records are removed only by a subject erasure or a retention purge of their batch'); END;
                DROP TRIGGER lineage_subject_delete_only_erased;
                CREATE TRIGGER lineage_subject_delete_only_erased BEFORE DELETE ON lineage_subject
                WHEN NOT EXISTS (
                    SELECT 1 FROM lineage_index i JOIN lineage_erasure e ON e.key = i.batch_seq * 1048576 + i.position
                    WHERE i.prediction_id = OLD.prediction_id)
                AND NOT EXISTS (
                    SELECT 1 FROM lineage_index i JOIN payload_purge p ON p.seq = i.batch_seq
                    WHERE i.prediction_id = OLD.prediction_id)
                BEGIN SELECT RAISE(ABORT, 'govledger: subject rows are removed only by a subject erasure or a retention purge of their batch'); END;
                """)
        }
        migrator.registerMigration("v9-lineage-hashed-index") { db in
            // The id and subject indexes keyed by 64-bit hashes (the first 8 bytes of SHA-256 of
            // the id or subject key, big-endian, signed) instead of text: rows a third of the size,
            // so each ingestion rewrites fewer index pages (docs/lineage.md#storage-informative).
            // lineage_id: one row per hash, leading to a record's key (batch seq · 2^20 + position).
            // lineage_id_exact: ids kept in full where the hash cannot be checked against the
            // record: an id whose hash another id already holds, and the id of every record whose
            // content was erased or purged. lineage_subject_key: (subject hash, record key) for
            // the records that have a subject. The existing rows are converted, then the text
            // tables go. Delete rules as before: index rows never; a subject row only once its
            // record was erased or its batch purged.
            try db.execute(sql: """
                CREATE TABLE lineage_id (
                    hash INTEGER PRIMARY KEY NOT NULL,
                    key INTEGER NOT NULL CHECK (key >= 0)
                ) STRICT;
                CREATE TABLE lineage_id_exact (
                    prediction_id TEXT PRIMARY KEY NOT NULL,
                    key INTEGER NOT NULL CHECK (key >= 0)
                ) STRICT, WITHOUT ROWID;
                CREATE TABLE lineage_subject_key (
                    hash INTEGER NOT NULL,
                    key INTEGER NOT NULL CHECK (key >= 0),
                    PRIMARY KEY (hash, key)
                ) STRICT, WITHOUT ROWID;
                """)
            let insertID = try db.makeStatement(sql: "INSERT INTO lineage_id (hash, key) VALUES (?, ?) ON CONFLICT DO NOTHING")
            let insertExact = try db.makeStatement(sql: "INSERT INTO lineage_id_exact (prediction_id, key) VALUES (?, ?)")
            let insertSubject = try db.makeStatement(sql: "INSERT INTO lineage_subject_key (hash, key) VALUES (?, ?) ON CONFLICT DO NOTHING")
            let hasher = SHA256Hasher()
            let ids = try Row.fetchCursor(db, sql: """
                SELECT i.prediction_id, i.batch_seq * 1048576 + i.position, r.key IS NULL
                FROM lineage_index i LEFT JOIN lineage_record r ON r.key = i.batch_seq * 1048576 + i.position
                """)
            var rows: [(hash: Int64, key: Int64, id: String, removed: Bool)] = []
            while let row = try ids.next() {
                let id: String = row[0]
                rows.append((LineageIndex.hash(id, using: hasher), row[1], id, row[2]))
            }
            rows.sort { ($0.hash, $0.key) < ($1.hash, $1.key) }
            for row in rows {
                try insertID.execute(arguments: [row.hash, row.key])
                if row.removed || db.changesCount == 0 { try insertExact.execute(arguments: [row.id, row.key]) }
            }
            var subjects: [(hash: Int64, key: Int64)] = []
            let subjectRows = try Row.fetchCursor(db, sql: """
                SELECT s.subject, i.batch_seq * 1048576 + i.position
                FROM lineage_subject s JOIN lineage_index i ON i.prediction_id = s.prediction_id
                """)
            while let row = try subjectRows.next() {
                let subject: String = row[0]
                subjects.append((LineageIndex.hash(subject, using: hasher), row[1]))
            }
            subjects.sort { ($0.hash, $0.key) < ($1.hash, $1.key) }
            for subject in subjects { try insertSubject.execute(arguments: [subject.hash, subject.key]) }
            try db.execute(sql: """
                DROP TABLE lineage_subject;
                DROP TABLE lineage_index;
                CREATE TRIGGER lineage_id_no_update BEFORE UPDATE ON lineage_id
                BEGIN SELECT RAISE(ABORT, 'govledger: the lineage index is append-only'); END;
                CREATE TRIGGER lineage_id_no_delete BEFORE DELETE ON lineage_id
                BEGIN SELECT RAISE(ABORT, 'govledger: the lineage index is append-only'); END;
                CREATE TRIGGER lineage_id_exact_no_update BEFORE UPDATE ON lineage_id_exact
                BEGIN SELECT RAISE(ABORT, 'govledger: the lineage index is append-only'); END;
                CREATE TRIGGER lineage_id_exact_no_delete BEFORE DELETE ON lineage_id_exact
                BEGIN SELECT RAISE(ABORT, 'govledger: the lineage index is append-only'); END;
                CREATE TRIGGER lineage_subject_key_no_update BEFORE UPDATE ON lineage_subject_key
                BEGIN SELECT RAISE(ABORT, 'govledger: the subject index is append-only'); END;
                CREATE TRIGGER lineage_subject_key_delete_only_removed BEFORE DELETE ON lineage_subject_key
                WHEN NOT EXISTS (SELECT 1 FROM lineage_erasure e WHERE e.key = OLD.key)
                AND NOT EXISTS (SELECT 1 FROM payload_purge p WHERE p.seq = (OLD.key >> 20))
                BEGIN SELECT RAISE(ABORT, 'govledger: subject rows are removed only by a subject erasure or a retention purge of their batch'); END;
                """)
        }
        migrator.registerMigration("v10-lineage-index-runs") { db in
            // Records 16 to a row and the id and subject indexes as sorted runs
            // (docs/lineage.md#storage-informative), so that an ingestion inserts a row per 16
            // records plus a few index pages written in key order, instead of a row per record and
            // two rows at random places in B-trees as large as the ledger.
            // lineage_chunk (LineageChunks): the records of positions key..key+15 of one batch.
            // lineage_run / lineage_run_page (LineageRuns): an ingestion appends one run of id
            // entries and one of subject entries, packed 240 to a row; runs of a size class are
            // merged after the commit, in steps (kind 2 and 3: a run being built, since
            // building_since, in Unix seconds). lineage_id_exact stays as it is. Existing rows are
            // converted (the index tables are already in key order, each becomes one run).
            // Chunks and runs are changed or deleted only while lineage_rewrite holds a row: the
            // store inserts one for a merge, an erasure or a purge and deletes it before it commits.
            // A chunk, besides, only in the transaction of the erasure entry (the newest entry), or
            // deleted when its batch entry's payload was purged by the newest entry.
            try db.execute(sql: """
                CREATE TABLE lineage_chunk (
                    key INTEGER PRIMARY KEY NOT NULL CHECK (key >= 0 AND key % 16 = 0),
                    records BLOB NOT NULL
                ) STRICT;
                CREATE TABLE lineage_run (
                    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL CHECK (id > 0),
                    kind INTEGER NOT NULL CHECK (kind IN (0, 1, 2, 3)),
                    level INTEGER NOT NULL CHECK (level >= 0),
                    entries INTEGER NOT NULL CHECK (entries >= 0),
                    building_since INTEGER CHECK ((kind >= 2) = (building_since IS NOT NULL))
                ) STRICT;
                CREATE TABLE lineage_run_page (
                    id INTEGER PRIMARY KEY NOT NULL,
                    run INTEGER NOT NULL CHECK (run = id >> 24),
                    last INTEGER NOT NULL,
                    pairs BLOB NOT NULL CHECK (length(pairs) % 16 = 0)
                ) STRICT;
                CREATE INDEX lineage_run_page_fence ON lineage_run_page (run, last);
                CREATE TABLE lineage_rewrite (reason TEXT NOT NULL) STRICT;
                """)
            let insertChunk = try db.makeStatement(sql: "INSERT INTO lineage_chunk (key, records) VALUES (?, ?)")
            var chunk: (key: Int64, records: [[UInt8]]) = (-1, [])
            func flush() throws {
                guard chunk.key >= 0 else { return }
                var blob: [UInt8] = []
                LineageChunks.encode(chunk.records, into: &blob)
                try insertChunk.execute(arguments: [chunk.key, Data(blob)])
            }
            let records = try Row.fetchCursor(db, sql: "SELECT key, record FROM lineage_record ORDER BY key")
            while let row = try records.next() {
                let key: Int64 = row[0]
                let bytes: Data = row[1]
                if LineageChunks.chunkKey(key) != chunk.key {
                    try flush()
                    chunk = (LineageChunks.chunkKey(key), [])
                }
                while chunk.key + Int64(chunk.records.count) < key { chunk.records.append([]) }
                chunk.records.append(Array(bytes))
            }
            try flush()
            for (table, kind) in [("lineage_id", LineageRuns.Kind.id), ("lineage_subject_key", .subject)] {
                var writer = try LineageRuns.RunWriter(kind: kind, level: 0, db)
                let rows = try Row.fetchCursor(db, sql: "SELECT hash, key FROM \(table) ORDER BY hash, key")
                while let row = try rows.next() { try writer.append(LineageIndexPair(hash: row[0], key: row[1])) }
                try writer.finish()
            }
            try db.execute(sql: """
                DELETE FROM lineage_run WHERE entries = 0;
                DROP TABLE lineage_record;
                DROP TABLE lineage_id;
                DROP TABLE lineage_subject_key;
                CREATE TRIGGER lineage_chunk_no_update BEFORE UPDATE ON lineage_chunk
                WHEN NOT EXISTS (SELECT 1 FROM lineage_rewrite) OR NEW.key <> OLD.key
                OR (SELECT type FROM entry_header ORDER BY seq DESC LIMIT 1) IS NOT 'erasure.performed'
                BEGIN SELECT RAISE(ABORT, 'govledger: lineage records are removed only by a subject erasure or a retention purge of their batch'); END;
                CREATE TRIGGER lineage_chunk_no_delete BEFORE DELETE ON lineage_chunk
                WHEN NOT EXISTS (SELECT 1 FROM lineage_rewrite)
                OR (SELECT type FROM entry_header ORDER BY seq DESC LIMIT 1) NOT IN ('retention.purged', 'erasure.performed')
                OR NOT EXISTS (SELECT 1 FROM payload_purge WHERE seq = OLD.key >> 20)
                BEGIN SELECT RAISE(ABORT, 'govledger: lineage records are removed only by a subject erasure or a retention purge of their batch'); END;
                CREATE TRIGGER lineage_run_page_no_update BEFORE UPDATE ON lineage_run_page
                WHEN NOT EXISTS (SELECT 1 FROM lineage_rewrite) OR NEW.id <> OLD.id OR NEW.run <> OLD.run OR NEW.last <> OLD.last
                BEGIN SELECT RAISE(ABORT, 'govledger: the lineage index is rewritten only by a merge, an erasure or a purge'); END;
                CREATE TRIGGER lineage_run_page_no_delete BEFORE DELETE ON lineage_run_page
                WHEN NOT EXISTS (SELECT 1 FROM lineage_rewrite)
                BEGIN SELECT RAISE(ABORT, 'govledger: the lineage index is rewritten only by a merge, an erasure or a purge'); END;
                CREATE TRIGGER lineage_run_no_update BEFORE UPDATE ON lineage_run
                WHEN (NOT EXISTS (SELECT 1 FROM lineage_rewrite) AND (OLD.entries <> 0 OR NEW.kind <> OLD.kind)) OR NEW.id <> OLD.id
                OR NEW.kind NOT IN (OLD.kind, OLD.kind - 2)
                BEGIN SELECT RAISE(ABORT, 'govledger: the lineage index is rewritten only by a merge, an erasure or a purge'); END;
                CREATE TRIGGER lineage_run_no_delete BEFORE DELETE ON lineage_run
                WHEN NOT EXISTS (SELECT 1 FROM lineage_rewrite)
                BEGIN SELECT RAISE(ABORT, 'govledger: the lineage index is rewritten only by a merge, an erasure or a purge'); END;
                """)
        }
        return migrator
    }
}
