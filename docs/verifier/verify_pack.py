#!/usr/bin/env python3
"""Independent verifier of govledger audit packs, written from docs/audit-packs.md and
docs/format.md alone. Python 3 standard library plus `cryptography` (Ed25519).

    python3 verify_pack.py PACK.zip --key VERIFIER_KEY_OR_FILE

Exit 0: the pack holds. Exit 1: an integrity failure, naming the file and, for an entry, its line
and seq. Exit 2: usage error (missing file, not a ZIP archive, bad key). Nothing is written.
"""
import base64, bisect, decimal, hashlib, json, os, re, sys, zipfile

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
except ImportError:
    sys.exit("verify_pack: the Python package 'cryptography' is needed (apt install python3-cryptography)")

FORMAT = "govledger-audit-pack/1"
MULTIPROOF_FORMAT = "govledger.multiproof/v1"
CONSISTENCY_FORMAT = "govledger.pack-consistency/v1"
SIGNED_TITLE = "govledger audit pack v1"
MAX_SAFE = 2**53 - 1
FIXED = ["entries.jsonl", "checkpoint.txt", "proofs/multiproof.json", "checkpoints/first.txt", "proofs/consistency.json"]

class Failure(Exception):
    def __init__(self, file, message, line=None, seq=None):
        place = file + (f" line {line}" if line else "") + ((f" (seq {seq})" if line else f" seq {seq}") if seq is not None else "")
        super().__init__(f"{place}: {message}")

class Usage(Exception): pass

def sha256(data): return hashlib.sha256(data).digest()

# ---- RFC 8785 canonical JSON -------------------------------------------------------------------

def es_number(x):
    """ECMAScript Number::toString of a finite double (RFC 8785 section 3.2.2.3)."""
    if x != x or x in (float("inf"), float("-inf")): raise ValueError("not a finite number")
    if x == 0: return "0"
    if x < 0: return "-" + es_number(-x)
    sign, digits, exp = decimal.Decimal(repr(x)).normalize().as_tuple()
    d = "".join(map(str, digits))
    k, n = len(d), exp + len(d)
    if k <= n <= 21: return d + "0" * (n - k)
    if 0 < n <= 21: return d[:n] + "." + d[n:]
    if -6 < n <= 0: return "0." + "0" * (-n) + d
    e, mantissa = n - 1, d if k == 1 else d[0] + "." + d[1:]
    return mantissa + "e" + ("+" if e >= 0 else "-") + str(abs(e))

def parse_int(token):
    value = int(token)
    if abs(value) <= MAX_SAFE: return value
    as_double = float(token)
    if es_number(as_double) != token:
        raise ValueError(f"integer {token} is beyond 2^53 - 1 and not the canonical spelling of a double")
    return as_double

def parse_float(token):
    value = float(token)
    if value in (float("inf"), float("-inf")): raise ValueError(f"number {token} is not a finite double")
    return value

def reject_constant(token): raise ValueError(f"{token} is not JSON")

def unique_pairs(pairs):
    out = {}
    for key, value in pairs:
        if key in out: raise ValueError(f"duplicate key {key!r}")
        out[key] = value
    return out

def parse_json(data):
    text = data.decode("utf-8")  # strict: invalid UTF-8 raises
    if text.startswith("\ufeff"): raise ValueError("byte order mark")
    return json.loads(text, object_pairs_hook=unique_pairs, parse_int=parse_int,
                      parse_float=parse_float, parse_constant=reject_constant)

ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}

def jcs_string(s):
    return '"' + "".join(ESCAPES.get(c) or ("\\u%04x" % ord(c) if ord(c) < 0x20 else c) for c in s) + '"'

def jcs_text(v):
    if v is None: return "null"
    if v is True: return "true"
    if v is False: return "false"
    if isinstance(v, int): return str(v)
    if isinstance(v, float): return es_number(v)
    if isinstance(v, str): return jcs_string(v)
    if isinstance(v, list): return "[" + ",".join(jcs_text(x) for x in v) + "]"
    keys = sorted(v, key=lambda k: k.encode("utf-16-be"))
    return "{" + ",".join(jcs_string(k) + ":" + jcs_text(v[k]) for k in keys) + "}"

def jcs(v): return jcs_text(v).encode("utf-8")  # strict: a lone surrogate raises

def canonical_json(data, what):
    try:
        value = parse_json(data)
        ok = jcs(value) == data
    except (ValueError, UnicodeError, RecursionError) as e: raise ValueError(f"{what} is not valid JSON: {e}")
    if not ok: raise ValueError(f"{what} is not in RFC 8785 canonical form")
    return value

