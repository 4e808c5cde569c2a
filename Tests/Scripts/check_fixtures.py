#!/usr/bin/env python3
"""Independent re-check of the JSON fixtures in Tests/LedgerCoreTests/Fixtures.

The JCS fixtures are produced with node (gen_jcs_*.js); this script re-derives
them with a separate Python implementation so that one engine's quirks do not
silently become the expected values:

  jcs-numbers.json          Number::toString rebuilt from Python's shortest
                            round-trip repr() digits
  jcs-numbers-invalid.json  every pattern is NaN or +/-Infinity
  jcs-canonical.json        strict parse + JCS serialization in Python,
                            compared with "expected" and "expected_hex"
  jcs-reject.json           the same strict parser must refuse every input
  sha256.json               hashlib
  ed25519.json              cryptography (derive, sign, verify)

Usage (from the repository root): python3 Tests/Scripts/check_fixtures.py
Exit status is non-zero on the first mismatch.
"""
import hashlib
import json
import math
import os
import struct
import sys
from decimal import Decimal

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "LedgerCoreTests", "Fixtures")
MAX_DEPTH = 64
MAX_EXACT_INT = 2 ** 53


def load(name):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        raw = f.read()
    raw.decode("ascii")  # fixtures are ASCII-only by construction
    return json.loads(raw)


