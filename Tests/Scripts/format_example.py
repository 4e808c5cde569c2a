#!/usr/bin/env python3
"""Worked example of ledger format v1 (docs/format.md), computed independently.

Builds two entries from scratch with the Python standard library only
(hashlib, json, base64), prints every intermediate value, and writes the
golden fixture Tests/LedgerCoreTests/Fixtures/format-v1-example.json.

Usage:
    python3 Tests/Scripts/format_example.py            # print and (re)write the fixture
    python3 Tests/Scripts/format_example.py --check    # print, and fail if the fixture differs
    python3 Tests/Scripts/format_example.py --quiet    # no printing

Nothing here imports project code: the point is that the format can be
reproduced from docs/format.md alone.
"""

import base64
import hashlib
import json
import os
import sys

# ---------------------------------------------------------------------------
# RFC 8785 (JCS), by hand, for the value kinds this example uses:
# objects, arrays, strings, integers within +-2^53, booleans and null.
#
# For this subset the output is identical to
#     json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
# because (1) every key is ASCII, so sorting by code point equals sorting by
# UTF-16 code unit (the two orders differ only for characters outside the
# Basic Multilingual Plane versus U+E000..U+FFFF); (2) integers print the same
# in Python and in ECMAScript below 2^53; (3) Python escapes exactly `"`, `\`,
# \b \f \n \r \t and the other controls below 0x20 as lowercase \u00xx, and
# writes everything else as literal UTF-8 when ensure_ascii=False.
# The script asserts that equivalence on every value it serialises.
# Non-integer numbers would need ECMAScript Number.prototype.toString; the
# example has none, so they are refused rather than guessed.
# ---------------------------------------------------------------------------

MAX_SAFE = 2**53

_SHORT_ESCAPES = {
    0x22: '\\"',
    0x5C: "\\\\",
    0x08: "\\b",
    0x0C: "\\f",
    0x0A: "\\n",
    0x0D: "\\r",
    0x09: "\\t",
}


def _jcs_string(s):
    out = ['"']
    for ch in s:
        cp = ord(ch)
        if 0xD800 <= cp <= 0xDFFF:
            raise ValueError("lone surrogate in string")
        if cp in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[cp])
        elif cp < 0x20:
            out.append("\\u%04x" % cp)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _utf16_key(s):
    return s.encode("utf-16-be")  # big-endian code units compare like the units themselves