# ---- entries (docs/format.md) -------------------------------------------------------------------

TIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z")
STREAM = re.compile(r"[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*")
TYPE = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")
RETENTION = re.compile(r"[1-9][0-9]{0,2}[dmy]")
HEX64 = re.compile(r"[0-9a-f]{64}")
WHITE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
HEADER_KEYS = {"v", "seq", "time", "stream", "streamVersion", "type", "actor", "retention", "payloadSHA256", "prevSHA256"}

def valid_time(t):
    if not isinstance(t, str) or not TIME.fullmatch(t): return False
    y, mo, d, h, mi, s = int(t[0:4]), int(t[5:7]), int(t[8:10]), int(t[11:13]), int(t[14:16]), int(t[17:19])
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return 1 <= mo <= 12 and 1 <= d <= days[mo - 1] and h < 24 and mi < 60 and s < 60

def header_problem(h):
    if not isinstance(h, dict) or set(h) != HEADER_KEYS:
        return "the header must have exactly the ten fields of format v1"
    def integer(x, low): return isinstance(x, int) and not isinstance(x, bool) and low <= x <= MAX_SAFE
    actor = h["actor"]
    checks = [
        (h["v"] == 1 and integer(h["v"], 1), "v must be 1"),
        (integer(h["seq"], 0), "seq must be an integer from 0 to 2^53 - 1"),
        (valid_time(h["time"]), "time must be YYYY-MM-DDTHH:MM:SS.sssZ, a valid UTC instant"),
        (isinstance(h["stream"], str) and STREAM.fullmatch(h["stream"]) and len(h["stream"].encode()) <= 200, "bad stream"),
        (integer(h["streamVersion"], 1), "streamVersion must be an integer of at least 1"),
        (isinstance(h["type"], str) and TYPE.fullmatch(h["type"]) and len(h["type"]) <= 100, "bad type"),
        (isinstance(actor, str) and 1 <= len(actor.encode()) <= 200 and actor[0] not in WHITE and actor[-1] not in WHITE
         and not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in actor), "bad actor"),
        (isinstance(h["retention"], str) and RETENTION.fullmatch(h["retention"]), "bad retention"),
        (isinstance(h["payloadSHA256"], str) and HEX64.fullmatch(h["payloadSHA256"]), "payloadSHA256 must be 64 lowercase hex"),
        (isinstance(h["prevSHA256"], str) and HEX64.fullmatch(h["prevSHA256"]), "prevSHA256 must be 64 lowercase hex"),
    ]
    return next((message for ok, message in checks if not ok), None)

def membership(stream, model):
    if stream.startswith("policy/") or stream.startswith("board/") or stream == "access/roles": return "shared"
    return "model" if stream.endswith("/" + model) else None

def check_entries(data, manifest, tree_size):
    name = "entries.jsonl"
    if not data or not data.endswith(b"\n"): raise Failure(name, "is empty or does not end with a newline")
    seqs, leaves, policies, present, prev, versions = [], [], set(), 0, None, {}
    for number, line in enumerate(data[:-1].split(b"\n"), start=1):
        seq = None
        def fail(message): return Failure(name, message, line=number, seq=seq)
        if len(line) > 1_056_768: raise fail("the line is longer than 1,056,768 bytes")
        try: obj = canonical_json(line, "the line")
        except ValueError as e: raise fail(str(e))
        if not isinstance(obj, dict) or set(obj) != {"header", "payload", "salt"}:
            raise fail("an export line has exactly the members header, payload and salt")
        header = obj["header"]
        if isinstance(header, dict) and isinstance(header.get("seq"), int): seq = header["seq"]
        problem = header_problem(header)
        if problem: raise fail(problem)
        h = jcs(header)
        if len(h) > 4096: raise fail("the header is longer than 4,096 bytes")
        leaf = sha256(b"\x00" + h)
        if seq >= tree_size: raise fail(f"seq {seq} is beyond the checkpoint's tree size {tree_size}")
        if prev is not None:
            if seq <= prev[0]: raise fail(f"seqs must strictly increase; seq {seq} follows seq {prev[0]}")
            if seq == prev[0] + 1:
                if header["prevSHA256"] != prev[1].hex():
                    raise fail(f"prevSHA256 is not the leaf hash of seq {prev[0]}: the chain is broken")
                if header["time"] < prev[2]: raise fail(f"its time is before that of seq {prev[0]}")
        elif seq == 0 and header["prevSHA256"] != "0" * 64: raise fail("seq 0 has a prevSHA256 other than 64 zeros")
        kind, t = membership(header["stream"], manifest["model"]), header["time"]
        if kind == "shared" and t > manifest["to"]:
            raise fail(f"the shared entry of {header['stream']} is after the period's end")
        if kind == "model" and not (manifest["from"] <= t <= manifest["to"]):
            raise fail(f"the entry of {header['stream']} at {t} is outside the period")
        if kind is None:
            raise fail(f"the stream {header['stream']} is neither a stream of the model nor a shared stream")
        stream, version = header["stream"], header["streamVersion"]
        if stream in versions and version != versions[stream] + 1:
            raise fail(f"streamVersion of {stream} goes from {versions[stream]} to {version}: an entry is missing or repeated")
        if stream not in versions and kind == "shared" and version != 1:
            raise fail(f"the first entry of the shared stream {stream} is not streamVersion 1: earlier entries are missing")
        versions[stream] = version
        payload, salt = obj["payload"], obj["salt"]
        if payload is not None or salt is not None:
            if not isinstance(payload, dict) or not isinstance(salt, str):
                raise fail("payload must be an object with a base64 salt, or both must be null")
            try: salt_bytes = base64.b64decode(salt, validate=True)
            except ValueError: salt_bytes = b""
            if len(salt_bytes) != 16 or base64.b64encode(salt_bytes).decode() != salt:
                raise fail("the salt must be 16 bytes in standard base64 with padding")
            p = jcs(payload)
            if sha256(salt_bytes + p).hex() != header["payloadSHA256"]:
                raise fail("SHA-256(salt || payload) does not match the header's payloadSHA256: the payload was altered")
            present += 1
            if header["type"] == "policy.adopted": policies.add(p)
        seqs.append(seq); leaves.append(leaf); prev = (seq, leaf, t)
    return seqs, leaves, policies, present

