#!/usr/bin/env python3
"""Checks a `govledger prove inclusion --out` proof file without govledger (docs/verification.md).

Usage: python3 check_inclusion_proof.py PROOF_FILE VERIFIER_KEY [--origin ORIGIN]

VERIFIER_KEY: the log's key (name+keyid+base64) or a file holding it. Checks the leaf hash
SHA-256(0x00 || JCS(header)), the payload commitment SHA-256(salt || JCS(payload)), the Ed25519
signed note, the checkpoint and the RFC 9162 inclusion proof. JCS here is Python's json.dumps:
exact for headers and for payloads without non-integer numbers or keys above U+FFFF
(docs/format.md); for other payloads a digest mismatch is reported as undecidable.
Exit codes as govledger's: 0 the proof holds, 1 it does not, 2 malformed input or undecidable.
Needs Python 3 and the `cryptography` package only; no govledger code.
"""
import base64, binascii, hashlib, json, re, sys

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
except ImportError:
    print("error: needs the 'cryptography' package (pip install cryptography)", file=sys.stderr)
    sys.exit(2)


def fail(message, code=1):
    print(("FAILED: " if code == 1 else "error: ") + message, file=sys.stderr)
    sys.exit(code)


def jcs(value):  # RFC 8785, for the values described above
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def jcs_exact_for(value):  # no floats and no object keys above U+FFFF
    if isinstance(value, dict):
        return all(max(map(ord, k), default=0) <= 0xFFFF and jcs_exact_for(v) for k, v in value.items())
    return all(map(jcs_exact_for, value)) if isinstance(value, list) else not isinstance(value, float)


def b64(text, size=None):  # standard, padded, canonical base64 (RFC 4648 section 4)
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raw = None
    if raw is None or base64.b64encode(raw).decode() != text or size not in (None, len(raw)):
        fail(f"not the canonical base64 of {size or 'some'} bytes: {text!r}", 2)
    return raw


def no_duplicates(pairs):
    return dict(pairs) if len(dict(pairs)) == len(pairs) else fail("duplicate key in the proof file", 2)


def parse_verifier_key(text):
    """name+keyid+base64(0x01 || Ed25519 public key), key ID = SHA-256(name || LF || 0x01 || key)[:4]."""
    parts = text.split("+", 2)  # the base64 part may itself contain '+'
    if len(parts) != 3 or not parts[0] or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
        fail("the verifier key must be name+keyid+base64", 2)
    raw = b64(parts[2], 33)
    key_id = hashlib.sha256(parts[0].encode() + b"\n" + raw).digest()[:4]
    if raw[0] != 0x01 or key_id.hex() != parts[1]:
        fail(f"not an Ed25519 verifier key, or its ID {parts[1]} does not match its name and key", 2)
    return parts[0], key_id, Ed25519PublicKey.from_public_bytes(raw[1:])


def open_note(note, name, key_id, key):
    """C2SP signed note: text, blank line, then lines '— <name> base64(key ID || signature)'."""
    if not note.endswith(b"\n") or b"\n\n" not in note:
        fail("the checkpoint is not a signed note (no blank line or no final newline)", 2)
    split = note.rindex(b"\n\n")
    text, dash, verified = note[: split + 1], "— ".encode(), False
    for line in note[split + 2 : -1].split(b"\n"):
        if not line.startswith(dash) or line.count(b" ") != 2:
            fail(f"malformed signature line {line!r}", 2)
        signer, signature = line[len(dash) :].split(b" ")
        signature = b64(signature.decode())
        if signer.decode() == name and signature[:4] == key_id:
            try:
                key.verify(signature[4:], text)
            except InvalidSignature:
                fail(f"the signature by {name} does not verify: the checkpoint was altered")
            verified = True
    if not verified:
        fail(f"the checkpoint carries no signature by {name}+{key_id.hex()}")
    return text.decode()


def verify_inclusion(leaf, index, size, proof, root):  # RFC 9162 section 2.1.3.2
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = hashlib.sha256(b"\x01" + p + r).digest()
            while fn & 1 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = hashlib.sha256(b"\x01" + r + p).digest()
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--origin"):
        fail(__doc__.split("\n\n")[1], 2)
    try:
        key_text = argv[1] if "+" in argv[1] else open(argv[1], encoding="utf-8").read().strip()
        proof_file = json.load(open(argv[0], "rb"), object_pairs_hook=no_duplicates)
        entry, tlog = proof_file["entry"], proof_file["tlogProof"].encode()
        header, payload, salt = entry["header"], entry["payload"], entry["salt"]
        seq, about = header["seq"], f"{header['type']} on {header['stream']}"
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        fail(f"cannot read the key or the inclusion proof file: {error!r}", 2)
    name, key_id, key = parse_verifier_key(key_text)
    if proof_file.get("format") != "govledger.inclusion-proof/v1":
        fail("the format is not govledger.inclusion-proof/v1", 2)

    leaf = hashlib.sha256(b"\x00" + jcs(header)).digest()
    print(f"leaf hash   {leaf.hex()}  (seq {seq}, {about})")
    if payload is None and salt is None:
        print("payload     purged; only the header is proven")
    elif payload is None or salt is None:
        fail("payload and salt are both present or both null")
    elif hashlib.sha256(b64(salt, 16) + jcs(payload)).hexdigest() == header.get("payloadSHA256"):
        print("payload     SHA-256(salt || JCS(payload)) matches payloadSHA256")
    elif jcs_exact_for(payload):
        fail("the payload does not match the header's payloadSHA256: it was altered")
    else:
        fail("the payload digest differs, but the payload has non-integer numbers or keys above "
             "U+FFFF: check it with a full RFC 8785 implementation", 2)

    # c2sp.org/tlog-proof@v1: first line, [extra], index, hashes, blank line, signed note.
    head, _, note = tlog.partition(b"\n\n")
    lines = head.decode("ascii", "replace").split("\n") + [""]
    if lines[0] != "c2sp.org/tlog-proof@v1":
        fail("the tlogProof does not start with c2sp.org/tlog-proof@v1", 2)
    lines = lines[2:-1] if lines[1].startswith("extra ") else lines[1:-1]
    if not lines or not re.fullmatch(r"index (0|[1-9][0-9]*)", lines[0]):
        fail("the tlogProof has no valid 'index N' line", 2)
    index, proof = int(lines[0][6:]), [b64(line, 32) for line in lines[1:]]
    text = open_note(note, name, key_id, key)
    print(f"signature   Ed25519 by {name}+{key_id.hex()} verifies")

    cp = text.split("\n")  # origin, size, base64 root, [extension lines], ""
    if len(cp) < 4 or "" in cp[:-1] or not re.fullmatch(r"0|[1-9][0-9]*", cp[1]):
        fail("the checkpoint text is not origin / size / root", 2)
    origin, size, root = cp[0], int(cp[1]), b64(cp[2], 32)
    print(f"checkpoint  {origin}, size {size}, root {root.hex()}")
    if len(argv) == 4 and origin != argv[3]:
        fail(f"the checkpoint is for the log {origin!r}, not {argv[3]!r}")
    if index != seq:
        fail(f"the proof is for index {index} but the entry has seq {seq}")
    if not verify_inclusion(leaf, index, size, proof, root):
        fail(f"the inclusion proof ({len(proof)} hashes) does not lead from the leaf to the signed root")
    print(f"OK: entry seq {seq} is in the log '{origin}' of size {size}")


if __name__ == "__main__":
    main(sys.argv[1:])
