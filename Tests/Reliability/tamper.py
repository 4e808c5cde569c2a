#!/usr/bin/env python3
"""Tamper detection sweep: change a test ledger's database and check that `govledger verify` sees it.

Builds a small ledger (about 300 entries in batches and single appends, Unicode and number
payloads, three checkpoints signed with a key from `govledger keys generate`, one of them saved
to a file as a user would), then, each time on a fresh copy of it and at the SQL level with
Python's sqlite3 (dropping the append-only trigger that would refuse the write):

1. one-byte changes (`--positions`, default 2,100): read one row's value, change one byte (BLOB)
   or one character or the integer (TEXT, INTEGER), write it back. Bytes are changed by a bit
   flip, by another character of the same class (hex digit for hex digit, digit for digit,
   letter for letter: the change that keeps the text well-formed and so reaches the deepest
   checks) or by a random byte. Columns: entry_header.header, the query columns
   (stream, stream_version, type, time, actor), entry_header.leaf_hash, entry_payload.payload and
   salt, merkle_subtree.hashes, tree_head.root and time, checkpoint.root, note and key, and
   ledger_meta.origin.
   `govledger verify` must exit 1 for every one of them;
2. rows deleted (a header, a payload, tree hashes, a tree head, the tail), reordered (two
   headers swap seqs by delete and insert, two payloads swap, two subtree rows swap, two tree
   heads swap roots), duplicated (a header or payload again at the next seq, a tree head or a
   checkpoint at another size): `verify` must exit 1;
3. forked tails: a writer that bypasses the API truncates the log at k, appends new entries
   re-chained correctly (JCS headers, salted payload digests, leaf hashes, subtree hashes, tree
   head), and deletes the stored checkpoints the fork would contradict. Plain `verify` passes (the
   file is coherent: asserted, so that the forger is known to be faithful); `verify --checkpoint
   SAVED --key KEY` with the checkpoint saved before must exit 1;
4. changes that do not alter ledger content: VACUUM, REINDEX, ANALYZE, a page-size change, a
   journal-mode round trip, rows rewritten with identical values, rows deleted and inserted again
   identically, triggers dropped and recreated, an unrelated index, garbage in free pages.
   `verify` must exit 0 for each.

Also printed, not counted (`--no-probe` leaves them out): changes that touch no signed or chained
content and that a verifier cannot see without outside evidence: checkpoint.time (when this ledger
signed, not part of the signed text), a stored checkpoint deleted, every tree head deleted (opening
rebuilds the head of the whole log from the leaf hashes), and the log cut back to an earlier batch
boundary with the newer checkpoints deleted (a rollback only a newer saved checkpoint reveals).

Prints a table (category, mutations, detected, missed) and exits 1 on any miss, on any report of
a change that alters no content, or when a mutation makes verify exit with a code other than 0 or
1. A miss is printed with the column, seq, byte offset and the old and new byte, and the copy is
kept.

Usage:
    python3 Tests/Reliability/tamper.py              # full: 2,100 one-byte positions (1 to 3 min)
    python3 Tests/Reliability/tamper.py --fast       # 150 positions and all structural cases
    python3 Tests/Reliability/tamper.py --positions 5000 --seed 3 --workers 2

Options: --positions N, --fast, --seed N, --workers N (parallel verify processes, default 2),
--seconds S (time bound, default 900), --no-probe, --json, --keep.
Binary: $GOVLEDGER_BIN, else .build/release/govledger, else .build/debug/govledger.
Uses only local files.
"""

import argparse
import concurrent.futures
import json
import os
import random
import shutil
import sqlite3
import string
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ledgertool  # noqa: E402

TRIGGERS = {
    "ledger_meta": ["ledger_meta_no_update", "ledger_meta_no_delete"],
    "entry_header": ["entry_header_no_update", "entry_header_no_delete"],
    "entry_payload": ["entry_payload_no_update", "entry_payload_delete_only_purged"],
    "merkle_subtree": ["merkle_subtree_no_update", "merkle_subtree_no_delete"],
    "tree_head": ["tree_head_no_update", "tree_head_no_delete"],
    "checkpoint": ["checkpoint_no_update", "checkpoint_no_delete"],
}