# ---- Merkle proofs (RFC 6962 / RFC 9162) ---------------------------------------------------------

def node(left, right): return sha256(b"\x01" + left + right)

def split_point(n): return 1 << ((n - 1).bit_length() - 1)

def multiproof_root(seqs, leaves, size, proof):
    cursor = 0
    def walk(lo, hi, start, end):
        nonlocal cursor
        if lo == hi:
            if cursor >= len(proof): raise ValueError("the multi-proof has too few hashes")
            cursor += 1
            return proof[cursor - 1]
        if end - start == 1: return leaves[lo]
        mid = start + split_point(end - start)
        cut = bisect.bisect_left(seqs, mid, lo, hi)
        return node(walk(lo, cut, start, mid), walk(cut, hi, mid, end))
    root = walk(0, len(seqs), 0, size)
    if cursor != len(proof): raise ValueError(f"the multi-proof has {len(proof) - cursor} unused hash(es)")
    return root

def verify_consistency(first, second, first_hash, second_hash, proof):
    """RFC 9162 section 2.1.4.2."""
    if first == second: return not proof and first_hash == second_hash
    if first == 0 or first > second or not proof: return False
    if first & (first - 1) == 0: proof = [first_hash] + proof
    fn, sn = first - 1, second - 1
    while fn & 1: fn, sn = fn >> 1, sn >> 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0: return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while not fn & 1 and fn != 0: fn, sn = fn >> 1, sn >> 1
        else: sr = node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_hash and sr == second_hash and sn == 0

# ---- C2SP signed notes and checkpoints -----------------------------------------------------------

def parse_verifier_key(text):
    parts = text.split("+", 2)
    if len(parts) != 3 or not parts[0] or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
        raise Usage("the key must be name+keyid+base64, as printed by 'govledger keys generate'")
    try: raw = base64.b64decode(parts[2], validate=True)
    except ValueError: raise Usage("the key's base64 part is not valid base64")
    if len(raw) != 33 or raw[0] != 1: raise Usage("the key is not an Ed25519 verifier key (0x01 followed by 32 bytes)")
    name, public = parts[0], raw[1:]
    key_id = sha256(name.encode() + b"\n" + raw)[:4]
    if key_id.hex() != parts[1]: raise Usage(f"the key ID {parts[1]} does not match the name and key ({key_id.hex()})")
    return name, key_id, Ed25519PublicKey.from_public_bytes(public)

