#!/usr/bin/env python3
"""Peer benchmark: the Python `eventsourcing` library (PyPI 9.5.x) storing the ledger's events in SQLite.

The event store a Python MLOps team would pick, measured on the same data as the govledger
append benchmark (Sources/govledger-bench/AppendBench.swift): 200 streams, six event types, four
actors, payloads of about 300 canonical bytes (model, version, metric, value, window, thresholds,
features, status, run), batches of 1,000 events, one transaction per batch, SQLite in WAL mode
with synchronous=FULL on every connection the library opens (checked, and printed).

Two figures:
- application: the library as documented. One aggregate per stream (`Aggregate` subclass with an
  `@event` method); each batch records five events on each of the 200 aggregates and saves them
  with one `Application.save(*aggregates)` call: the mapper serializes each event (JSON
  transcoder) and the application recorder inserts the 1,000 stored events with their
  notification ids in one transaction. Only `save` is timed, not building the events (as the
  govledger benchmark does not time building drafts);
- recorder: the library's floor. Pre-serialized `StoredEvent`s (state bytes ready) inserted with
  `SQLiteApplicationRecorder.insert_events`, 1,000 per call.

The headline `eventsPerSecond` is the application figure. Prints one line, or one JSON object
with --json, like sqlite_raw_append.py. If the library is not installed it says so and exits 0
with `{"skipped": true, ...}`: install it with `pip install 'eventsourcing>=9.5,<9.6'`, or let
Tests/Peers/run_peers.sh install it into a virtual environment under /tmp.

Usage:
    python3 Tests/Peers/eventsourcing_append.py [--events N] [--batch B] [--db PATH] [--json]
"""

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
import uuid

STREAMS = 200
TYPES = ["model.registered", "model.version.registered", "model.version.transitioned",
         "evidence.test.recorded", "monitoring.drift.alerted", "board.vote.cast"]
ACTORS = ["alice@bank.example", "bob@bank.example", "ci@bank.example", "compliance@bank.example"]


def payload(seq, rng):
    """The govledger benchmark's payload shape (about 300 canonical bytes)."""
    return {
        "model": "fraud-detection-engine",
        "version": "3.2.%d" % (seq % 17),
        "metric": "auc_roc",
        "value": rng.randrange(1_000_000) / 1_000_000,
        "window": {"from": "2025-01-15T00:00:00.000Z", "to": "2025-01-16T00:00:00.000Z"},
        "thresholds": {"warning": 0.85, "critical": 0.8},
        "features": ["transaction_amount", "merchant_category", "hour_of_day", "distance_from_home"],
        "status": "stable",
        "run": seq,
    }