# ------------------------------------------------------------------ numbers
def es_number(x):
    """ECMA-262 Number::toString for a finite double, from repr() digits."""
    if x == 0:
        return "0"
    if x < 0:
        return "-" + es_number(-x)
    sign, digits, exp = Decimal(repr(x)).as_tuple()
    ds = "".join(map(str, digits)).rstrip("0")
    # repr may carry trailing zeros ("100.0"); re-normalise exponent.
    exp += len(digits) - len(ds)
    k = len(ds)
    n = exp + k  # value = 0.ds * 10^n
    if k <= n <= 21:
        return ds + "0" * (n - k)
    if 0 < n <= 21:
        return ds[:n] + "." + ds[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + ds
    e = n - 1
    es = ("+" if e >= 0 else "-") + str(abs(e))
    return (ds if k == 1 else ds[0] + "." + ds[1:]) + "e" + es


def bits_to_double(h):
    assert len(h) == 16 and h == h.lower(), h
    return struct.unpack(">d", bytes.fromhex(h))[0]


def check_numbers():
    rows = load("jcs-numbers.json")
    seen = set()
    for r in rows:
        assert r["bits"] not in seen, "duplicate bits " + r["bits"]
        seen.add(r["bits"])
        x = bits_to_double(r["bits"])
        assert math.isfinite(x), r
        got = es_number(x)
        assert got == r["expected"], f'{r["bits"]}: python {got} vs fixture {r["expected"]}'
        assert float(r["expected"]) == x or (x == 0 and float(r["expected"]) == 0), r  # round-trips
    bad = load("jcs-numbers-invalid.json")
    for r in bad:
        x = bits_to_double(r["bits"])
        assert not math.isfinite(x), r
    return f"jcs-numbers.json: {len(rows)} ok; jcs-numbers-invalid.json: {len(bad)} ok"


# ------------------------------------------------------------------ strict parser + JCS
class Reject(Exception):
    pass


def _pairs(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise Reject("duplicate key")
    return dict(pairs)  # Python str keys compare by code point, never normalised


def _int(s):
    if abs(int(s)) > MAX_EXACT_INT:
        raise Reject("integer literal beyond 2^53")
    return int(s)


def _float(s):
    v = float(s)
    if not math.isfinite(v):
        raise Reject("number overflow")
    return v


def _const(s):
    raise Reject("non-JSON constant " + s)


def _walk(v, depth):
    if isinstance(v, (dict, list)):
        depth += 1
        if depth > MAX_DEPTH:
            raise Reject("too deep")
        for k in (v.keys() if isinstance(v, dict) else []):
            _check_str(k)
        for c in (v.values() if isinstance(v, dict) else v):
            _walk(c, depth)
    elif isinstance(v, str):
        _check_str(v)


def _check_str(s):
    try:
        s.encode("utf-8")  # fails on lone surrogates
    except UnicodeEncodeError:
        raise Reject("lone surrogate")


def strict_parse(data: bytes):
    text = data.decode("utf-8")  # strict: rejects overlongs, surrogates, > U+10FFFF
    if text.startswith("\ufeff"):
        raise Reject("BOM")
    v = json.loads(text, object_pairs_hook=_pairs, parse_int=_int,
                   parse_float=_float, parse_constant=_const)
    _walk(v, 0)
    return v


def jcs_string(s):
    out = ['"']
    for ch in s:
        c = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif c < 0x20:
            out.append({8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}.get(c, "\\u%04x" % c))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def jcs(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return es_number(float(v))
    if isinstance(v, float):
        return es_number(v)
    if isinstance(v, str):
        return jcs_string(v)
    if isinstance(v, list):
        return "[" + ",".join(jcs(e) for e in v) + "]"
    keys = sorted(v.keys(), key=lambda k: k.encode("utf-16-be"))  # UTF-16 code-unit order
    return "{" + ",".join(jcs_string(k) + ":" + jcs(v[k]) for k in keys) + "}"


def check_canonical():
    cases = load("jcs-canonical.json")
    names = set()
    not_reparseable = []
    for c in cases:
        assert c["name"] not in names, c["name"]
        names.add(c["name"])
        got = jcs(strict_parse(c["input"].encode("utf-8")))
        assert got == c["expected"], f'{c["name"]}: python {got!r} vs fixture {c["expected"]!r}'
        assert got.encode("utf-8").hex() == c["expected_hex"], c["name"]
        # Canonical output should be a fixed point. It is not re-parseable when
        # it prints a double >= 2^53 as a bare integer (e.g. 1e20 ->
        # "100000000000000000000"), because the 2^53 integer-literal rule then
        # rejects it; such cases are reported, not failed.
        try:
            assert jcs(strict_parse(got.encode("utf-8"))) == got, c["name"]
        except Reject as e:
            not_reparseable.append(f'{c["name"]} ({e})')
    msg = f"jcs-canonical.json: {len(cases)} ok"
    if not_reparseable:
        msg += "\n  note: canonical output rejected when parsed again:\n    " + "\n    ".join(not_reparseable)
    return msg


def check_reject():
    cases = load("jcs-reject.json")
    names = set()
    for c in cases:
        assert c["name"] not in names, c["name"]
        names.add(c["name"])
        try:
            strict_parse(bytes.fromhex(c["input_hex"]))
        except (Reject, ValueError, RecursionError):
            continue  # ValueError covers JSONDecodeError and UnicodeDecodeError
        raise AssertionError(f'{c["name"]}: accepted by the strict Python parser')
    return f"jcs-reject.json: {len(cases)} ok"


# ------------------------------------------------------------------ hashes / signatures
def check_sha256():
    rows = load("sha256.json")
    for r in rows:
        msg = bytes.fromhex(r["message_hex"]) if "message_hex" in r else r["repeat"].encode("ascii") * r["count"]
        assert hashlib.sha256(msg).hexdigest() == r["digest"], r["name"]
    return f"sha256.json: {len(rows)} ok"


def check_ed25519():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
    rows = load("ed25519.json")
    for r in rows:
        sk, pk, msg, sig = (bytes.fromhex(r[k]) for k in ("secret_key", "public_key", "message", "signature"))
        priv = Ed25519PrivateKey.from_private_bytes(sk)
        assert priv.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw) == pk, r["name"]
        assert priv.sign(msg) == sig, r["name"]
        Ed25519PublicKey.from_public_bytes(pk).verify(sig, msg)
    return f"ed25519.json: {len(rows)} ok"


def main():
    for fn in (check_numbers, check_canonical, check_reject, check_sha256, check_ed25519):
        print(fn())


if __name__ == "__main__":
    sys.exit(main())