def open_note(data, key, file):
    name, key_id, public = key
    try: note = data.decode("utf-8")
    except UnicodeError: raise Failure(file, "the signed note is not UTF-8")
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n") or any(ord(c) < 0x20 and c != "\n" for c in note):
        raise Failure(file, "is not a signed note (text, blank line, signature lines)")
    text, verified = note[:split + 1], False
    for line in note[split + 2:-1].split("\n"):
        m = re.fullmatch(r"\u2014 (\S+) (\S+)", line)
        if not m: raise Failure(file, f"malformed signature line {line!r}")
        try: sig = base64.b64decode(m.group(2), validate=True)
        except ValueError: raise Failure(file, "a signature is not valid base64")
        if len(sig) < 5: raise Failure(file, "a signature line is too short")
        if m.group(1) == name and sig[:4] == key_id:
            try: public.verify(sig[4:], text.encode())
            except InvalidSignature: raise Failure(file, f"the signature by {name} does not verify")
            verified = True
    if not verified: raise Failure(file, f"is not signed by the key {name}")
    return text

def parse_checkpoint(text, file):
    lines = text[:-1].split("\n")
    if len(lines) < 3 or not all(lines) or not re.fullmatch(r"0|[1-9][0-9]*", lines[1]):
        raise Failure(file, "is not a C2SP checkpoint (origin, size, base64 root)")
    try: root = base64.b64decode(lines[2], validate=True)
    except ValueError: root = b""
    if len(root) != 32: raise Failure(file, "the root hash is not base64 of 32 bytes")
    return lines[0], int(lines[1]), root

# ---- the pack -----------------------------------------------------------------------------------

def load_hashes(data, file, fmt, member):
    try: value = canonical_json(data, file)
    except ValueError as e: raise Failure(file, str(e))
    if not isinstance(value, dict) or value.get("format") != fmt or not isinstance(value.get(member), list):
        raise Failure(file, f"is not a {fmt} object with a {member!r} array")
    hashes = value[member]
    if not all(isinstance(h, str) and HEX64.fullmatch(h) for h in hashes):
        raise Failure(file, "a hash is not 64 lowercase hex digits")
    return value, [bytes.fromhex(h) for h in hashes]

def known_path(path):
    if path in FIXED: return True
    if re.fullmatch(r"policy/[0-9a-f]{64}\.json", path): return True
    rest = path[len("reports/"):] if path.startswith("reports/") else None
    return (bool(rest) and "\\" not in rest and not any(ord(c) < 0x20 or ord(c) == 0x7F for c in rest)
            and not any(s in ("", ".", "..") for s in rest.split("/")))