def skip(reason, as_json):
    if as_json:
        print(json.dumps({"skipped": True, "reason": reason}))
    else:
        print("eventsourcing peer skipped: " + reason)
    return 0


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100000, help="events to store (default 100000)")
    ap.add_argument("--batch", type=int, default=1000, help="events per transaction (default 1000, a multiple of 200)")
    ap.add_argument("--db", help="database path (default: a temporary file, removed afterwards)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    if args.events < args.batch or args.batch < STREAMS or args.batch % STREAMS:
        ap.error("--batch must be a multiple of %d and --events at least --batch" % STREAMS)

    try:
        import eventsourcing.sqlite as es_sqlite
        from eventsourcing.application import Application
        from eventsourcing.domain import Aggregate, event
        from eventsourcing.persistence import StoredEvent
        from importlib.metadata import version
    except ImportError:
        return skip("the eventsourcing library is not installed; pip install 'eventsourcing>=9.5,<9.6' "
                    "(Tests/Peers/run_peers.sh installs it into /tmp/govledger-peers-venv)", args.json)
    library = "eventsourcing " + version("eventsourcing")

    # Durable like the ledger: synchronous=FULL on every connection the library opens.
    create = es_sqlite.SQLiteConnectionPool._create_connection

    def create_full(self):
        connection = create(self)
        connection._sqlite_conn.execute("PRAGMA synchronous=FULL")
        return connection

    es_sqlite.SQLiteConnectionPool._create_connection = create_full

    class ModelStream(Aggregate):
        def __init__(self, name):
            self.name = name

        @event("Recorded")
        def record(self, type, actor, payload):
            pass

    tmpdir = None
    if args.db:
        base = args.db
        if os.path.exists(base + "-app") or os.path.exists(base + "-recorder"):
            ap.error("refusing to overwrite existing databases at %s-*" % base)
    else:
        tmpdir = tempfile.mkdtemp(prefix="eventsourcing-peer-")
        base = os.path.join(tmpdir, "peer")
    try:
        rng = random.Random(42)
        per_stream = args.batch // STREAMS
        batches = args.events // args.batch
        events = batches * args.batch

        # 1. Application path.
        app = Application(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": base + "-app"})
        with app.recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute("PRAGMA synchronous")
            synchronous = cursor.fetchone()[0]
            cursor.execute("PRAGMA journal_mode")
            journal = cursor.fetchone()[0]
        streams = [ModelStream("model/model-%03d" % i) for i in range(STREAMS)]
        app.save(*streams)
        seq = 0
        sizes = []
        elapsed = 0.0
        for _ in range(batches):
            for _ in range(per_stream):
                for stream in streams:
                    body = payload(seq, rng)
                    if len(sizes) < 1000:
                        sizes.append(len(json.dumps(body, sort_keys=True, separators=(",", ":"))))
                    stream.record(type=TYPES[seq % len(TYPES)], actor=ACTORS[seq % len(ACTORS)], payload=body)
                    seq += 1
            start = time.perf_counter()
            app.save(*streams)
            elapsed += time.perf_counter() - start
        stored = sum(1 for _ in app.recorder.select_notifications(start=1, limit=events + STREAMS + 10))
        app.close()
        if stored != events + STREAMS:
            raise SystemExit("stored %d events, expected %d" % (stored, events + STREAMS))
        application_rate = events / elapsed

        # 2. Recorder path: stored events built in memory first.
        from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteDatastore
        datastore = SQLiteDatastore(base + "-recorder")
        recorder = SQLiteApplicationRecorder(datastore)
        recorder.create_table()
        ids = [uuid.uuid5(uuid.NAMESPACE_URL, "model/model-%03d" % i) for i in range(STREAMS)]
        versions = [0] * STREAMS
        rng = random.Random(42)
        all_batches = []
        seq = 0
        for _ in range(batches):
            batch = []
            for _ in range(args.batch):
                stream = rng.randrange(STREAMS)
                versions[stream] += 1
                state = json.dumps({"type": TYPES[seq % len(TYPES)], "actor": ACTORS[seq % len(ACTORS)],
                                    "payload": payload(seq, rng)}, separators=(",", ":")).encode()
                batch.append(StoredEvent(originator_id=ids[stream], originator_version=versions[stream],
                                         topic="peer:Recorded", state=state))
                seq += 1
            all_batches.append(batch)
        start = time.perf_counter()
        for batch in all_batches:
            recorder.insert_events(batch)
        recorder_seconds = time.perf_counter() - start
        datastore.close()
        recorder_rate = events / recorder_seconds
    finally:
        if tmpdir is not None:
            shutil.rmtree(tmpdir, ignore_errors=True)

    result = {
        "library": library,
        "events": events,
        "batch": args.batch,
        "streams": STREAMS,
        "payloadBytes": round(sum(sizes) / len(sizes)),
        "journalMode": journal,
        "synchronous": synchronous,
        "application": {"seconds": round(elapsed, 6), "eventsPerSecond": round(application_rate, 1)},
        "recorder": {"seconds": round(recorder_seconds, 6), "eventsPerSecond": round(recorder_rate, 1)},
        "eventsPerSecond": round(application_rate, 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        print("%s, SQLite %s, synchronous=%s: application.save %.0f events/s, recorder.insert_events %.0f events/s "
              "(%d events, batches of %d, ~%d-byte payloads)" % (
                  library, journal, synchronous, application_rate, recorder_rate, events, args.batch, result["payloadBytes"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
