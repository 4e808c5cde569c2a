#!/usr/bin/env python3
"""Peer benchmark: raw SQLite appends of ledger rows, Python standard library only.

Measures how fast plain SQLite (Python sqlite3, executemany) can insert rows of
the shape the embedded store writes (docs/format.md, "Storage"), so that the
ledger's own append rate can be compared with a floor-cost peer that does no
hashing, no canonical JSON and no validation.

All rows are built in memory first; only the inserts are timed. Each batch is
one transaction (BEGIN IMMEDIATE ... COMMIT) with one executemany into
entry_header and one into entry_payload. The database runs in WAL mode with
synchronous=FULL, as the ledger does.

Usage:
    python3 Tests/Peers/sqlite_raw_append.py [--entries N] [--batch B]
        [--payload-bytes S] [--db PATH] [--json]
"""

import argparse
import json
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time

SCHEMA = """
CREATE TABLE ledger_meta(
    key TEXT PRIMARY KEY,
    value TEXT
) STRICT;
CREATE TABLE entry_header(
    seq INTEGER PRIMARY KEY,
    stream TEXT NOT NULL,
    stream_version INTEGER NOT NULL,
    type TEXT NOT NULL,
    time TEXT NOT NULL,
    actor TEXT NOT NULL,
    header BLOB NOT NULL,
    leaf_hash BLOB NOT NULL,
    UNIQUE(stream, stream_version)
) STRICT;
CREATE TABLE entry_payload(
    seq INTEGER PRIMARY KEY REFERENCES entry_header(seq),
    salt BLOB NOT NULL,
    payload BLOB NOT NULL
) STRICT;
"""

STREAM_COUNT = 200
TYPES = [
    "model.registered",
    "model.version.registered",
    "model.version.transitioned",
    "evidence.test.recorded",
    "monitoring.drift.alerted",
    "board.vote.cast",
]
ACTORS = ["alice@bank.example", "bob@bank.example", "ci@bank.example", "compliance@bank.example"]


def build_rows(n, payload_bytes, seed=1):
    """Return (header_rows, payload_rows), both lists of tuples, built in memory."""
    rng = random.Random(seed)
    streams = ["model/model-%03d" % i for i in range(STREAM_COUNT)]
    versions = {}
    base_ms = 1736933400000  # 2025-01-15T09:30:00.000Z
    prev = "0" * 64
    headers = []
    payloads = []
    filler_unit = "abcdefghijklmnopqrstuvwxyz0123456789"
    for seq in range(n):
        stream = streams[rng.randrange(STREAM_COUNT)]
        sv = versions.get(stream, 0) + 1
        versions[stream] = sv
        typ = TYPES[seq % len(TYPES)]
        actor = ACTORS[seq % len(ACTORS)]
        ms = base_ms + seq * 7
        t = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ms // 1000)) + ".%03dZ" % (ms % 1000)
        payload_sha = rng.randbytes(32).hex()
        header = (
            '{"actor":"%s","payloadSHA256":"%s","prevSHA256":"%s","retention":"7y",'
            '"seq":%d,"stream":"%s","streamVersion":%d,"time":"%s","type":"%s","v":1}'
            % (actor, payload_sha, prev, seq, stream, sv, t, typ)
        ).encode("ascii")
        leaf = rng.randbytes(32)
        prev = leaf.hex()
        headers.append((seq, stream, sv, typ, t, actor, header, leaf))

        prefix = '{"seq":%d,"data":"' % seq
        room = max(0, payload_bytes - len(prefix) - 2)
        body = (filler_unit * (room // len(filler_unit) + 1))[:room]
        payload = (prefix + body + '"}').encode("ascii")
        if len(payload) > payload_bytes:
            payload = payload[:payload_bytes]
        salt = rng.randbytes(16)
        payloads.append((seq, salt, payload))
    return headers, payloads


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entries", type=int, default=100000, help="rows to insert (default 100000)")
    ap.add_argument("--batch", type=int, default=1000, help="rows per transaction (default 1000)")
    ap.add_argument("--payload-bytes", type=int, default=300, help="payload size in bytes (default 300)")
    ap.add_argument("--db", help="database path (default: a temporary file, removed afterwards)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    if args.entries < 1 or args.batch < 1 or args.payload_bytes < 0:
        ap.error("--entries and --batch must be >= 1, --payload-bytes >= 0")

    tmpdir = None
    if args.db:
        path = args.db
        if os.path.exists(path):
            ap.error("refusing to overwrite existing database: %s" % path)
    else:
        tmpdir = tempfile.mkdtemp(prefix="sqlite-raw-append-")
        path = os.path.join(tmpdir, "peer.sqlite")

    try:
        headers, payloads = build_rows(args.entries, args.payload_bytes)

        conn = sqlite3.connect(path, isolation_level=None)
        mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise SystemExit("could not enable WAL (got %s)" % mode)
        conn.execute("PRAGMA synchronous=FULL")
        if conn.execute("PRAGMA synchronous").fetchone()[0] != 2:
            raise SystemExit("could not set synchronous=FULL")
        conn.executescript(SCHEMA)
        conn.execute("INSERT INTO ledger_meta(key, value) VALUES ('format', '1')")

        insert_header = (
            "INSERT INTO entry_header(seq, stream, stream_version, type, time, actor, header, leaf_hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )
        insert_payload = "INSERT INTO entry_payload(seq, salt, payload) VALUES (?, ?, ?)"

        n = args.entries
        b = args.batch
        start = time.perf_counter()
        for i in range(0, n, b):
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(insert_header, headers[i : i + b])
            conn.executemany(insert_payload, payloads[i : i + b])
            conn.execute("COMMIT")
        seconds = time.perf_counter() - start

        count = conn.execute("SELECT count(*) FROM entry_header").fetchone()[0]
        conn.close()
        if count != n:
            raise SystemExit("inserted %d rows, expected %d" % (count, n))
    finally:
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)

    rate = n / seconds if seconds > 0 else float("inf")
    if args.json:
        print(json.dumps({"entries": n, "seconds": round(seconds, 6), "entriesPerSecond": round(rate, 1), "batch": b}))
    else:
        print(
            "raw sqlite executemany: %d rows in %.3f s = %.0f entries/s (batch %d, WAL, synchronous=FULL)"
            % (n, seconds, rate, b)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