def verify(files, key):
    sig, raw_manifest = files.get("manifest.sig"), files.get("manifest.json")
    if sig is None or raw_manifest is None: raise Failure("manifest.sig" if sig is None else "manifest.json", "missing")
    text = open_note(sig, key, "manifest.sig")
    if text != f"{SIGNED_TITLE}\n{sha256(raw_manifest).hex()}\n":
        raise Failure("manifest.sig", "does not sign the SHA-256 of manifest.json: manifest.json was changed after signing")
    try: manifest = canonical_json(raw_manifest, "manifest.json")
    except ValueError as e: raise Failure("manifest.json", str(e))
    fields = {"format", "origin", "model", "from", "to", "createdAt", "treeSize", "entries", "firstSeq", "lastSeq", "firstCheckpointSize", "files"}
    if not isinstance(manifest, dict) or set(manifest) != fields or manifest["format"] != FORMAT:
        raise Failure("manifest.json", f"is not a {FORMAT} manifest")
    if not (valid_time(manifest["from"]) and valid_time(manifest["to"])) or not isinstance(manifest["model"], str):
        raise Failure("manifest.json", "model, from or to is malformed")
    listed = {}
    records = manifest["files"] if isinstance(manifest["files"], list) else [None]
    for record in records:
        path = record["path"] if isinstance(record, dict) and set(record) == {"path", "sha256", "bytes"} else None
        if not isinstance(path, str) or path in listed or path in ("manifest.json", "manifest.sig") or not known_path(path):
            raise Failure("manifest.json", f"lists a bad or repeated path {path!r}")
        if path not in files: raise Failure(path, "missing: the manifest lists it but the archive does not hold it")
        if len(files[path]) != record["bytes"]:
            raise Failure(path, f"has {len(files[path])} bytes; the manifest says {record['bytes']}")
        if sha256(files[path]).hex() != record["sha256"]:
            raise Failure(path, "its SHA-256 does not match the manifest: the file was changed")
        listed[path] = files[path]
    if [r["path"].encode() for r in records] != sorted(r["path"].encode() for r in records):
        raise Failure("manifest.json", "the files are not sorted by path")
    for path in files:
        if path not in listed and path not in ("manifest.json", "manifest.sig"):
            raise Failure(path, "not listed in the manifest: it was added after signing")
    for path in FIXED[:3]:
        if path not in listed: raise Failure(path, "missing from the manifest and the archive")
    origin, size, root = parse_checkpoint(open_note(listed["checkpoint.txt"], key, "checkpoint.txt"), "checkpoint.txt")
    if origin != manifest["origin"] or size != manifest["treeSize"]:
        raise Failure("checkpoint.txt", "its origin or size differs from the manifest's")
    seqs, leaves, policies, present = check_entries(listed["entries.jsonl"], manifest, size)
    if (len(seqs), seqs[0], seqs[-1]) != (manifest["entries"], manifest["firstSeq"], manifest["lastSeq"]):
        raise Failure("entries.jsonl", "its count or first and last seq differ from the manifest's")
    value, proof = load_hashes(listed["proofs/multiproof.json"], "proofs/multiproof.json", MULTIPROOF_FORMAT, "hashes")
    if value.get("treeSize") != size or value.get("leafCount") != len(seqs):
        raise Failure("proofs/multiproof.json", "treeSize or leafCount differs from the checkpoint and entries")
    try: computed = multiproof_root(seqs, leaves, size, proof)
    except ValueError as e: raise Failure("proofs/multiproof.json", str(e))
    if computed != root:
        raise Failure("proofs/multiproof.json", "the entries and the proof do not give checkpoint.txt's root: an entry or a hash was changed")
    has_first = "checkpoints/first.txt" in listed
    if has_first != ("proofs/consistency.json" in listed) or has_first != (manifest["firstCheckpointSize"] is not None):
        raise Failure("checkpoints/first.txt", "the first checkpoint, the consistency proof and firstCheckpointSize come together or not at all")
    if has_first:
        o1, s1, r1 = parse_checkpoint(open_note(listed["checkpoints/first.txt"], key, "checkpoints/first.txt"), "checkpoints/first.txt")
        if o1 != origin or s1 != manifest["firstCheckpointSize"] or s1 <= seqs[-1] or s1 > size:
            raise Failure("checkpoints/first.txt", "wrong origin or size, or it does not cover the last entry")
        value, hashes = load_hashes(listed["proofs/consistency.json"], "proofs/consistency.json", CONSISTENCY_FORMAT, "proof")
        if value.get("from") != {"size": s1, "rootHash": r1.hex()} or value.get("to") != {"size": size, "rootHash": root.hex()}:
            raise Failure("proofs/consistency.json", "from and to are not the two checkpoints")
        if not verify_consistency(s1, size, r1, root, hashes):
            raise Failure("proofs/consistency.json", f"does not prove that the log of size {size} extends the one of size {s1}")
    for path, data in listed.items():
        if path.startswith("policy/"):
            if path != f"policy/{sha256(data).hex()}.json" or data not in policies:
                raise Failure(path, "is not named by its SHA-256 or is not a policy.adopted payload of entries.jsonl")
    first = f"; consistent with the checkpoint of size {manifest['firstCheckpointSize']}" if has_first else ""
    return (f"audit pack of '{manifest['model']}' from {manifest['from']} to {manifest['to']}: {len(seqs)} entries "
            f"(seq {seqs[0]} to {seqs[-1]}; {present} payloads match, {len(seqs) - present} purged) are in the log "
            f"'{origin}' of size {size}, signed by {key[0]}{first}; {len(listed) + 2} files checked.")

def read_pack(path):
    if not os.path.isfile(path): raise Usage(f"cannot read '{path}'")
    try: archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError): raise Usage(f"'{path}' is not a ZIP archive")
    files = {}
    with archive:
        for info in archive.infolist():
            if info.filename in files: raise Failure(info.filename, "the archive holds this path twice")
            if info.is_dir(): raise Failure(info.filename, "an audit pack holds plain files only")
            try: files[info.filename] = archive.read(info)
            except (zipfile.BadZipFile, OSError, ValueError) as e:
                raise Failure(info.filename, f"cannot be extracted: {e}")
    return files

def main(argv):
    if len(argv) != 3 or argv[1] != "--key":
        print("usage: verify_pack.py PACK.zip --key VERIFIER_KEY_OR_FILE", file=sys.stderr); return 2
    pack, key_arg = argv[0], argv[2]
    try:
        if os.path.isfile(key_arg):
            with open(key_arg, encoding="utf-8") as f: key_arg = f.read().strip()
        if key_arg.startswith("PRIVATE+KEY+"):
            raise Usage("the key is a private signer key; give the public verifier key")
        key = parse_verifier_key(key_arg)
        print("OK: " + verify(read_pack(pack), key)); return 0
    except Usage as e:
        print(f"verify_pack: {e}", file=sys.stderr); return 2
    except Failure as e:
        print(f"verify_pack: FAILED: {e}", file=sys.stderr); return 1

if __name__ == "__main__": sys.exit(main(sys.argv[1:]))
