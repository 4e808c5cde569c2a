#!/usr/bin/env python3
"""Crash safety: SIGKILL appending processes at random moments, then check what survived.

What it does, on one ledger in a fresh folder under /tmp:

1. Runs rounds of `govledger append --batch FILE --json` processes (batches of 1 to 200 entries)
   and single `govledger append ... --json` processes, `--parallel` at a time, each with a unique
   payload id per entry. Most processes get a random kill time, uniform between 0 and 1.3 times the
   running median duration of that kind of process (so kills land during start-up, inside the
   write transaction, around the commit and while printing); the others run to completion. A
   process still running at its kill time gets SIGKILL. Half the kill times are drawn from the
   late part of the run (0.6 to 1.1 times the median), where the write transaction is. Before
   each kill, /proc/locks tells whether the process holds SQLite's WAL write lock (byte 120 of
   the -shm file), so the summary counts the kills that interrupted a write transaction. The run
   stops after `--kills` kills or `--seconds`, whichever comes first.
2. Records every acknowledged append: a process that printed its JSON and exited 0.
3. Power-loss style snapshots: a few times during the run it freezes every appender with SIGSTOP
   late in their run, copies the database files (db, -wal, -shm) as the operating system holds
   them at that instant, and resumes them; the summary says how many frozen writers were inside
   their write transaction. A second copy leaves out -shm (SQLite rebuilds it from the WAL,
   as after a reboot). Copying files while writers run would tear a copy across a WAL
   checkpoint, which no power loss produces; freezing gives an instant of the files instead.
4. Checks, and exits 1 on any failure:
   - every acknowledged entry is present exactly once (by payload id), at the seqs the process
     printed; no payload id appears twice;
   - no partial batch: each batch's entries are all present and contiguous, or none is;
   - no process failed other than by our SIGKILL (a crash left behind must not break the next
     writer);
   - `govledger verify` passes on the final ledger;
   - every snapshot copy opens and verifies, holds a prefix of the final log (the same headers
     at the same seqs), has no partial batch, and holds every entry acknowledged before it was
     taken.

Usage:
    python3 Tests/Reliability/crash.py            # full: 200 kills (about 2 to 5 minutes)
    python3 Tests/Reliability/crash.py --fast     # 20 kills, 2 snapshots (seconds)
    python3 Tests/Reliability/crash.py --kills 500 --parallel 3 --seed 7 --keep

Options: --kills N (default 200; 20 with --fast), --seconds S (time bound, default 900; 90 with
--fast), --parallel P (processes per round, default 2), --snapshots N (default 6; 2 with
--fast), --seed N, --keep (keep the folder), --json (print the summary as JSON).
Binary: $GOVLEDGER_BIN, else .build/release/govledger, else .build/debug/govledger.
Uses only local files; starts no server.
"""

import argparse
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


class Job:
    """One appending process: a batch or a single entry, with its ids and outcome."""

    def __init__(self, kind, batch_id, ids, process, kill_at, started):
        self.kind = kind
        self.batch_id = batch_id
        self.ids = ids
        self.process = process
        self.kill_at = kill_at
        self.started = started
        self.killed = False
        self.returncode = None
        self.seqs = None  # acknowledged seqs, in order
        self.error = None
        self.finished_at = None
        self.in_write = False  # killed while holding SQLite's WAL write lock