def _jcs(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        if abs(value) > MAX_SAFE:
            raise ValueError("integer beyond +-2^53")
        return str(value)
    if isinstance(value, float):
        raise ValueError("non-integer numbers are not used by this example")
    if isinstance(value, str):
        return _jcs_string(value)
    if isinstance(value, list):
        return "[" + ",".join(_jcs(v) for v in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value.keys(), key=_utf16_key)
        return "{" + ",".join(_jcs_string(k) + ":" + _jcs(value[k]) for k in keys) + "}"
    raise TypeError("unsupported type %r" % type(value))


def jcs(value):
    """Canonical JSON text (str). Encode with UTF-8 to get the canonical bytes."""
    text = _jcs(value)
    assert text == json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text


# ---------------------------------------------------------------------------
# Hashes
# ---------------------------------------------------------------------------


def sha256(data):
    return hashlib.sha256(data).digest()


def leaf_hash(h_bytes):
    """RFC 6962 / RFC 9162 leaf hash: SHA-256(0x00 || H)."""
    return sha256(b"\x00" + h_bytes)


def node_hash(left, right):
    """RFC 6962 / RFC 9162 interior node: SHA-256(0x01 || left || right)."""
    return sha256(b"\x01" + left + right)


def merkle_root(leaves):
    """RFC 9162 section 2.1 Merkle Tree Hash over already-hashed leaves."""
    n = len(leaves)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return leaves[0]
    k = 1
    while k * 2 < n:  # largest power of two strictly less than n
        k *= 2
    return node_hash(merkle_root(leaves[:k]), merkle_root(leaves[k:]))


# ---------------------------------------------------------------------------
# The two entries
# ---------------------------------------------------------------------------

ZERO_HASH = "0" * 64

ENTRIES = [
    {
        "time": "2025-01-15T09:30:00.000Z",
        "stream": "policy/enterprise",
        "type": "policy.adopted",
        "actor": "compliance@bank.example",
        "retention": "7y",
        "payload": {
            "name": "enterprise-default",
            "version": 1,
            "digest": hashlib.sha256(b"policy").hexdigest(),
            "tiers": [1, 2, 3, 4],
        },
        "salt": bytes(range(0x00, 0x10)),
    },
    {
        "time": "2025-01-15T09:31:12.250Z",
        "stream": "model/fraud-detection-engine",
        "type": "model.registered",
        "actor": "alice@bank.example",
        "retention": "7y",
        "payload": {
            "name": "fraud-detection-engine",
            "owner": "Risk Team",
            "framework": "XGBoost",
            "tier": 1,
            "office": "Z\u00fcrich",
            "purpose": "Card fraud scoring",
            "approved": False,
            "notes": None,
        },
        "salt": bytes(range(0x10, 0x20)),
    },
]


def build():
    fixture_entries = []
    leaves = []
    prev = ZERO_HASH
    stream_versions = {}
    for seq, spec in enumerate(ENTRIES):
        salt = spec["salt"]
        assert len(salt) == 16
        p_text = jcs(spec["payload"])
        p_bytes = p_text.encode("utf-8")
        payload_sha = sha256(salt + p_bytes).hex()

        stream = spec["stream"]
        stream_versions[stream] = stream_versions.get(stream, 0) + 1

        header = {
            "v": 1,
            "seq": seq,
            "time": spec["time"],
            "stream": stream,
            "streamVersion": stream_versions[stream],
            "type": spec["type"],
            "actor": spec["actor"],
            "retention": spec["retention"],
            "payloadSHA256": payload_sha,
            "prevSHA256": prev,
        }
        assert len(header) == 10
        h_text = jcs(header)
        h_bytes = h_text.encode("utf-8")
        leaf = leaf_hash(h_bytes)

        export_obj = {
            "header": header,
            "payload": spec["payload"],
            "salt": base64.b64encode(salt).decode("ascii"),
        }
        export_line = jcs(export_obj)
        # The header inside the export line is byte-for-byte H.
        assert ('"header":' + h_text) in export_line
        # And so is the payload: P is a substring of the line.
        assert ('"payload":' + p_text) in export_line

        fixture_entries.append(
            {
                "salt_hex": salt.hex(),
                "payload_jcs": p_text,
                "payload_sha256": payload_sha,
                "header": header,
                "header_jcs": h_text,
                "leaf_hash": leaf.hex(),
                "export_line": export_line,
            }
        )
        leaves.append(leaf)
        prev = leaf.hex()

    root2 = node_hash(leaves[0], leaves[1])
    assert root2 == merkle_root(leaves)
    return {"entries": fixture_entries, "merkle_root_2": root2.hex()}


def report(fixture):
    out = []
    for seq, e in enumerate(fixture["entries"]):
        p_bytes = e["payload_jcs"].encode("utf-8")
        h_bytes = e["header_jcs"].encode("utf-8")
        out.append("=== entry seq %d ===" % seq)
        out.append("P (JCS of payload, %d bytes UTF-8):" % len(p_bytes))
        out.append("  " + e["payload_jcs"])
        non_ascii = [c for c in e["payload_jcs"] if ord(c) > 0x7F]
        for c in non_ascii:
            out.append("  U+%04X %s is UTF-8 bytes %s" % (ord(c), c, c.encode("utf-8").hex(" ")))
        out.append("salt (hex):           " + e["salt_hex"])
        out.append("salt (base64):        " + base64.b64encode(bytes.fromhex(e["salt_hex"])).decode("ascii"))
        out.append("payloadSHA256 = SHA-256(salt || P):")
        out.append("  " + e["payload_sha256"])
        out.append("prevSHA256:           " + e["header"]["prevSHA256"])
        out.append("H (JCS of header, %d bytes UTF-8):" % len(h_bytes))
        out.append("  " + e["header_jcs"])
        out.append("leaf hash = SHA-256(0x00 || H):")
        out.append("  " + e["leaf_hash"])
        out.append("export line (%d bytes UTF-8, then \\n):" % len(e["export_line"].encode("utf-8")))
        out.append("  " + e["export_line"])
        out.append("")
    e0, e1 = fixture["entries"]
    out.append("=== chain ===")
    out.append("leaf hash of seq 0:     " + e0["leaf_hash"])
    out.append("prevSHA256 of seq 1:    " + e1["header"]["prevSHA256"])
    out.append("linked:                 " + str(e0["leaf_hash"] == e1["header"]["prevSHA256"]))
    out.append("")
    out.append("=== Merkle tree ===")
    out.append("root of 1 leaf (= leaf 0):          " + e0["leaf_hash"])
    out.append("root of 2 leaves SHA-256(0x01||l0||l1):")
    out.append("  " + fixture["merkle_root_2"])
    out.append("root of 0 leaves (SHA-256 of ''):   " + sha256(b"").hex())
    return "\n".join(out)


def fixture_path():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.normpath(
        os.path.join(here, "..", "LedgerCoreTests", "Fixtures", "format-v1-example.json")
    )


def render(fixture):
    return json.dumps(fixture, indent=2, ensure_ascii=False) + "\n"


def main(argv):
    check = "--check" in argv
    quiet = "--quiet" in argv
    fixture = build()
    if not quiet:
        print(report(fixture))
    text = render(fixture)
    path = fixture_path()
    if check:
        try:
            with open(path, "r", encoding="utf-8") as f:
                existing = f.read()
        except FileNotFoundError:
            print("fixture missing: " + path, file=sys.stderr)
            return 1
        if existing != text:
            print("fixture differs from the recomputed example: " + path, file=sys.stderr)
            return 1
        if not quiet:
            print("\nfixture matches: " + path)
        return 0
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    if not quiet:
        print("\nwrote " + path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