# One-byte categories: (label, table, column, key column, share of --positions).
BYTE_CATEGORIES = [
    ("entry_header.header", "entry_header", "header", "seq", 0.22),
    ("entry_header query columns", "entry_header", None, "seq", 0.14),
    ("entry_header.leaf_hash", "entry_header", "leaf_hash", "seq", 0.08),
    ("entry_payload.payload", "entry_payload", "payload", "seq", 0.17),
    ("entry_payload.salt", "entry_payload", "salt", "seq", 0.08),
    ("merkle_subtree.hashes", "merkle_subtree", "hashes", "seq", 0.10),
    ("tree_head.root", "tree_head", "root", "size", 0.05),
    ("tree_head.time", "tree_head", "time", "size", 0.03),
    ("checkpoint.root", "checkpoint", "root", "size", 0.03),
    ("checkpoint.note", "checkpoint", "note", "size", 0.07),
    ("checkpoint.key", "checkpoint", "key", "size", 0.02),
    ("ledger_meta.origin", "ledger_meta", "value", "key", 0.01),
]
QUERY_COLUMNS = ["stream", "stream_version", "type", "time", "actor"]

HEX = "0123456789abcdef"
B64 = string.ascii_letters + string.digits + "+/"


def drop_triggers(db, *tables):
    for table in tables:
        for trigger in TRIGGERS[table]:
            db.execute("DROP TRIGGER IF EXISTS %s" % trigger)


def similar_char(rng, c):
    """Another character of the same class, so that the text stays well-formed where it can."""
    for alphabet in (string.digits, HEX, string.ascii_lowercase, string.ascii_uppercase, B64):
        if c in alphabet:
            return rng.choice([x for x in alphabet if x != c])
    return rng.choice([x for x in string.printable[:94] if x != c])


def change_byte(rng, old):
    """(new byte, how) with new != old."""
    how = rng.choice(["bit", "class", "random"])
    if how == "bit":
        return old ^ (1 << rng.randrange(8)), how
    if how == "class" and 0x20 <= old < 0x7F:
        return ord(similar_char(rng, chr(old))), how
    new = rng.randrange(256)
    while new == old:
        new = rng.randrange(256)
    return new, "random"


