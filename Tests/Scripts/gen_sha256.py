#!/usr/bin/env python3
"""Generates Tests/LedgerCoreTests/Fixtures/sha256.json.

Vectors are the SHA-256 examples of FIPS 180-2 (Appendix B) plus the empty
message; every digest below is the published value and is re-computed with
hashlib before the file is written.

Entry shapes:
  {"name", "message_hex", "digest"}                 message given as bytes
  {"name", "repeat", "count", "digest"}             message = repeat * count
                                                     ("repeat" is ASCII text)

Usage (from the repository root): python3 Tests/Scripts/gen_sha256.py
"""
import hashlib
import json
import os

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "LedgerCoreTests", "Fixtures")

VECTORS = [
    # (name, message bytes, published digest)
    ("abc", b"abc",
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("empty", b"",
     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("448-bit", b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
]
REPEATED = [
    ("million-a", "a", 1000000,
     "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
]


def main():
    out = []
    for name, msg, digest in VECTORS:
        got = hashlib.sha256(msg).hexdigest()
        if got != digest:
            raise SystemExit(f"{name}: hashlib gives {got}, published value is {digest}")
        out.append({"name": name, "message_hex": msg.hex(), "digest": digest})
    for name, rep, count, digest in REPEATED:
        got = hashlib.sha256(rep.encode("ascii") * count).hexdigest()
        if got != digest:
            raise SystemExit(f"{name}: hashlib gives {got}, published value is {digest}")
        out.append({"name": name, "repeat": rep, "count": count, "digest": digest})
    path = os.path.join(FIXTURES, "sha256.json")
    with open(path, "w", encoding="ascii") as f:
        f.write("[\n" + ",\n".join(json.dumps(e, separators=(",", ":")) for e in out) + "\n]\n")
    print(f"sha256.json: {len(out)} vectors")


if __name__ == "__main__":
    main()
