#!/usr/bin/env python3
"""Checks a `govledger lineage show ID --proof FILE` proof file without govledger (docs/lineage.md).

Usage: python3 check_lineage_proof.py PROOF_FILE VERIFIER_KEY [--origin ORIGIN]

Level 1: SHA-256(0x00 || JCS(record)) is recordLeafHash and leads through batchPath to the `root`
of the batch entry's payload, whose SHA-256(salt || JCS(payload)) is the header's payloadSHA256.
Level 2: the batch entry's leaf SHA-256(0x00 || JCS(header)) leads through the tlog-proof to the
Ed25519-signed checkpoint. An erased record (record null) needs the erasure entry naming it,
proven under the same checkpoint. JCS here is Python's json.dumps: exact for headers and
payloads, and for records whose score is written in canonical form between 0.0001 and 10^16; a
record that does not hash to its leaf while holding another score is reported as undecidable.
Exit codes as govledger's: 0 the proof holds, 1 it does not, 2 malformed input or undecidable.
Needs Python 3 and the `cryptography` package only; reuses check_inclusion_proof.py beside it.
"""
import hashlib, json, os, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_inclusion_proof import b64, fail, jcs, no_duplicates, open_note, parse_verifier_key, verify_inclusion

MEMBERS = ["batchEntry", "batchPath", "erasure", "format", "position", "record", "recordLeafHash", "tlogProof"]


def hexhash(text):
    if not isinstance(text, str) or not re.fullmatch(r"[0-9a-f]{64}", text):
        fail(f"not 64 lowercase hex digits: {text!r}", 2)
    return bytes.fromhex(text)


def entry_in_checkpoint(entry, tlog, key, origin_wanted, what):
    """Checks an export line's payload commitment and its tlog-proof; returns (checkpoint, payload)."""
    header, payload, salt = entry["header"], entry["payload"], entry["salt"]
    if payload is None or salt is None:
        fail(f"the {what}'s payload is not in the file, so what it commits to cannot be read")
    if hashlib.sha256(b64(salt, 16) + jcs(payload)).hexdigest() != header["payloadSHA256"]:
        fail(f"the {what}'s payload does not match its header's payloadSHA256: it was altered")
    head, _, note = tlog.encode().partition(b"\n\n")
    lines = head.decode("ascii", "replace").split("\n")
    if lines[0] != "c2sp.org/tlog-proof@v1" or len(lines) < 2:
        fail(f"the {what}'s tlogProof is not c2sp.org/tlog-proof@v1", 2)
    lines = lines[2:] if lines[1].startswith("extra ") else lines[1:]
    if not lines or not re.fullmatch(r"index (0|[1-9][0-9]*)", lines[0]):
        fail(f"the {what}'s tlogProof has no valid 'index N' line", 2)
    index, proof = int(lines[0][6:]), [b64(line, 32) for line in lines[1:]]
    text = open_note(note, *key)
    cp = text.split("\n")
    if len(cp) < 4 or not re.fullmatch(r"0|[1-9][0-9]*", cp[1]):
        fail("the checkpoint text is not origin / size / root", 2)
    origin, size, root = cp[0], int(cp[1]), b64(cp[2], 32)
    if origin_wanted and origin != origin_wanted:
        fail(f"the checkpoint is for the log {origin!r}, not {origin_wanted!r}")
    if index != header["seq"]:
        fail(f"the {what}'s proof is for index {index} but the entry has seq {header['seq']}")
    leaf = hashlib.sha256(b"\x00" + jcs(header)).digest()
    if not verify_inclusion(leaf, index, size, proof, root):
        fail(f"the {what} (seq {index}) is not proven in the signed checkpoint")
    return (origin, size, root), payload


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--origin"):
        fail(__doc__.split("\n\n")[1], 2)
    try:
        key_text = argv[1] if "+" in argv[1] else open(argv[1], encoding="utf-8").read().strip()
        proof = json.load(open(argv[0], "rb"), object_pairs_hook=no_duplicates)
        if sorted(proof) != MEMBERS or proof["format"] != "govledger.lineage-proof/v1":
            fail("not a govledger.lineage-proof/v1 file with exactly the members " + ", ".join(MEMBERS), 2)
        batch, record, position = proof["batchEntry"], proof["record"], proof["position"]
        path = [hexhash(h) for h in proof["batchPath"]]
        leaf = hexhash(proof["recordLeafHash"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        fail(f"cannot read the key or the lineage proof file: {error!r}", 2)
    key = parse_verifier_key(key_text)
    origin = argv[3] if len(argv) == 4 else None
    if batch["header"]["type"] != "prediction.batch.recorded":
        fail("the batch entry is not a prediction.batch.recorded entry")

    # Level 2 first: it authenticates the payload that holds the batch root.
    checkpoint, payload = entry_in_checkpoint(batch, proof["tlogProof"], key, origin, "batch entry")
    root, count = hexhash(payload["root"]), payload["count"]
    print(f"batch entry seq {batch['header']['seq']} ({batch['header']['stream']}) is in the log "
          f"'{checkpoint[0]}' of size {checkpoint[1]}; it commits to {count} records, root {root.hex()}")

    # Level 1: the record's leaf in the batch root.
    if record is not None:
        computed = hashlib.sha256(b"\x00" + jcs(record)).digest()
        if computed != leaf:
            score = record.get("output", {}).get("score")
            exact = not isinstance(score, float) or (1e-4 <= abs(score) < 1e16 and repr(score) == json.dumps(score))
            fail("the record does not hash to recordLeafHash: it was altered" if exact else
                 "the record does not hash to recordLeafHash here, but its score is outside what json.dumps "
                 "writes as JCS: check it with a full RFC 8785 implementation", 1 if exact else 2)
        if record["model"] != payload["model"] or record["version"] not in payload["versions"] \
                or not payload["from"] <= record["time"] <= payload["to"]:
            fail("the record's model, version or time is not the batch's")
    if not verify_inclusion(leaf, position, count, path, root):
        fail(f"the record leaf at position {position} is not proven in the batch root ({len(path)} hashes)")
    if record is not None:
        print(f"OK: prediction {record['predictionId']} ({record['model']} {record['version']}, {record['time']}) "
              f"is record {position} of that batch")
        return
    erasure = proof["erasure"]
    if not isinstance(erasure, dict) or sorted(erasure) != ["entry", "tlogProof"]:
        fail("an erased record's proof carries the erasure entry and its tlogProof", 2)
    erased_cp, erased = entry_in_checkpoint(erasure["entry"], erasure["tlogProof"], key, origin, "erasure entry")
    named = any(group.get("batch") == batch["header"]["seq"] and position in group.get("positions", [])
                for group in erased.get("records", []))
    if erasure["entry"]["header"]["type"] != "erasure.performed" or not named or erased_cp != checkpoint:
        fail("the erasure entry does not name this record, or is proven under another checkpoint")
    print(f"OK: the record at position {position} was erased by the entry at seq "
          f"{erasure['entry']['header']['seq']} ({erased['reason']!r}); its leaf {leaf.hex()} is still proven")


if __name__ == "__main__":
    main(sys.argv[1:])
