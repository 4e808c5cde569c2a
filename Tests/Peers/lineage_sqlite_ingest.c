/*
 * The floor under lineage ingestion: the same rows govledger writes per record, inserted through
 * SQLite's C API with prepared statements, 32 KiB pages (the store's default for a new ledger),
 * WAL, synchronous=FULL, one transaction per file, index
 * and subject rows sorted by key before they are inserted (as the store does). No parsing,
 * canonical JSON or record hashing: what is left is SQLite's own cost for the layout, independent
 * of how govledger itself was compiled.
 *
 * Layouts (the fourth argument): "v10" (default), what the store writes since migration
 * v10-lineage-index-runs: lineage_batch, the records 16 to a lineage_chunk row, and per file one
 * sorted run of (id hash, record key) and one of (subject hash, record key), 240 pairs to a
 * lineage_run_page row (without the store's merges of runs and its check for taken hashes);
 * "v9", the layout before it: a lineage_record row per record, lineage_id keyed by the first 8
 * bytes of SHA-256(prediction id) as an INTEGER PRIMARY KEY leading to the record's key,
 * lineage_subject_key keyed by (first 8 bytes of SHA-256(subject), record key), and the (here
 * empty) lineage_id_exact; "v4", the layout before that (text keys), for comparison.
 *
 *   cc -O2 -o /tmp/lineage_peer Tests/Peers/lineage_sqlite_ingest.c -lsqlite3 -lcrypto
 *   /tmp/lineage_peer RECORDS FILE_RECORDS DB_PATH [v10|v9|v4]
 *
 * Prints one JSON object: {"records": N, "layout": L, "recordsPerSecond": R,
 * "recordsPerCPUSecond": C, "perMillion": [R1, R2, ...], "cpuPerMillion": [C1, C2, ...]}; C
 * counts only this process's CPU time, which other work on a shared machine disturbs less than
 * the wall clock (fsync waits are not in it).
 */
#include <openssl/sha.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct { char id[40]; char subject[24]; long seq, position; int64_t idHash, subjectHash; } Row;

static int64_t key(const Row *row) { return ((int64_t)row->seq << 20) | row->position; }

static int byID(const void *a, const void *b) { return strcmp(((const Row *)a)->id, ((const Row *)b)->id); }

static int bySubject(const void *a, const void *b) {
    int c = strcmp(((const Row *)a)->subject, ((const Row *)b)->subject);
    return c ? c : byID(a, b);
}

static int byIDHash(const void *a, const void *b) {
    int64_t x = ((const Row *)a)->idHash, y = ((const Row *)b)->idHash;
    return x < y ? -1 : x > y;
}

static int bySubjectHash(const void *a, const void *b) {
    const Row *p = a, *q = b;
    if (p->subjectHash != q->subjectHash) return p->subjectHash < q->subjectHash ? -1 : 1;
    return key(p) < key(q) ? -1 : key(p) > key(q);
}

/* The first 8 bytes of SHA-256(text), big-endian, as a signed 64-bit integer. */
static int64_t hash64(const char *text) {
    unsigned char digest[32];
    SHA256((const unsigned char *)text, strlen(text), digest);
    uint64_t value = 0;
    for (int k = 0; k < 8; k++) value = (value << 8) | digest[k];
    return (int64_t)value;
}

