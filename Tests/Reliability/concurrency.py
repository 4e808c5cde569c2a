#!/usr/bin/env python3
"""Concurrency: four processes append to one ledger at once, then one chain must hold them all.

Four writer loops run side by side for `--seconds` (60 full, 5 with --fast). Each loop starts one
`govledger` process at a time, always with four in flight overall: a single
`govledger append ... --json` (40 %) or a `govledger append --batch FILE --json` of 1 to 50
entries (60 %), all on the same few streams so that stream versions are contended too. No
process is killed, so every one must exit 0 (SQLite's write lock is waited for, up to 30 s).

Then it checks, and exits 1 on any failure:
- every acknowledged entry is present exactly once (by payload id) at the seq its process printed;
- the log holds nothing else: its size is the number of acknowledged entries;
- seqs are contiguous from 0, each batch's entries are contiguous, and stream versions run
  1, 2, 3, ... per stream in seq order;
- `govledger verify` passes (one chain: every prevSHA256 links to the previous leaf hash).

Usage:
    python3 Tests/Reliability/concurrency.py           # full: 60 s of appending
    python3 Tests/Reliability/concurrency.py --fast    # 5 s
    python3 Tests/Reliability/concurrency.py --seconds 300 --writers 8

Options: --seconds S, --fast, --writers N (default 4), --seed N, --json, --keep.
Binary: $GOVLEDGER_BIN, else .build/release/govledger, else .build/debug/govledger.
Local files only. The 64-HTTP-client variant waits for the server (docs/reliability.md).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ledgertool  # noqa: E402

STREAMS = ["model/shared-%d" % i for i in range(6)]


class Writer(threading.Thread):
    def __init__(self, index, binary, db, folder, deadline, seed):
        super().__init__(name="writer-%d" % index)
        self.index = index
        self.binary = binary
        self.db = db
        self.folder = folder
        self.deadline = deadline
        self.rng = random.Random(seed)
        self.acks = []  # (ids, seqs, kind)
        self.failures = []
        self.latencies = []

    def run(self):
        n = 0
        while not self.deadline.passed():
            n += 1
            tag = "w%d-%05d" % (self.index, n)
            if self.rng.random() < 0.4:
                ids = [tag + "-000"]
                payload = json.dumps({"id": ids[0], "batch": tag, "index": 0, "size": 1})
                argv = ["append", "--stream", self.rng.choice(STREAMS), "--type", "concurrency.single.appended",
                        "--actor", "writer-%d" % self.index, "--payload", payload, "--json"]
                kind = "single"
            else:
                size = self.rng.randint(1, 50)
                ids = ["%s-%03d" % (tag, i) for i in range(size)]
                path = os.path.join(self.folder, "batch-%s.jsonl" % tag)
                with open(path, "w", encoding="utf-8") as f:
                    for i, entry_id in enumerate(ids):
                        f.write(json.dumps({"stream": self.rng.choice(STREAMS), "type": "concurrency.batch.appended",
                                            "actor": "writer-%d" % self.index,
                                            "payload": {"id": entry_id, "batch": tag, "index": i, "size": size}}) + "\n")
                argv = ["append", "--batch", path, "--json"]
                kind = "batch"
            started = time.monotonic()
            try:
                result = ledgertool.run(self.binary, argv, db=self.db, timeout=90)
            except subprocess.TimeoutExpired:
                self.failures.append("%s: no answer within 90 s" % tag)
                continue
            self.latencies.append(time.monotonic() - started)
            if result.returncode != 0:
                self.failures.append("%s (%s) exit %d: %s" % (tag, kind, result.returncode, result.stderr.strip()[:300]))
                continue
            try:
                seqs = [e["seq"] for e in json.loads(result.stdout)["entries"]]
            except (ValueError, KeyError, TypeError):
                self.failures.append("%s: unreadable output %r" % (tag, result.stdout[:200]))
                continue
            if len(seqs) != len(ids):
                self.failures.append("%s: %d entries acknowledged of %d" % (tag, len(seqs), len(ids)))
                continue
            self.acks.append((ids, seqs, kind))


def check(binary, db, writers):
    problems = [f for w in writers for f in w.failures]
    code, report, err = ledgertool.verify(binary, db)
    if code != 0:
        problems.append("verify failed (exit %d): %s" % (code, err or report))
    entries = ledgertool.export(binary, db)
    where = {}
    versions = {}
    for position, entry in enumerate(entries):
        header = entry["header"]
        if header["seq"] != position:
            problems.append("line %d has seq %d: seqs are not contiguous" % (position, header["seq"]))
        expected = versions.get(header["stream"], 0) + 1
        if header["streamVersion"] != expected:
            problems.append("seq %d: %s has streamVersion %d where %d was due" % (position, header["stream"], header["streamVersion"], expected))
        versions[header["stream"]] = header["streamVersion"]
        entry_id = (entry.get("payload") or {}).get("id")
        if entry_id in where:
            problems.append("payload id %s appears twice (seq %d and %d)" % (entry_id, where[entry_id], position))
        where[entry_id] = position
    acked = 0
    for writer in writers:
        for ids, seqs, _ in writer.acks:
            if seqs != list(range(seqs[0], seqs[0] + len(seqs))):
                problems.append("batch %s was given non-contiguous seqs %s" % (ids[0], seqs[:5]))
            for entry_id, seq in zip(ids, seqs):
                acked += 1
                if where.get(entry_id) != seq:
                    problems.append("acknowledged %s (seq %d) is %s" % (entry_id, seq, "missing" if entry_id not in where else "at seq %d" % where[entry_id]))
    if len(entries) != acked:
        problems.append("the log holds %d entries but %d were acknowledged" % (len(entries), acked))
    return problems, len(entries), acked, report


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="5 seconds of appending")
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    args.seconds = args.seconds if args.seconds is not None else (5 if args.fast else 60)
    if args.seconds <= 0 or args.writers < 1:
        parser.error("--seconds must be positive and --writers at least 1")

    binary = ledgertool.find_binary()
    folder = ledgertool.workdir("concurrency")
    db = os.path.join(folder, "ledger.db")
    ledgertool.checked(binary, ["init"], db=db)
    deadline = ledgertool.Deadline(args.seconds)
    started = time.monotonic()
    writers = [Writer(i, binary, db, folder, deadline, args.seed * 100 + i) for i in range(args.writers)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    appending = time.monotonic() - started
    problems, size, acked, report = check(binary, db, writers)
    latencies = sorted(l for w in writers for l in w.latencies)
    processes = len(latencies)
    summary = {
        "binary": binary, "seed": args.seed, "writers": args.writers, "seconds": round(appending, 1),
        "processes": processes,
        "singles": sum(1 for w in writers for a in w.acks if a[2] == "single"),
        "batches": sum(1 for w in writers for a in w.acks if a[2] == "batch"),
        "entries": size, "acknowledged": acked,
        "entriesPerSecond": round(acked / appending, 1) if appending else 0,
        "processSecondsP50": round(latencies[len(latencies) // 2], 3) if latencies else None,
        "processSecondsP99": round(latencies[min(len(latencies) - 1, len(latencies) * 99 // 100)], 3) if latencies else None,
        "verify": "ok" if report and report.get("ok") else "FAILED",
        "problems": problems,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print("concurrency: %d writers for %.1f s, %d processes (%d single, %d batches), seed %d (%s)" % (
            args.writers, appending, processes, summary["singles"], summary["batches"], args.seed, binary))
        print("  %d entries acknowledged, %d in the log, %.0f entries/s; process time p50 %s s, p99 %s s" % (
            acked, size, summary["entriesPerSecond"], summary["processSecondsP50"], summary["processSecondsP99"]))
        print("  every acknowledged entry exactly once, contiguous seqs, stream versions 1, 2, 3...: %s; verify %s" % (
            "yes" if not problems else "NO", summary["verify"]))
        for problem in problems[:50]:
            print("  PROBLEM: " + problem)
        print("concurrency: %d passed, %d failed" % (0 if problems else 1, 1 if problems else 0))
    if problems or args.keep:
        print("  files in %s" % folder, file=sys.stderr)
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
