#!/usr/bin/env python3
"""Crash safety of lineage ingestion: SIGKILL `govledger lineage ingest` processes, then check.

What it does, on one ledger in a fresh folder under /tmp:

1. Runs `govledger lineage ingest FILE --json` processes one after another, each on a JSON Lines
   file of its own (`--records` records, default 100,000, about 33 MB: one commit writes some 46 MB
   of write-ahead log, over the 1,000 pages from which a commit asks for a background checkpoint).
   The first runs to completion to time it; then most processes get a random kill time, uniform
   between 0.3 and 1.2 times the median duration, so that kills land while the file is read and
   written, around the commit, and after it: while the index runs are merged, while the
   write-ahead log is checkpointed in the background, while the ledger is closed. A process
   still running at its kill time gets SIGKILL.
2. Records every acknowledged ingestion: a process that printed its JSON and exited 0.
3. Checks, and exits 1 on any failure:
   - every acknowledged file's records are all in the ledger (`lineage show` of its first, a
     middle and its last prediction id);
   - every killed file is all or nothing: those three ids are all found or all absent (a file is
     one transaction); the summary counts the killed files whose commit had happened;
   - no process failed other than by our SIGKILL;
   - `govledger verify` passes on the final ledger (the chain, the tree and `lineage verify`:
     every record matches its batch root, every index entry leads to its record).

Usage:
    python3 Tests/Reliability/lineage_crash.py            # 12 ingestions (about 2 minutes)
    python3 Tests/Reliability/lineage_crash.py --fast     # 5 ingestions of 60,000 records
    python3 Tests/Reliability/lineage_crash.py --runs 30 --seed 7 --keep

Options: --runs N (default 12; 5 with --fast), --records N (default 100,000; 60,000 with --fast),
--seed N, --keep (keep the folder), --json (print the summary as JSON).
Binary: $GOVLEDGER_BIN, else .build/release/govledger, else .build/debug/govledger.
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ledgertool  # noqa: E402

ACTOR = "crash@bank.example"


def write_file(path, run, count, rng):
    """A JSON Lines file of `count` records whose ids start with `r<run>-`; returns three of its ids."""
    base = 1736899200000 + run * 10_000_000
    with open(path, "w", encoding="utf-8") as f:
        for index in range(count):
            millis = base + index * 5
            seconds, fraction = divmod(millis, 1000)
            stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + ".%03dZ" % fraction
            score = rng.randrange(10_000) / 10_000
            record = {
                "predictionId": "r%03d-%d" % (run, index),
                "model": ("fraud-detection-engine", "credit-limit")[index % 2],
                "version": "3.2.%d" % (index % 3),
                "featureSet": "fraud-features@1.4.0",
                "inputSHA256": hashlib.sha256(b"input %d %d" % (run, index)).hexdigest(),
                "output": {"score": score, "label": "deny" if score > 0.8 else "allow", "reasonCodes": ["R%d" % (index % 7)]},
                "time": stamp,
                "subject": "cust-%d" % rng.randrange(100_000),
            }
            f.write(json.dumps(record, separators=(",", ":")) + "\n")
    return ["r%03d-%d" % (run, index) for index in (0, count // 2, count - 1)]


def found(binary, db, prediction_id):
    result = ledgertool.run(binary, ["lineage", "show", prediction_id, "--json"], db=db)
    if result.returncode == 0:
        return True
    if "no prediction" in result.stderr.lower() or result.returncode == 2:
        return False
    raise RuntimeError("lineage show %s failed (exit %d): %s" % (prediction_id, result.returncode, result.stderr.strip()))


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fast", action="store_true")
    parser.add_argument("--runs", type=int)
    parser.add_argument("--records", type=int)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    runs = args.runs or (5 if args.fast else 12)
    records = args.records or (60_000 if args.fast else 100_000)
    rng = random.Random(args.seed)
    binary = ledgertool.find_binary()
    folder = ledgertool.workdir("lineage-crash")
    db = os.path.join(folder, "ledger.db")
    ledgertool.checked(binary, ["init"], db=db)

    failures = []
    durations = []
    outcomes = []  # (run, ids, acknowledged, killed, kill share of the median)
    began = time.monotonic()
    for run in range(runs):
        path = os.path.join(folder, "p%03d.jsonl" % run)
        ids = write_file(path, run, records, rng)
        kill_share = None
        if durations and rng.random() < 0.8:
            kill_share = rng.uniform(0.3, 1.2)
        started = time.monotonic()
        process = subprocess.Popen(
            [binary, "lineage", "ingest", path, "--json", "--actor", ACTOR, "--db", db],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        killed = False
        if kill_share is not None:
            deadline = started + kill_share * statistics.median(durations)
            while process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                killed = True
        stdout, stderr = process.communicate()
        elapsed = time.monotonic() - started
        acknowledged = False
        if killed:
            pass
        elif process.returncode == 0:
            try:
                acknowledged = json.loads(stdout).get("ok") is True and json.loads(stdout).get("records") == records
            except ValueError:
                acknowledged = False
            if not acknowledged:
                failures.append("run %d exited 0 without its JSON report: %r" % (run, stdout[:200]))
            durations.append(elapsed)
        else:
            failures.append("run %d failed (exit %d) without being killed: %s" % (run, process.returncode, stderr.strip()[:300]))
        outcomes.append((run, ids, acknowledged, killed, kill_share))
        os.remove(path)

    committed_killed = 0
    for run, ids, acknowledged, killed, _ in outcomes:
        present = [found(binary, db, prediction_id) for prediction_id in ids]
        if acknowledged and not all(present):
            failures.append("run %d was acknowledged but ids %s are missing" % (run, [i for i, p in zip(ids, present) if not p]))
        if killed:
            if any(present) and not all(present):
                failures.append("run %d was killed and left part of its file: %s" % (run, list(zip(ids, present))))
            if all(present):
                committed_killed += 1
    code, report, stderr = ledgertool.verify(binary, db)
    if code != 0:
        failures.append("verify failed (exit %d): %s %s" % (code, json.dumps(report)[:500] if report else "", stderr[:300]))

    summary = {
        "runs": runs, "records": records, "seed": args.seed, "seconds": round(time.monotonic() - began, 1),
        "acknowledged": sum(1 for o in outcomes if o[2]), "killed": sum(1 for o in outcomes if o[3]),
        "killedAfterCommit": committed_killed, "medianSeconds": round(statistics.median(durations), 2) if durations else None,
        "verify": code == 0, "failures": failures, "folder": folder if args.keep else None,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print("lineage crash safety: %d ingestions of %d records, seed %d, %.1f s (%s)" % (runs, records, args.seed, summary["seconds"], binary))
        print("  acknowledged: %d, all their records present: %s" % (summary["acknowledged"], "no" if any("acknowledged" in f for f in failures) else "yes"))
        print("  killed: %d, of which %d after their commit (merging, checkpointing or closing); every killed file all or nothing: %s"
              % (summary["killed"], committed_killed, "no" if any("part of its file" in f for f in failures) else "yes"))
        print("  final ledger: verify %s" % ("ok" if code == 0 else "FAILED"))
        for failure in failures:
            print("  FAIL " + failure)
        print("lineage crash: %s" % ("passed" if not failures else "failed"))
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