class Ledger:
    """The pristine test ledger and what the sweep needs to know about it."""

    def __init__(self, binary, folder, rng):
        self.binary = binary
        self.folder = folder
        self.path = os.path.join(folder, "pristine.db")
        self.key = os.path.join(folder, "ledger.key")
        self.saved = os.path.join(folder, "saved-checkpoint.note")
        self.rng = rng
        self.build()

    def append_batch(self, lines):
        path = os.path.join(self.folder, "batch.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            for line in lines:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        ledgertool.checked(self.binary, ["append", "--batch", path, "--json"], db=self.path)

    def entry(self, n):
        rng = self.rng
        payload = {
            "n": n,
            "office": rng.choice(["Zürich", "São Paulo", "Kraków", "東京", "New York"]),
            "score": rng.choice([0.5, 0.875, 1e-7, 12.25, 3, -2, 1e21]),
            "flags": [rng.random() < 0.5, None, "x" * rng.randrange(40)],
            "nested": {"a": {"b": [n, n + 1]}, "emoji": "\U0001F600"},
        }
        return {
            "stream": "model/m%02d" % rng.randrange(12),
            "type": rng.choice(["model.registered", "evidence.test.recorded", "board.vote.cast"]),
            "actor": rng.choice(["alice@bank.example", "Risk Team Bot", "ci@bank.example"]),
            "retention": rng.choice(["7y", "3y", "90d"]),
            "payload": payload,
        }

    def build(self):
        b = self.binary
        ledgertool.checked(b, ["init", "--origin", "tamper.test/ledger"], db=self.path)
        ledgertool.checked(b, ["keys", "generate", "--name", "tamper.test", "--out", self.key])
        with open(self.key + ".pub", encoding="utf-8") as f:
            self.verifier_key = f.read().strip()
        n = 0

        def grow(target):
            nonlocal n
            while n < target:
                if self.rng.random() < 0.2:
                    e = self.entry(n)
                    ledgertool.checked(b, ["append", "--stream", e["stream"], "--type", e["type"], "--actor", e["actor"],
                                           "--retention", e["retention"], "--payload", json.dumps(e["payload"], ensure_ascii=False)],
                                       db=self.path)
                    n += 1
                else:
                    size = min(target - n, self.rng.randint(1, 40))
                    self.append_batch([self.entry(n + i) for i in range(size)])
                    n += size

        grow(100)
        ledgertool.checked(b, ["checkpoint", "--key", self.key], db=self.path)
        grow(230)
        note = ledgertool.checked(b, ["checkpoint", "--key", self.key], db=self.path).stdout
        with open(self.saved, "w", encoding="utf-8") as f:
            f.write(note)
        grow(300)
        ledgertool.checked(b, ["checkpoint", "--key", self.key], db=self.path)
        db = sqlite3.connect(self.path)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        for suffix in ("-wal", "-shm"):
            if os.path.exists(self.path + suffix):
                os.remove(self.path + suffix)
        db = sqlite3.connect(self.path)
        self.count = db.execute("SELECT COUNT(*) FROM entry_header").fetchone()[0]
        self.keys = {table: [r[0] for r in db.execute("SELECT %s FROM %s ORDER BY 1" % (key, table))]
                     for table, key in (("entry_header", "seq"), ("entry_payload", "seq"), ("merkle_subtree", "seq"),
                                        ("tree_head", "size"), ("checkpoint", "size"))}
        self.keys["ledger_meta"] = ["origin"]  # the format marker is not content: changing it makes the file not a ledger
        self.saved_size = int(open(self.saved, encoding="utf-8").read().split("\n")[1])
        db.close()
        code, report, err = ledgertool.verify(b, self.path, ["--checkpoint", self.saved, "--key", self.verifier_key])
        if code != 0:
            sys.exit("the pristine test ledger does not verify: %s %s" % (err, report))
        self.checkpoint_args = ["--checkpoint", self.saved, "--key", self.verifier_key]


class Sweep:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.binary = ledgertool.find_binary()
        self.folder = ledgertool.workdir("tamper")
        self.ledger = Ledger(self.binary, self.folder, self.rng)
        self.deadline = ledgertool.Deadline(args.seconds)
        self.results = {}  # category -> [mutations, detected, missed, other]
        self.order = []
        self.misses = []
        self.probes = []
        self.lock = threading.Lock()
        self.counter = 0
        self.kept = 0

    # Running one mutation

    def fresh_copy(self):
        with self.lock:
            self.counter += 1
            path = os.path.join(self.folder, "work-%05d.db" % self.counter)
        shutil.copyfile(self.ledger.path, path)
        return path

    def attempt(self, apply, extra=()):
        """Applies `apply(sqlite3 connection)` to a fresh copy, runs verify. Returns (exit, report, path)."""
        path = self.fresh_copy()
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA synchronous = OFF")  # a scratch copy: no need to wait for the disk
        try:
            description = apply(db)
        finally:
            db.close()
        for suffix in ("-wal", "-shm"):
            if os.path.exists(path + suffix):
                os.remove(path + suffix)
        code, report, err = ledgertool.verify(self.binary, path, extra)
        return code, (report or {}).get("error") or err, path, description

    def record(self, category, expect_detected, code, message, path, description):
        with self.lock:
            if category not in self.results:
                self.results[category] = [0, 0, 0, 0]
                self.order.append(category)
            row = self.results[category]
            row[0] += 1
            if code not in (0, 1):
                row[3] += 1
            if code == (1 if expect_detected else 0):
                row[1] += 1
                os.remove(path)
            else:
                row[2] += 1
                keep = None
                if self.kept < 20:
                    keep = path
                    self.kept += 1
                else:
                    os.remove(path)
                self.misses.append({"category": category, "mutation": description, "exit": code,
                                    "verify": message, "copy": keep})

    # 1. One-byte changes

    def byte_mutation(self, category, table, column, key, rng):
        keys = self.ledger.keys[table]
        row_key = rng.choice(keys)
        if column is None:
            column = rng.choice(QUERY_COLUMNS)

        def apply(db):
            drop_triggers(db, table)
            old = db.execute("SELECT %s FROM %s WHERE %s = ?" % (column, table, key), (row_key,)).fetchone()[0]
            if isinstance(old, bytes):
                offset = rng.randrange(len(old))
                new_byte, how = change_byte(rng, old[offset])
                new = old[:offset] + bytes([new_byte]) + old[offset + 1:]
                what = "%s %s=%s byte %d: 0x%02x -> 0x%02x (%s)" % (column, key, row_key, offset, old[offset], new_byte, how)
            elif isinstance(old, int):
                choices = [v for v in range(max(1, old - 3), old + 4) if v != old]
                new = rng.choice(choices)
                what = "%s %s=%s: %d -> %d" % (column, key, row_key, old, new)
            else:
                offset = rng.randrange(len(old))
                new_char = similar_char(rng, old[offset]) if rng.random() < 0.8 else rng.choice("AZ09 -_./é")
                if new_char == old[offset]:
                    new_char = similar_char(rng, old[offset])
                new = old[:offset] + new_char + old[offset + 1:]
                what = "%s %s=%s char %d: %r -> %r" % (column, key, row_key, offset, old[offset], new_char)
            try:
                db.execute("UPDATE %s SET %s = ? WHERE %s = ?" % (table, column, key), (new, row_key))
            except sqlite3.IntegrityError as error:
                return "SKIP " + what + " (" + str(error) + ")"
            return what

        code, message, path, what = self.attempt(apply)
        if what.startswith("SKIP"):
            os.remove(path)
            return False
        self.record(category, True, code, message, path, what)
        return True

    def byte_sweep(self, pool):
        total = self.args.positions
        plan = []
        for category, table, column, key, share in BYTE_CATEGORIES:
            plan += [(category, table, column, key)] * max(1, round(total * share))
        # Rounding: the header column takes up the difference, so the count is exactly --positions.
        first = BYTE_CATEGORIES[0][:4]
        while len(plan) < total:
            plan.append(first)
        while len(plan) > total and plan.count(first) > 1:
            plan.remove(first)
        self.rng.shuffle(plan)
        seeds = [self.rng.randrange(2**32) for _ in plan]

        def one(item, seed):
            rng = random.Random(seed)
            for _ in range(5):  # a constraint may refuse a change (UNIQUE, CHECK): draw again
                if self.deadline.passed():
                    return
                if self.byte_mutation(*item, rng):
                    return

        list(pool.map(lambda pair: one(*pair), zip(plan, seeds)))

    # 2. Rows deleted, reordered, duplicated

    def structural_cases(self):
        L = self.ledger
        n = L.count
        mid = n // 2
        subtree = L.keys["merkle_subtree"]
        heads = L.keys["tree_head"]
        cps = L.keys["checkpoint"]
        rng = self.rng

        # A size inside the log that has no tree head of its own (the last batch's head copied
        # there must be caught); when every size has a head, one past the end.
        taken = set(heads)
        free_head_size = next((size for size in range(heads[-1] - 1, 0, -1) if size not in taken), n + 2)

        def sql(*statements, tables=()):
            def apply(db):
                drop_triggers(db, *tables)
                for statement in statements:
                    db.execute(statement)
                return "; ".join(statements)
            return apply

        def swap(table, key, a, b, columns):
            def apply(db):
                drop_triggers(db, table)
                rows = {k: db.execute("SELECT %s FROM %s WHERE %s = ?" % (", ".join(columns), table, key), (k,)).fetchone()
                        for k in (a, b)}
                db.execute("DELETE FROM %s WHERE %s IN (?, ?)" % (table, key), (a, b))
                marks = ", ".join("?" * (len(columns) + 1))
                db.execute("INSERT INTO %s (%s, %s) VALUES (%s)" % (table, key, ", ".join(columns), marks), (a,) + rows[b])
                db.execute("INSERT INTO %s (%s, %s) VALUES (%s)" % (table, key, ", ".join(columns), marks), (b,) + rows[a])
                return "swap %s %s=%s and %s=%s" % (table, key, a, key, b)
            return apply

        header_columns = ["stream", "stream_version", "type", "time", "actor", "header", "leaf_hash"]

        def swap_headers(a, b):
            # UNIQUE(stream, stream_version) moves with the row, so delete both first.
            return swap("entry_header", "seq", a, b, header_columns)

        def duplicate_entry(source):
            def apply(db):
                drop_triggers(db, "entry_header", "entry_payload")
                db.execute("INSERT INTO entry_header (seq, stream, stream_version, type, time, actor, header, leaf_hash) "
                           "SELECT ?, stream, stream_version + 100000, type, time, actor, header, leaf_hash FROM entry_header WHERE seq = ?",
                           (n, source))
                db.execute("INSERT INTO entry_payload (seq, salt, payload) SELECT ?, salt, payload FROM entry_payload WHERE seq = ?", (n, source))
                return "entry %d copied to seq %d (query column stream_version shifted for UNIQUE)" % (source, n)
            return apply

        cases = [
            ("rows deleted", sql("DELETE FROM entry_header WHERE seq = %d" % mid, tables=["entry_header"])),
            ("rows deleted", sql("DELETE FROM entry_header WHERE seq = 0", tables=["entry_header"])),
            ("rows deleted", sql("DELETE FROM entry_header WHERE seq = %d" % (n - 1), tables=["entry_header"])),
            ("rows deleted", sql("DELETE FROM entry_header WHERE seq = %d" % mid, "DELETE FROM entry_payload WHERE seq = %d" % mid,
                                 "DELETE FROM merkle_subtree WHERE seq = %d" % mid, tables=["entry_header", "entry_payload", "merkle_subtree"])),
            ("rows deleted", sql("DELETE FROM entry_payload WHERE seq = %d" % mid, tables=["entry_payload"])),
            ("rows deleted", sql("DELETE FROM entry_payload WHERE seq = %d" % (n - 1), tables=["entry_payload"])),
            ("rows deleted", sql("DELETE FROM merkle_subtree WHERE seq = %d" % rng.choice(subtree), tables=["merkle_subtree"])),
            ("rows deleted", sql("DELETE FROM merkle_subtree WHERE seq = %d" % subtree[-1], tables=["merkle_subtree"])),
            ("rows deleted", sql("DELETE FROM tree_head WHERE size = %d" % heads[-1], tables=["tree_head"])),
            ("rows deleted", sql("DELETE FROM tree_head WHERE size = %d" % heads[len(heads) // 2], tables=["tree_head"])),
            ("rows deleted", sql("DELETE FROM tree_head WHERE size = %d" % heads[0], tables=["tree_head"])),
            ("rows deleted", sql("DELETE FROM entry_header WHERE seq >= %d" % (n - 5), "DELETE FROM entry_payload WHERE seq >= %d" % (n - 5),
                                 "DELETE FROM merkle_subtree WHERE seq >= %d" % (n - 5), "DELETE FROM tree_head WHERE size > %d" % (n - 5),
                                 tables=["entry_header", "entry_payload", "merkle_subtree", "tree_head"])),
            ("rows reordered", swap_headers(mid, mid + 1)),
            ("rows reordered", swap_headers(3, n - 4)),
            ("rows reordered", swap("entry_payload", "seq", mid, mid + 1, ["salt", "payload"])),
            ("rows reordered", swap("entry_payload", "seq", 0, n - 1, ["salt", "payload"])),
            ("rows reordered", swap("merkle_subtree", "seq", subtree[1], subtree[2], ["hashes"])),
            ("rows reordered", swap("tree_head", "size", heads[1], heads[2], ["root", "time"])),
            ("rows reordered", swap("checkpoint", "size", cps[0], cps[1], ["root", "note", "key", "time"])),
            ("rows duplicated", duplicate_entry(n - 1)),
            ("rows duplicated", duplicate_entry(mid)),
            ("rows duplicated", sql("INSERT INTO entry_payload (seq, salt, payload) SELECT %d, salt, payload FROM entry_payload WHERE seq = %d" % (n, n - 1))),
            ("rows duplicated", sql("INSERT INTO merkle_subtree (seq, hashes) SELECT %d, hashes FROM merkle_subtree WHERE seq = %d" % (n + 1, subtree[-1]))),
            ("rows duplicated", sql("INSERT INTO tree_head (size, root, time) SELECT %d, root, time FROM tree_head WHERE size = %d" % (n + 1, heads[-1]))),
            ("rows duplicated", sql("INSERT INTO tree_head (size, root, time) SELECT %d, root, time FROM tree_head WHERE size = %d" % (free_head_size, heads[-1]))),
            ("rows duplicated", sql("INSERT INTO checkpoint (size, root, note, key, time) SELECT %d, root, note, key, time FROM checkpoint WHERE size = %d" % (cps[-1] - 1, cps[-1]))),
        ]
        return cases

    # 3. Forked tails

    def fork(self, k, extra):
        """Truncates at k and appends a re-chained tail of (count - k + extra) entries."""
        L = self.ledger

        def apply(db):
            drop_triggers(db, "entry_header", "entry_payload", "merkle_subtree", "tree_head", "checkpoint")
            rows = db.execute("SELECT seq, header, stream, stream_version, time FROM entry_header WHERE seq < ? ORDER BY seq", (k,)).fetchall()
            leaves = [ledgertool.leaf_hash(r[1]) for r in rows]
            last_time = rows[-1][4] if rows else "2025-01-15T09:30:00.000Z"
            db.execute("DELETE FROM entry_header WHERE seq >= ?", (k,))
            db.execute("DELETE FROM entry_payload WHERE seq >= ?", (k,))
            db.execute("DELETE FROM merkle_subtree WHERE seq >= ?", (k,))
            db.execute("DELETE FROM tree_head WHERE size > ?", (k,))
            db.execute("DELETE FROM checkpoint WHERE size > ?", (k,))
            new = L.count - k + extra
            for i in range(new):
                seq = k + i
                payload = {"forged": True, "seq": seq, "note": "rewritten by a writer that bypassed the API"}
                salt = os.urandom(16)
                body = ledgertool.jcs(payload)
                header = {
                    "v": 1, "seq": seq, "time": last_time, "stream": "model/forged", "streamVersion": i + 1,
                    "type": "model.registered", "actor": "mallory@evil.example", "retention": "7y",
                    "payloadSHA256": ledgertool.sha256(salt + body).hex(),
                    "prevSHA256": leaves[-1].hex() if leaves else "0" * 64,
                }
                h = ledgertool.jcs(header)
                leaf = ledgertool.leaf_hash(h)
                leaves.append(leaf)
                db.execute("INSERT INTO entry_header (seq, stream, stream_version, type, time, actor, header, leaf_hash) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (seq, header["stream"], header["streamVersion"], header["type"], header["time"], header["actor"], h, leaf))
                db.execute("INSERT INTO entry_payload (seq, salt, payload) VALUES (?, ?, ?)", (seq, salt, body))
            for seq, hashes in ledgertool.completed_subtrees(leaves).items():
                if seq >= k:
                    db.execute("INSERT INTO merkle_subtree (seq, hashes) VALUES (?, ?)", (seq, hashes))
            db.execute("INSERT INTO tree_head (size, root, time) VALUES (?, ?, ?)", (len(leaves), ledgertool.merkle_root(leaves), last_time))
            return "truncate at %d, append %d re-chained entries (log of %d), delete checkpoints above %d" % (k, new, len(leaves), k)

        return apply

    def fork_cases(self):
        S = self.ledger.saved_size
        rng = self.rng
        return [self.fork(k, extra) for k, extra in
                ((S - 1, 0), (S - 1, 25), (rng.randrange(1, S - 1), 3), (0, 1), (S // 2, 0))]

    # 4. Changes that do not alter content

    def free_page_garbage(self, db):
        db.execute("CREATE TABLE scratch (b BLOB)")
        for _ in range(40):
            db.execute("INSERT INTO scratch VALUES (randomblob(3000))")
        db.execute("DROP TABLE scratch")
        db.close()
        return "free pages"

    def non_content_cases(self):
        L = self.ledger
        mid = L.count // 2

        def script(*statements, tables=(), label=None):
            def apply(db):
                drop_triggers(db, *tables)
                for statement in statements:
                    db.execute(statement)
                return label or "; ".join(statements)
            return apply

        def rewrite_identical(db):
            drop_triggers(db, "entry_header", "entry_payload")
            row = db.execute("SELECT seq, stream, stream_version, type, time, actor, header, leaf_hash FROM entry_header WHERE seq = ?", (mid,)).fetchone()
            payload = db.execute("SELECT seq, salt, payload FROM entry_payload WHERE seq = ?", (mid,)).fetchone()
            db.execute("DELETE FROM entry_payload WHERE seq = ?", (mid,))
            db.execute("DELETE FROM entry_header WHERE seq = ?", (mid,))
            db.execute("INSERT INTO entry_header VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
            db.execute("INSERT INTO entry_payload VALUES (?, ?, ?)", payload)
            return "entry %d deleted and inserted again, byte for byte" % mid

        def recreate_triggers(db):
            for name, sql_text in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall():
                db.execute("DROP TRIGGER %s" % name)
                db.execute(sql_text)
            return "every trigger dropped and created again"

        return [
            script("VACUUM"),
            script("REINDEX"),
            script("ANALYZE"),
            script("PRAGMA page_size = 8192", "PRAGMA journal_mode = DELETE", "VACUUM", "PRAGMA journal_mode = WAL",
                   label="page size 4096 -> 8192 (VACUUM in rollback-journal mode, back to WAL)"),
            script("PRAGMA journal_mode = DELETE", "PRAGMA journal_mode = WAL", label="journal mode WAL -> DELETE -> WAL"),
            script("UPDATE entry_header SET header = header, leaf_hash = leaf_hash, time = time",
                   "UPDATE entry_payload SET payload = payload, salt = salt", "UPDATE merkle_subtree SET hashes = hashes",
                   "UPDATE tree_head SET root = root", "UPDATE checkpoint SET note = note",
                   tables=["entry_header", "entry_payload", "merkle_subtree", "tree_head", "checkpoint"],
                   label="every row rewritten with identical values"),
            rewrite_identical,
            recreate_triggers,
            script("CREATE INDEX scratch_time ON entry_header(time)", label="an unrelated index added"),
        ]  # and free-page garbage, written at file level by free_page_case

    def free_page_case(self):
        """Fills free pages with random bytes at file level: SQLite never reads them."""
        path = self.fresh_copy()
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode = DELETE")
        self.free_page_garbage(db)
        with open(path, "r+b") as f:
            header = f.read(100)
            page_size = int.from_bytes(header[16:18], "big") or 65536
            trunk = int.from_bytes(header[32:36], "big")
            leaves = []
            while trunk:
                f.seek((trunk - 1) * page_size)
                page = f.read(page_size)
                count = int.from_bytes(page[4:8], "big")
                leaves += [int.from_bytes(page[8 + 4 * i:12 + 4 * i], "big") for i in range(count)]
                trunk = int.from_bytes(page[0:4], "big")
            for page in leaves:
                f.seek((page - 1) * page_size)
                f.write(os.urandom(page_size))
        db = sqlite3.connect(path, isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        db.close()
        code, report, err = ledgertool.verify(self.binary, path)
        self.record("no content change", False, code, (report or {}).get("error") or err, path,
                    "%d free pages overwritten with random bytes" % len(leaves))

    # Informational probes

    def probe_cases(self):
        L = self.ledger
        cps = L.keys["checkpoint"]
        heads = L.keys["tree_head"]

        def change_text(table, column, key, value, trigger_table):
            def apply(db):
                drop_triggers(db, trigger_table)
                old = db.execute("SELECT %s FROM %s WHERE %s = ?" % (column, table, key), (value,)).fetchone()[0]
                if isinstance(old, bytes):
                    old = old.decode()
                i = old.find("20") + 3 if "20" in old else len(old) // 2
                new = old[:i] + similar_char(self.rng, old[i]) + old[i + 1:]
                db.execute("UPDATE %s SET %s = ? WHERE %s = ?" % (table, column, key), (new, value))
                return "%s.%s (%s=%s): %r -> %r" % (table, column, key, value, old, new)
            return apply

        def sql(statement, table):
            def apply(db):
                drop_triggers(db, table)
                db.execute(statement)
                return statement
            return apply

        def rollback(db):
            # Back to an earlier batch boundary after the saved checkpoint, with every row above it
            # (checkpoints included) deleted: a shorter, coherent log.
            drop_triggers(db, "entry_header", "entry_payload", "merkle_subtree", "tree_head", "checkpoint")
            size = [h for h in heads if h > L.saved_size][0]
            for table, key in (("entry_header", "seq"), ("entry_payload", "seq"), ("merkle_subtree", "seq")):
                db.execute("DELETE FROM %s WHERE %s >= ?" % (table, key), (size,))
            db.execute("DELETE FROM tree_head WHERE size > ?", (size,))
            db.execute("DELETE FROM checkpoint WHERE size > ?", (size,))
            return "log cut back to %d entries (a batch boundary after the saved checkpoint of %d)" % (size, L.saved_size)

        return [
            ("checkpoint.time", change_text("checkpoint", "time", "size", cps[0], "checkpoint"), ()),
            ("a stored checkpoint deleted", sql("DELETE FROM checkpoint WHERE size = %d" % cps[0], "checkpoint"), ()),
            ("every tree head deleted", sql("DELETE FROM tree_head", "tree_head"), ()),
            ("tail after the saved checkpoint cut off", rollback, ()),
            ("tail after the saved checkpoint cut off, --checkpoint", rollback, self.ledger.checkpoint_args),
        ]

    # Driving

    def run(self):
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=self.args.workers)
        self.byte_sweep(pool)

        def run_cases(items):
            def one(item):
                category, apply, extra, expect = item
                if self.deadline.passed():
                    return
                code, message, path, description = self.attempt(apply, extra)
                self.record(category, expect, code, message, path, description)
            list(pool.map(one, items))

        items = [(c, a, (), True) for c, a in self.structural_cases()]
        for apply in self.fork_cases():
            items.append(("forked tail, plain verify (must pass)", apply, (), False))
            items.append(("forked tail, verify --checkpoint", apply, self.ledger.checkpoint_args, True))
        items += [("no content change", a, (), False) for a in self.non_content_cases()]
        run_cases(items)
        self.free_page_case()
        if self.args.probe:
            def probe(item):
                label, apply, extra = item
                code, message, path, description = self.attempt(apply, extra)
                os.remove(path)
                with self.lock:
                    self.probes.append((label, description, code, message))
            list(pool.map(probe, self.probe_cases()))
        pool.shutdown()


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="150 one-byte positions plus every structural case")
    parser.add_argument("--positions", type=int)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=900)
    parser.add_argument("--no-probe", dest="probe", action="store_false")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    args.positions = args.positions if args.positions is not None else (150 if args.fast else 2100)
    if args.positions < 1 or args.workers < 1:
        parser.error("--positions and --workers must be at least 1")

    started = time.monotonic()
    sweep = Sweep(args)
    sweep.run()
    seconds = time.monotonic() - started
    failed = bool(sweep.misses) or sweep.deadline.passed()
    one_byte = sum(sweep.results[c][0] for c, *_ in BYTE_CATEGORIES if c in sweep.results)
    if args.json:
        print(json.dumps({
            "seed": args.seed, "seconds": round(seconds, 1), "binary": sweep.binary, "entries": sweep.ledger.count,
            "oneBytePositions": one_byte,
            "categories": [{"category": c, "mutations": r[0], "asExpected": r[1], "missed": r[2], "otherExit": r[3]}
                           for c, r in ((c, sweep.results[c]) for c in sweep.order)],
            "misses": sweep.misses,
            "probes": [{"what": l, "mutation": d, "exit": c, "verify": m} for l, d, c, m in sweep.probes],
        }, indent=2, ensure_ascii=False))
    else:
        print("tamper sweep: ledger of %d entries, %d one-byte positions, seed %d, %.1f s (%s)" % (
            sweep.ledger.count, one_byte, args.seed, seconds, sweep.binary))
        print("  %-42s %9s %9s %7s" % ("category", "mutations", "detected", "missed"))
        byte_order = [c for c, *_ in BYTE_CATEGORIES if c in sweep.results]
        for category in byte_order + [c for c in sweep.order if c not in byte_order]:
            total, ok, missed, other = sweep.results[category]
            expect_pass = category in ("no content change", "forked tail, plain verify (must pass)")
            shown = ("%d passed" % ok) if expect_pass else str(ok)
            print("  %-42s %9d %9s %7d%s" % (category, total, shown if expect_pass else ok, missed,
                                               "  (%d other exit)" % other if other else ""))
        if sweep.probes:
            print("  not counted (bookkeeping outside the signed and chained content):")
            for label, description, code, message in sorted(sweep.probes):
                print("    %-45s verify exit %d%s" % (label, code, (": " + message[:110]) if message and code else ""))
        for miss in sweep.misses:
            print("  MISS %s: %s; verify exit %s: %s%s" % (miss["category"], miss["mutation"], miss["exit"],
                                                         (miss["verify"] or "")[:160], "; copy " + miss["copy"] if miss["copy"] else ""))
        if sweep.deadline.passed():
            print("  STOPPED at the time bound of %d s before the sweep finished" % args.seconds)
        print("tamper: %d passed, %d failed" % (sum(r[1] for r in sweep.results.values()), len(sweep.misses)))
    if not failed and not args.keep:
        shutil.rmtree(sweep.folder, ignore_errors=True)
    else:
        print("  files in %s" % sweep.folder, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
