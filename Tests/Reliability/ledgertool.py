"""Shared helpers for the reliability scripts in this folder (Python 3 standard library only).

Not a script: crash.py, tamper.py and concurrency.py import it. It finds the govledger binary,
runs it, reads a ledger back through `govledger export` and `govledger verify --json`, and
computes the format's hashes (docs/format.md) so that scripts can check results independently
of the Swift code.

Binary: $GOVLEDGER_BIN if set, else .build/release/govledger when it exists, else
.build/debug/govledger (build it first with `swift build`).
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def find_binary():
    """The govledger executable to test: $GOVLEDGER_BIN, else release, else debug."""
    explicit = os.environ.get("GOVLEDGER_BIN")
    if explicit:
        if not os.access(explicit, os.X_OK):
            sys.exit("GOVLEDGER_BIN=%s is not an executable file" % explicit)
        return explicit
    for config in ("release", "debug"):
        path = os.path.join(ROOT, ".build", config, "govledger")
        if os.access(path, os.X_OK):
            return path
    sys.exit("no govledger binary: run `swift build` (or `swift build -c release --product govledger`) first, "
             "or set GOVLEDGER_BIN")


def workdir(prefix):
    """A fresh folder under the system temporary directory."""
    return tempfile.mkdtemp(prefix="govledger-%s-" % prefix)


def run(binary, args, db=None, timeout=120, stdin=None):
    """Runs `govledger ARGS [--db DB]` to completion; returns the CompletedProcess (text mode)."""
    argv = [binary] + list(args)
    if db is not None:
        argv += ["--db", db]
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, input=stdin)


def checked(binary, args, db=None, timeout=120):
    """Like run, but exits the script with the command's stderr when it fails."""
    result = run(binary, args, db=db, timeout=timeout)
    if result.returncode != 0:
        sys.exit("govledger %s failed (exit %d): %s" % (" ".join(args), result.returncode, result.stderr.strip()))
    return result


def export(binary, db):
    """Every entry of the ledger as dicts {"header", "payload", "salt"}, in seq order."""
    result = checked(binary, ["export"], db=db, timeout=300)
    return [json.loads(line) for line in result.stdout.splitlines() if line]


def verify(binary, db, extra=(), timeout=300):
    """Runs `govledger verify --json`; returns (exit code, parsed JSON or None, stderr)."""
    result = run(binary, ["verify", "--json"] + list(extra), db=db, timeout=timeout)
    try:
        report = json.loads(result.stdout) if result.stdout.strip() else None
    except ValueError:
        report = None
    return result.returncode, report, result.stderr.strip()


def jcs(value):
    """RFC 8785 bytes of a value with ASCII keys, strings, small integers only (docs/format.md)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(header_bytes):
    """RFC 6962 leaf hash SHA-256(0x00 || H)."""
    return sha256(b"\x00" + header_bytes)


def node_hash(left, right):
    """RFC 6962 interior node hash SHA-256(0x01 || left || right)."""
    return sha256(b"\x01" + left + right)


def merkle_root(leaves):
    """RFC 9162 Merkle Tree Hash over already-hashed leaves."""
    n = len(leaves)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:
        k *= 2
    return node_hash(merkle_root(leaves[:k]), merkle_root(leaves[k:]))


def completed_subtrees(leaves):
    """{seq: bytes} as the store keeps merkle_subtree: for each leaf, the roots of the perfect
    subtrees it completes (levels 1, 2, ... concatenated); leaves completing none are absent."""
    stack = []  # (level, hash)
    result = {}
    for seq, leaf in enumerate(leaves):
        level, node = 0, leaf
        done = []
        while stack and stack[-1][0] == level:
            _, left = stack.pop()
            node = node_hash(left, node)
            level += 1
            done.append(node)
        stack.append((level, node))
        if done:
            result[seq] = b"".join(done)
    return result


class Deadline:
    """A wall-clock bound every loop checks, so that each script stops by itself."""

    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def passed(self):
        return time.monotonic() >= self.end

    def left(self):
        return max(0.0, self.end - time.monotonic())