static uint64_t splitmix(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double cpu(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void check(int code, sqlite3 *db, const char *what) {
    if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW) {
        fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
        exit(1);
    }
}

int main(int argc, char **argv) {
    if (argc != 4 && argc != 5) { fprintf(stderr, "usage: %s RECORDS FILE_RECORDS DB [v10|v9|v4]\n", argv[0]); return 2; }
    long records = atol(argv[1]), file = atol(argv[2]);
    const char *layout = argc == 5 ? argv[4] : "v10";
    int v4 = strcmp(layout, "v4") == 0, v10 = strcmp(layout, "v10") == 0;
    if (!v4 && !v10 && strcmp(layout, "v9") != 0) { fprintf(stderr, "layout must be v10, v9 or v4\n"); return 2; }
    const long batch = 10000;
    sqlite3 *db;
    remove(argv[3]);
    check(sqlite3_open(argv[3], &db), db, "open");
    check(sqlite3_exec(db,
        "PRAGMA page_size=32768; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-131072;"
        "CREATE TABLE lineage_batch (seq INTEGER PRIMARY KEY NOT NULL, model TEXT NOT NULL, count INTEGER NOT NULL, tree BLOB NOT NULL) STRICT;"
        "CREATE TABLE lineage_record (key INTEGER PRIMARY KEY NOT NULL CHECK (key >= 0), record BLOB NOT NULL) STRICT;",
        0, 0, 0), db, "schema");
    if (v10) check(sqlite3_exec(db,
        "CREATE TABLE lineage_chunk (key INTEGER PRIMARY KEY NOT NULL CHECK (key >= 0 AND key % 16 = 0), records BLOB NOT NULL) STRICT;"
        "CREATE TABLE lineage_run (id INTEGER PRIMARY KEY NOT NULL, kind INTEGER NOT NULL, level INTEGER NOT NULL, entries INTEGER NOT NULL) STRICT;"
        "CREATE TABLE lineage_run_page (id INTEGER PRIMARY KEY NOT NULL, run INTEGER NOT NULL, last INTEGER NOT NULL, pairs BLOB NOT NULL) STRICT;"
        "CREATE INDEX lineage_run_page_fence ON lineage_run_page (run, last);", 0, 0, 0), db, "schema");
    else check(sqlite3_exec(db, v4
        ? "CREATE TABLE lineage_index (prediction_id TEXT PRIMARY KEY NOT NULL, batch_seq INTEGER NOT NULL, position INTEGER NOT NULL) STRICT, WITHOUT ROWID;"
          "CREATE TABLE lineage_subject (subject TEXT NOT NULL, prediction_id TEXT NOT NULL, PRIMARY KEY (subject, prediction_id)) STRICT, WITHOUT ROWID;"
        : "CREATE TABLE lineage_id (hash INTEGER PRIMARY KEY NOT NULL, key INTEGER NOT NULL) STRICT;"
          "CREATE TABLE lineage_id_exact (prediction_id TEXT PRIMARY KEY NOT NULL, key INTEGER NOT NULL) STRICT, WITHOUT ROWID;"
          "CREATE TABLE lineage_subject_key (hash INTEGER NOT NULL, key INTEGER NOT NULL, PRIMARY KEY (hash, key)) STRICT, WITHOUT ROWID;",
        0, 0, 0), db, "schema");
    sqlite3_stmt *b, *i = 0, *r, *s = 0, *run = 0, *page = 0;
    check(sqlite3_prepare_v2(db, "INSERT INTO lineage_batch VALUES (?, 'fraud', ?, ?)", -1, &b, 0), db, "prepare");
    if (v10) {
        check(sqlite3_prepare_v2(db, "INSERT INTO lineage_chunk VALUES (?, ?)", -1, &r, 0), db, "prepare");
        check(sqlite3_prepare_v2(db, "INSERT INTO lineage_run VALUES (?, ?, 0, ?)", -1, &run, 0), db, "prepare");
        check(sqlite3_prepare_v2(db, "INSERT INTO lineage_run_page VALUES (?, ?, ?, ?)", -1, &page, 0), db, "prepare");
    } else {
    check(sqlite3_prepare_v2(db, v4 ? "INSERT INTO lineage_index VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
                                    : "INSERT INTO lineage_id VALUES (?, ?) ON CONFLICT DO NOTHING", -1, &i, 0), db, "prepare");
    check(sqlite3_prepare_v2(db, "INSERT INTO lineage_record VALUES (?, ?)", -1, &r, 0), db, "prepare");
    check(sqlite3_prepare_v2(db, v4 ? "INSERT INTO lineage_subject VALUES (?, ?)" : "INSERT INTO lineage_subject_key VALUES (?, ?)", -1, &s, 0), db, "prepare");
    }
    /* A chunk: count, 16 little-endian UInt32 lengths, the records; index pages of 240 pairs. */
    unsigned char *chunk = malloc(1 + 4 * 16 + 16 * 336), *pairs = malloc(240 * 16);
    long runs = 0;
    unsigned char record[336], *tree = malloc(64 * batch);
    memset(record, 'x', sizeof record);
    memset(tree, 7, 64 * batch);
    Row *rows = malloc(sizeof(Row) * file);
    uint64_t rng = 17;
    double start = now(), millionStart = start, millionCPU = cpu();
    long done = 0, seq = 0, millionDone = 0;
    char cpuRates[4096] = "";
    printf("{\"records\": %ld, \"layout\": \"%s\", \"perMillion\": [", records, layout);
    int firstRate = 1;
    while (done < records) {
        long count = file < records - done ? file : records - done;
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0), db, "begin");
        for (long k = 0; k < count; k += batch, seq++) {
            long n = batch < count - k ? batch : count - k;
            sqlite3_bind_int64(b, 1, seq);
            sqlite3_bind_int64(b, 2, n);
            sqlite3_bind_blob(b, 3, tree, (int)(64 * n), SQLITE_STATIC);
            check(sqlite3_step(b), db, "batch"); sqlite3_reset(b);
            for (long p = 0; p < n; p++) {
                Row *row = &rows[k + p];
                snprintf(row->id, sizeof row->id, "txn-%llx-%ld", (unsigned long long)splitmix(&rng), done + k + p);
                snprintf(row->subject, sizeof row->subject, "cust-%llu", (unsigned long long)(splitmix(&rng) % 100000));
                row->seq = seq;
                row->position = p;
                if (!v4) { row->idHash = hash64(row->id); row->subjectHash = hash64(row->subject); }
                if (v10) {
                    if (p % 16 != 15 && p != n - 1) continue;  /* the chunk is complete */
                    long first = p - p % 16, m = p - first + 1;
                    chunk[0] = (unsigned char)m;
                    for (long q = 0; q < m; q++) { uint32_t length = sizeof record; memcpy(chunk + 1 + 4 * q, &length, 4); memcpy(chunk + 1 + 4 * m + q * sizeof record, record, sizeof record); }
                    sqlite3_bind_int64(r, 1, key(&rows[k + first]));
                    sqlite3_bind_blob(r, 2, chunk, (int)(1 + 4 * m + m * sizeof record), SQLITE_STATIC);
                    check(sqlite3_step(r), db, "chunk"); sqlite3_reset(r);
                    continue;
                }
                sqlite3_bind_int64(r, 1, key(row));
                sqlite3_bind_blob(r, 2, record, sizeof record, SQLITE_STATIC);
                check(sqlite3_step(r), db, "record"); sqlite3_reset(r);
            }
        }
        if (v10) {
            for (int kind = 0; kind < 2; kind++) {
                qsort(rows, count, sizeof(Row), kind == 0 ? byIDHash : bySubjectHash);
                runs++;
                sqlite3_bind_int64(run, 1, runs); sqlite3_bind_int64(run, 2, kind); sqlite3_bind_int64(run, 3, count);
                check(sqlite3_step(run), db, "run"); sqlite3_reset(run);
                for (long q = 0, pageNumber = 0; q < count; q += 240, pageNumber++) {
                    long m = count - q < 240 ? count - q : 240;
                    for (long z = 0; z < m; z++) {
                        int64_t pair[2] = {kind == 0 ? rows[q + z].idHash : rows[q + z].subjectHash, key(&rows[q + z])};
                        memcpy(pairs + 16 * z, pair, 16);
                    }
                    sqlite3_bind_int64(page, 1, runs << 24 | pageNumber); sqlite3_bind_int64(page, 2, runs);
                    sqlite3_bind_int64(page, 3, kind == 0 ? rows[q + m - 1].idHash : rows[q + m - 1].subjectHash);
                    sqlite3_bind_blob(page, 4, pairs, (int)(16 * m), SQLITE_STATIC);
                    check(sqlite3_step(page), db, "page"); sqlite3_reset(page);
                }
            }
            check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");
            goto committed;
        }
        qsort(rows, count, sizeof(Row), v4 ? byID : byIDHash);
        for (long q = 0; q < count; q++) {
            if (v4) {
                sqlite3_bind_text(i, 1, rows[q].id, -1, SQLITE_STATIC);
                sqlite3_bind_int64(i, 2, rows[q].seq);
                sqlite3_bind_int64(i, 3, rows[q].position);
            } else {
                sqlite3_bind_int64(i, 1, rows[q].idHash);
                sqlite3_bind_int64(i, 2, key(&rows[q]));
            }
            check(sqlite3_step(i), db, "index"); sqlite3_reset(i);
            if (sqlite3_changes(db) != 1) { fprintf(stderr, "unexpected duplicate or collision\n"); exit(1); }
        }
        qsort(rows, count, sizeof(Row), v4 ? bySubject : bySubjectHash);
        for (long q = 0; q < count; q++) {
            if (v4) {
                sqlite3_bind_text(s, 1, rows[q].subject, -1, SQLITE_STATIC);
                sqlite3_bind_text(s, 2, rows[q].id, -1, SQLITE_STATIC);
            } else {
                sqlite3_bind_int64(s, 1, rows[q].subjectHash);
                sqlite3_bind_int64(s, 2, key(&rows[q]));
            }
            check(sqlite3_step(s), db, "subject"); sqlite3_reset(s);
        }
        check(sqlite3_exec(db, "COMMIT", 0, 0, 0), db, "commit");
    committed:
        done += count;
        millionDone += count;
        if (millionDone >= 1000000 || done == records) {
            double t = now(), c = cpu();
            printf("%s%.0f", firstRate ? "" : ", ", millionDone / (t - millionStart));
            snprintf(cpuRates + strlen(cpuRates), sizeof cpuRates - strlen(cpuRates), "%s%.0f", firstRate ? "" : ", ", millionDone / (c - millionCPU));
            fflush(stdout);
            firstRate = 0;
            millionStart = t;
            millionCPU = c;
            millionDone = 0;
        }
    }
    printf("], \"cpuPerMillion\": [%s], \"recordsPerSecond\": %.0f, \"recordsPerCPUSecond\": %.0f}\n", cpuRates, records / (now() - start), records / cpu());
    sqlite3_close(db);
    return 0;
}