class CrashRun:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.binary = ledgertool.find_binary()
        self.folder = ledgertool.workdir("crash")
        self.db = os.path.join(self.folder, "ledger.db")
        self.jobs = []
        self.batches = 0
        self.kills = 0
        self.durations = {"batch": [], "single": []}
        self.snapshots = []  # (dir, acked ids at freeze, with_shm)
        self.failures = []
        self.phases = [0, 0, 0, 0, 0]  # kills at 0-25 %, 25-50 %, 50-75 %, 75-100 %, > 100 % of the median

    # Launching

    def launch(self, kind, kill):
        self.batches += 1
        batch_id = "b%05d" % self.batches
        if kind == "batch":
            size = self.rng.randint(1, 200)
            ids = ["%s-%03d" % (batch_id, i) for i in range(size)]
            path = os.path.join(self.folder, "batch-%s.jsonl" % batch_id)
            with open(path, "w", encoding="utf-8") as f:
                for i, entry_id in enumerate(ids):
                    line = {
                        "stream": "crash/s%02d" % self.rng.randrange(16),
                        "type": "crash.batch.appended",
                        "actor": "crash-test",
                        "payload": {"id": entry_id, "batch": batch_id, "index": i, "size": size,
                                    "pad": "p" * self.rng.randrange(300)},
                    }
                    f.write(json.dumps(line) + "\n")
            argv = [self.binary, "append", "--batch", path, "--json", "--db", self.db]
        else:
            ids = [batch_id + "-000"]
            payload = json.dumps({"id": ids[0], "batch": batch_id, "index": 0, "size": 1})
            argv = [self.binary, "append", "--stream", "crash/single%02d" % self.rng.randrange(4),
                    "--type", "crash.single.appended", "--actor", "crash-test", "--payload", payload,
                    "--json", "--db", self.db]
        started = time.monotonic()
        kill_at = None
        if kill:
            # Half the kills anywhere in the run, half late in it, where the write happens.
            median = self.median(kind)
            low, high = (0, 1.3 * median) if self.rng.random() < 0.5 else (0.6 * median, 1.1 * median)
            kill_at = started + self.rng.uniform(low, high)
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        job = Job(kind, batch_id, ids, process, kill_at, started)
        self.jobs.append(job)
        return job

    def holds_write_lock(self, pid):
        """Whether `pid` holds SQLite's WAL write lock (byte 120 of the -shm file) right now,
        read from /proc/locks: the process is inside a write transaction. Linux only."""
        try:
            inode = os.stat(self.db + "-shm").st_ino
            with open("/proc/locks", encoding="ascii") as f:
                for line in f:
                    fields = line.split()
                    if len(fields) >= 8 and fields[3] == "WRITE" and fields[4] == str(pid) \
                            and fields[5].rsplit(":", 1)[-1] == str(inode) and fields[6] == "120":
                        return True
        except OSError:
            pass
        return False

    def median(self, kind):
        values = self.durations[kind][-50:]
        return statistics.median(values) if values else 0.2

    def reap(self, job):
        out, err = job.process.communicate()
        job.returncode = job.process.returncode
        job.finished_at = time.monotonic()
        if job.returncode == 0:
            try:
                entries = json.loads(out)["entries"]
                job.seqs = [e["seq"] for e in entries]
            except (ValueError, KeyError, TypeError):
                job.error = "exit 0 but unreadable output: %r" % out[:200]
            else:
                if len(job.seqs) != len(job.ids):
                    job.error = "acknowledged %d entries of %d" % (len(job.seqs), len(job.ids))
            if not job.killed:
                self.durations[job.kind].append(job.finished_at - job.started)
        elif job.returncode == -signal.SIGKILL and job.killed:
            self.kills += 1
            # When the kill landed, as a fraction of this kind's median run time.
            phase = (job.finished_at - job.started) / max(1e-6, self.median(job.kind))
            self.phases[min(4, int(phase * 4))] += 1
        else:
            job.error = "exit %s: %s" % (job.returncode, err.strip()[:300])
        if job.error:
            self.failures.append("%s %s: %s" % (job.kind, job.batch_id, job.error))

    # Rounds

    def round(self, snapshot):
        jobs = []
        for _ in range(self.args.parallel):
            kind = "batch" if self.rng.random() < 0.7 else "single"
            jobs.append(self.launch(kind, kill=self.rng.random() < 0.85))
        # Freeze late in the processes' run, where their write transaction usually is.
        freeze_at = time.monotonic() + self.rng.uniform(0.5, 1.0) * self.median("batch") if snapshot else None
        pending = list(jobs)
        while pending:
            now = time.monotonic()
            if freeze_at is not None and now >= freeze_at:
                self.snapshot([j for j in pending if j.process.poll() is None])
                freeze_at = None
            for job in list(pending):
                if job.process.poll() is not None:
                    self.reap(job)
                    pending.remove(job)
                elif job.kill_at is not None and now >= job.kill_at:
                    job.killed = True
                    job.in_write = self.holds_write_lock(job.process.pid)
                    job.process.send_signal(signal.SIGKILL)
                    self.reap(job)
                    pending.remove(job)
            time.sleep(0.001)

    def snapshot(self, running):
        for job in running:
            try:
                job.process.send_signal(signal.SIGSTOP)
            except ProcessLookupError:
                pass
        acked = {i for j in self.jobs if j.seqs is not None for i in j.ids}
        mid_write = sum(1 for job in running if self.holds_write_lock(job.process.pid))
        index = len(self.snapshots)
        with_shm = os.path.join(self.folder, "snapshot-%02d" % index)
        without_shm = os.path.join(self.folder, "snapshot-%02d-noshm" % index)
        for target, suffixes in ((with_shm, ("", "-wal", "-shm")), (without_shm, ("", "-wal"))):
            os.makedirs(target)
            for suffix in suffixes:
                source = self.db + suffix
                if os.path.exists(source):
                    shutil.copyfile(source, os.path.join(target, "ledger.db" + suffix))
        for job in running:
            try:
                job.process.send_signal(signal.SIGCONT)
            except ProcessLookupError:
                pass
        self.snapshots.append((with_shm, acked, len(running), mid_write))
        self.snapshots.append((without_shm, acked, len(running), mid_write))

    def run(self):
        ledgertool.checked(self.binary, ["init"], db=self.db)
        deadline = ledgertool.Deadline(self.args.seconds)
        # Calibration: a few runs to completion measure how long each kind of process takes.
        for kind in ("batch", "single", "batch", "single", "batch"):
            job = self.launch(kind, kill=False)
            self.reap(job)
        rounds = 0
        snapshot_every = max(1, self.args.kills // max(1, self.args.snapshots))
        while self.kills < self.args.kills and not deadline.passed():
            rounds += 1
            wants_snapshot = len(self.snapshots) < 2 * self.args.snapshots and rounds % snapshot_every == 0
            self.round(wants_snapshot)
        while len(self.snapshots) < 2 * self.args.snapshots and not deadline.passed():
            self.round(True)
        return self.check(deadline.passed())

    # Checking

    def check_log(self, entries, label, problems):
        """No duplicate id, no partial or split batch. Returns {id: seq}."""
        where = {}
        by_batch = {}
        for position, entry in enumerate(entries):
            payload = entry.get("payload") or {}
            entry_id = payload.get("id")
            if entry_id is None:
                problems.append("%s: seq %d has no payload id" % (label, position))
                continue
            if entry_id in where:
                problems.append("%s: payload id %s appears twice (seq %d and %d)" % (label, entry_id, where[entry_id], position))
            where[entry_id] = position
            by_batch.setdefault(payload["batch"], []).append((payload["index"], position, payload["size"]))
        for batch_id, items in by_batch.items():
            size = items[0][2]
            items.sort()
            seqs = [p for _, p, _ in items]
            if len(items) != size or [i for i, _, _ in items] != list(range(size)):
                problems.append("%s: batch %s is partial: %d of %d entries visible" % (label, batch_id, len(items), size))
            elif seqs != list(range(seqs[0], seqs[0] + size)):
                problems.append("%s: batch %s is not contiguous: seqs %s" % (label, batch_id, seqs[:5]))
        return where

    def check(self, timed_out):
        problems = list(self.failures)
        code, report, err = ledgertool.verify(self.binary, self.db)
        if code != 0:
            problems.append("verify of the final ledger failed (exit %d): %s" % (code, err or report))
        entries = ledgertool.export(self.binary, self.db)
        where = self.check_log(entries, "final ledger", problems)
        acked_jobs = [j for j in self.jobs if j.seqs is not None]
        acked_entries = 0
        for job in acked_jobs:
            for entry_id, seq in zip(job.ids, job.seqs):
                acked_entries += 1
                if where.get(entry_id) != seq:
                    problems.append("acknowledged entry %s (seq %d) is %s" % (
                        entry_id, seq, "missing" if entry_id not in where else "at seq %d" % where[entry_id]))
        killed = [j for j in self.jobs if j.killed and j.returncode == -signal.SIGKILL]
        killed_committed = sum(1 for j in killed if j.ids[0] in where)
        killed_in_write = sum(1 for j in killed if j.in_write)
        known = {i for j in self.jobs for i in j.ids}
        strangers = [i for i in where if i not in known]
        if strangers:
            problems.append("entries nobody appended: %s" % strangers[:5])

        snapshot_rows = []
        for directory, acked, frozen, mid_write in self.snapshots:
            path = os.path.join(directory, "ledger.db")
            label = os.path.basename(directory)
            scode, sreport, serr = ledgertool.verify(self.binary, path)
            if scode != 0:
                problems.append("%s: the copy does not verify (exit %d): %s" % (label, scode, serr or sreport))
                snapshot_rows.append((label, frozen, mid_write, None, "FAIL"))
                continue
            copy = ledgertool.export(self.binary, path)
            ids = self.check_log(copy, label, problems)
            for seq, entry in enumerate(copy):
                if seq >= len(entries) or entry["header"] != entries[seq]["header"]:
                    problems.append("%s: seq %d differs from the final log: the copy is not a prefix" % (label, seq))
                    break
            lost = [i for i in acked if i not in ids]
            if lost:
                problems.append("%s: %d entries acknowledged before the copy are missing from it (e.g. %s)" % (label, len(lost), lost[0]))
            snapshot_rows.append((label, frozen, mid_write, len(copy), "ok" if not lost else "FAIL"))

        if self.kills < self.args.kills:
            problems.append("only %d kills of %d within %d s" % (self.kills, self.args.kills, self.args.seconds))
        summary = {
            "binary": self.binary,
            "processes": len(self.jobs),
            "kills": self.kills,
            "acknowledgedProcesses": len(acked_jobs),
            "acknowledgedEntries": acked_entries,
            "killedButCommitted": killed_committed,
            "killedNothingWritten": len(killed) - killed_committed,
            "killedInsideWriteTransaction": killed_in_write,
            "entriesInLedger": len(entries),
            "verify": "ok" if code == 0 else "FAILED",
            "snapshots": [{"copy": l, "writersFrozen": f, "frozenMidWrite": w, "entries": n, "result": r}
                          for l, f, w, n, r in snapshot_rows],
            "killPhases": dict(zip(["0-25%", "25-50%", "50-75%", "75-100%", ">100%"], self.phases)),
            "medianSeconds": {k: round(self.median(k), 4) for k in self.durations},
            "problems": problems,
            "folder": self.folder if self.args.keep or problems else None,
        }
        return summary


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="20 kills, 2 snapshots, bounded to 90 s")
    parser.add_argument("--kills", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--parallel", type=int, default=2)
    parser.add_argument("--snapshots", type=int)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    args.kills = args.kills if args.kills is not None else (20 if args.fast else 200)
    args.seconds = args.seconds if args.seconds is not None else (90 if args.fast else 900)
    args.snapshots = args.snapshots if args.snapshots is not None else (2 if args.fast else 6)
    if args.kills < 1 or args.parallel < 1 or args.seconds <= 0 or args.snapshots < 0:
        parser.error("--kills and --parallel must be at least 1, --seconds positive, --snapshots 0 or more")

    started = time.monotonic()
    run = CrashRun(args)
    summary = run.run()
    summary["seed"] = args.seed
    summary["seconds"] = round(time.monotonic() - started, 1)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print("crash safety: %d processes, %d SIGKILLs, seed %d, %.1f s (%s)" % (
            summary["processes"], summary["kills"], args.seed, summary["seconds"], run.binary))
        print("  acknowledged: %d processes, %d entries; all present exactly once: %s" % (
            summary["acknowledgedProcesses"], summary["acknowledgedEntries"],
            "yes" if not any("acknowledged" in p for p in summary["problems"]) else "NO"))
        print("  killed processes: %d had committed their batch whole, %d had written nothing; "
              "%d were inside their write transaction (holding the WAL write lock) when killed" % (
                  summary["killedButCommitted"], summary["killedNothingWritten"], summary["killedInsideWriteTransaction"]))
        print("  kill moments, as a share of the median run time (%s s batch, %s s single): %s" % (
            summary["medianSeconds"]["batch"], summary["medianSeconds"]["single"],
            ", ".join("%s %d" % item for item in summary["killPhases"].items())))
        print("  final ledger: %d entries, verify %s" % (summary["entriesInLedger"], summary["verify"]))
        for row in summary["snapshots"]:
            print("  snapshot %-20s writers frozen %d (%d inside a write transaction)  entries %-6s %s" % (
                row["copy"], row["writersFrozen"], row["frozenMidWrite"], row["entries"], row["result"]))
        for problem in summary["problems"]:
            print("  PROBLEM: " + problem)
        print("crash: %d passed, %d failed" % (1 if not summary["problems"] else 0, 1 if summary["problems"] else 0))
    if not summary["problems"] and not args.keep:
        shutil.rmtree(run.folder, ignore_errors=True)
    elif summary["folder"]:
        print("  files kept in %s" % summary["folder"], file=sys.stderr)
    return 1 if summary["problems"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
