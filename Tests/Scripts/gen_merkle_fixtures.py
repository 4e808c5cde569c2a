#!/usr/bin/env python3
"""Generates the Merkle and signed-note fixtures in Tests/LedgerCoreTests/Fixtures.

Sources (a folder holding the published vectors, default /work/shared/vectors):
  rfc6962_vectors.json              leaf inputs, node hashes, roots and proofs of the
                                    8-leaf RFC 6962 test tree (transparency-dev/merkle
                                    testonly/constants.go, reference_test.go), a real CT
                                    log vector (Argon2020), and the signed-note examples
                                    (golang.org/x/mod sumdb/note package doc, C2SP
                                    signed-note, a sum.golang.org checkpoint)
  transparency-dev-testdata/        transparency-dev/merkle testdata: inclusion and
                                    consistency probes, positive and negative (wantErr)

Written files:
  merkle-rfc6962.json               the 8-leaf tree: inputs, leaf hashes, perfect-subtree
                                    hashes per level, roots of sizes 0..8, every inclusion
                                    proof and every consistency proof of sizes 1..8
                                    ("published": true where the source lists it, the rest
                                    derived here and cross-checked), hasher vectors, and the
                                    real CT log inclusion and consistency vector
  merkle-inclusion-probes.json      one object per probe: name, desc, index, size, leafHash,
  merkle-consistency-probes.json    root(s), proof (hex), upstream wantErr, and "expect"
                                    ("accept" or "reject") for this project's verifier
  signed-notes.json                 the signed-note examples, the tlog-checkpoint spec example
                                    (signed by a key whose public key is not given) and the
                                    tlog-proof spec example (signatures elided in the spec)

Everything is re-derived here with an independent implementation of RFC 9162 section 2.1
(MTH, PATH, PROOF and the verification algorithms of 2.1.3.2 and 2.1.4.2) and of the
signed-note key ID; the script stops on the first disagreement with a source.

Two deliberate differences from the upstream probe expectations, recorded per probe in
"expect" and "note":
  - hashes are exactly 32 bytes: a probe whose root, leaf hash or proof hash has another
    length cannot be expressed with SHA256Digest and is rejected when decoded (one upstream
    positive probe compares two equal 12-byte "roots" for equal tree sizes);
  - tree sizes and indices are Int: the upstream uint64 value 2^64 - 1 (0 - 1 wrapped) is
    written as -1, which the verifier also rejects.

Usage (from the repository root): python3 Tests/Scripts/gen_merkle_fixtures.py [VECTORS_DIR]
"""
import base64
import glob
import hashlib
import json
import os
import sys

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "LedgerCoreTests", "Fixtures")


# ------------------------------------------------------------------ RFC 9162 section 2.1
def sha256(b):
    return hashlib.sha256(b).digest()


def leaf(d):
    return sha256(b"\x00" + d)


def node(l, r):
    return sha256(b"\x01" + l + r)


def split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(lh):
    n = len(lh)
    if n == 0:
        return sha256(b"")
    if n == 1:
        return lh[0]
    k = split(n)
    return node(mth(lh[:k]), mth(lh[k:]))


def path(m, lh):
    n = len(lh)
    if n <= 1:
        return []
    k = split(n)
    if m < k:
        return path(m, lh[:k]) + [mth(lh[k:])]
    return path(m - k, lh[k:]) + [mth(lh[:k])]


def subproof(m, lh, b):
    n = len(lh)
    if m == n:
        return [] if b else [mth(lh)]
    k = split(n)
    if m <= k:
        return subproof(m, lh[:k], b) + [mth(lh[k:])]
    return subproof(m - k, lh[k:], False) + [mth(lh[:k])]


def proof(m, lh):
    return [] if m == 0 or m == len(lh) else subproof(m, lh, True)


def verify_inclusion(index, size, h, p, root):
    if index < 0 or index >= size:
        return False
    fn, sn, r = index, size - 1, h
    for x in p:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node(x, r)
            while fn & 1 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node(r, x)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, h1, h2, p):
    """RFC 9162 2.1.4.2 for 0 < first < second; the edge policy of this project otherwise."""
    if first < 0 or second < 0 or first > second:
        return False
    if first == second:
        return not p and h1 == h2
    if first == 0:
        return not p and h1 == sha256(b"")
    if not p:
        return False
    p = list(p)
    if first & (first - 1) == 0:
        p.insert(0, h1)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = p[0]
    for c in p[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node(c, fr)
            sr = node(c, sr)
            while fn & 1 == 0 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == h1 and sr == h2


def key_id(name, pub):
    return sha256(name.encode() + b"\n\x01" + pub)[:4].hex()


def check(cond, what):
    if not cond:
        raise SystemExit("mismatch: " + what)


# ------------------------------------------------------------------ fixtures
def rfc6962(vec):
    inputs = [bytes.fromhex(x) for x in vec["leaf_inputs_hex"]]
    lh = [leaf(d) for d in inputs]
    check([h.hex() for h in lh] == vec["leaf_hashes_hex"], "leaf hashes")
    check(sha256(b"").hex() == vec["empty_root_hex"], "empty root")
    levels = [lh]
    while len(levels[-1]) > 1:
        prev = levels[-1]
        levels.append([node(prev[i], prev[i + 1]) for i in range(0, len(prev) - 1, 2)])
    check([[h.hex() for h in lv] for lv in levels] == vec["node_hashes_by_level_hex"], "node hashes by level")
    roots = [{"size": 0, "root": sha256(b"").hex()}]
    for n in range(1, 9):
        r = mth(lh[:n])
        check(r.hex() == vec["roots_by_tree_size_hex"][str(n)], f"root {n}")
        roots.append({"size": n, "root": r.hex()})

    published_incl = {(p["leaf_index"], p["tree_size"]): p["audit_path_hex"] for p in vec["inclusion_proofs"]}
    inclusion = []
    for n in range(1, 9):
        for m in range(n):
            pth = path(m, lh[:n])
            check(verify_inclusion(m, n, lh[m], pth, mth(lh[:n])), f"verify inclusion {m}/{n}")
            if (m, n) in published_incl:
                check([h.hex() for h in pth] == published_incl.pop((m, n)), f"inclusion {m}/{n}")
                pub = True
            else:
                pub = False
            inclusion.append({"index": m, "size": n, "proof": [h.hex() for h in pth], "published": pub})
    check(not published_incl, "unused published inclusion proofs")

    published_cons = {(p["size1"], p["size2"]): p["proof_hex"] for p in vec["consistency_proofs"]}
    consistency = []
    for n in range(1, 9):
        for m in range(1, n + 1):
            prf = proof(m, lh[:n])
            check(verify_consistency(m, n, mth(lh[:m]), mth(lh[:n]), prf), f"verify consistency {m}/{n}")
            if (m, n) in published_cons:
                check([h.hex() for h in prf] == published_cons.pop((m, n)), f"consistency {m}/{n}")
                pub = True
            else:
                pub = False
            consistency.append({"oldSize": m, "newSize": n, "proof": [h.hex() for h in prf], "published": pub})
    check(not published_cons, "unused published consistency proofs")

    hv = vec["hasher_unit_vectors"]
    check(leaf(b"").hex() == hv["empty_leaf"], "empty leaf")
    check(leaf(b"L123456").hex() == hv["leaf_L123456"], "leaf L123456")
    check(node(b"N123", b"N456").hex() == hv["node_N123_N456"], "node N123 N456")

    ct = vec["real_ct_log_vector"]
    b64 = base64.b64decode
    ct_leaf = leaf(b64(ct["leaf_input_b64"]))
    ct_path = [b64(x) for x in ct["audit_path_b64"]]
    ct_cons = [b64(x) for x in ct["consistency_b64"]]
    check(verify_inclusion(ct["leaf_index"], ct["tree_size"], ct_leaf, ct_path, b64(ct["root_b64"])), "CT inclusion")
    check(verify_consistency(ct["old_size"], ct["tree_size"], b64(ct["old_root_b64"]), b64(ct["root_b64"]), ct_cons), "CT consistency")

    return {
        "about": "RFC 6962 test tree of 8 leaves (transparency-dev/merkle testonly) and a real CT log "
                 "vector (Google Argon2020); generated by Tests/Scripts/gen_merkle_fixtures.py",
        "emptyRoot": sha256(b"").hex(),
        "leafInputs": [d.hex() for d in inputs],
        "leafHashes": [h.hex() for h in lh],
        "levels": [[h.hex() for h in lv] for lv in levels],
        "roots": roots,
        "inclusion": inclusion,
        "consistency": consistency,
        "hasher": {"emptyLeaf": hv["empty_leaf"], "leafL123456": hv["leaf_L123456"], "nodeN123N456": hv["node_N123_N456"]},
        "realLog": {
            "leafInput": b64(ct["leaf_input_b64"]).hex(),
            "leafHash": ct_leaf.hex(),
            "index": ct["leaf_index"],
            "size": ct["tree_size"],
            "root": b64(ct["root_b64"]).hex(),
            "inclusion": [h.hex() for h in ct_path],
            "oldSize": ct["old_size"],
            "oldRoot": b64(ct["old_root_b64"]).hex(),
            "consistency": [h.hex() for h in ct_cons],
        },
    }


def as_int(v, notes):
    if v >= 2 ** 63:
        notes.append(f"upstream uint64 {v} written as {v - 2 ** 64}")
        return v - 2 ** 64
    return v


def probes(root_dir, kind):
    out = []
    for path_ in sorted(glob.glob(os.path.join(root_dir, kind, "**", "*.json"), recursive=True)):
        with open(path_) as f:
            p = json.load(f)
        name = os.path.relpath(path_, os.path.join(root_dir, kind))[: -len(".json")]
        notes = []
        dec = lambda x: base64.b64decode(x) if x is not None else b""
        prf = [dec(x) for x in (p.get("proof") or [])]
        if kind == "inclusion":
            idx, size = as_int(p["leafIdx"], notes), as_int(p["treeSize"], notes)
            lh, root = dec(p["leafHash"]), dec(p["root"])
            hashes = [lh, root] + prf
            accepted = verify_inclusion(idx, size, lh, prf, root)
            entry = {"name": name, "desc": p["desc"], "index": idx, "size": size, "leafHash": lh.hex(), "root": root.hex()}
        else:
            s1, s2 = as_int(p["size1"], notes), as_int(p["size2"], notes)
            r1, r2 = dec(p["root1"]), dec(p["root2"])
            hashes = [r1, r2] + prf
            accepted = verify_consistency(s1, s2, r1, r2, prf)
            entry = {"name": name, "desc": p["desc"], "oldSize": s1, "newSize": s2, "oldRoot": r1.hex(), "newRoot": r2.hex()}
        well_formed = all(len(h) == 32 for h in hashes)
        if not well_formed:
            accepted = False
            if not p["wantErr"]:
                notes.append("upstream accepts; a hash here is not 32 bytes, which SHA256Digest cannot hold")
        elif accepted == p["wantErr"]:
            raise SystemExit(f"{kind}/{name}: reference verifier disagrees with upstream wantErr={p['wantErr']}")
        entry.update({"proof": [h.hex() for h in prf], "wantErr": p["wantErr"], "expect": "accept" if accepted else "reject"})
        if notes:
            entry["note"] = "; ".join(notes)
        out.append(entry)
    return out


TLOG_PROOF_EXAMPLE = (
    "c2sp.org/tlog-proof@v1\n"
    "extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ\n"
    "index 73894\n"
    "gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=\n"
    "B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=\n"
    "EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=\n"
    "RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=\n"
    "AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=\n"
    "\n"
    "example.com/fancylog\n"
    "109482\n"
    "sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=\n"
    "\n"
    "\u2014 example.com/fancylog hI2DJw[...]1roloI=\n"
    "\u2014 witness1.example mJirIklj[...]qY9v2B/5bg==\n"
    "\u2014 witness2.example TnKKVHLX[...]xwYwrSjgow==\n"
    "\u2014 witness3.example S4X82uH5[...]3oEcROGLFQ==\n"
)


def signed_notes(vec):
    sn = vec["signed_note_vectors"]
    go, c2 = sn["go_example"], sn["c2sp_example"]
    sum_db = sn["real_go_sumdb_checkpoint"]
    for vkey in (go["vkey"], c2["vkey"], sum_db["vkey"]):
        name, kid, data = vkey.split("+", 2)
        raw = base64.b64decode(data)
        check(raw[0] == 1 and len(raw) == 33 and key_id(name, raw[1:]) == kid, "key ID of " + vkey)
    check(go["signed"].startswith(go["text"] + "\n\u2014 PeterNeumann "), "Go example layout")
    check(c2["signed"].startswith("This is an example message.\n\n\u2014 example.com/foo "), "C2SP example layout")
    proof_lines = TLOG_PROOF_EXAMPLE.split("\n")
    check(proof_lines[0] == "c2sp.org/tlog-proof@v1" and proof_lines[2] == "index 73894", "tlog-proof example layout")
    return {
        "about": "golang.org/x/mod sumdb/note package doc example, C2SP signed-note example, a sum.golang.org "
                 "checkpoint, and the C2SP tlog-checkpoint and tlog-proof examples; generated by Tests/Scripts/gen_merkle_fixtures.py",
        "go": {"signerKey": go["skey"], "verifierKey": go["vkey"], "keyID": "c74f20a3", "text": go["text"], "signed": go["signed"]},
        "c2sp": {"verifierKey": c2["vkey"], "text": "This is an example message.\n", "signed": c2["signed"]},
        "sumdb": {"verifierKey": sum_db["vkey"], "signed": sum_db["signed"]},
        # c2sp.org/tlog-checkpoint example; its signer's public key is not published with it.
        "tlogCheckpointExample": {
            "signed": "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
                      "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n",
            "origin": "example.com/behind-the-sofa",
            "size": 20852163,
            "rootHash": base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=").hex(),
        },
        # c2sp.org/tlog-proof example; its signatures are elided ("[...]") in the spec, so it
        # parses as a proof but its checkpoint cannot be opened.
        "tlogProofExample": {"text": TLOG_PROOF_EXAMPLE, "index": 73894, "hashCount": 5},
    }


def write(name, value):
    with open(os.path.join(FIXTURES, name), "w", encoding="ascii") as f:
        if isinstance(value, list):
            f.write("[\n" + ",\n".join(json.dumps(e, separators=(",", ":")) for e in value) + "\n]\n")
        else:
            f.write(json.dumps(value, indent=1, ensure_ascii=True) + "\n")


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/vectors"
    with open(os.path.join(src, "rfc6962_vectors.json")) as f:
        vec = json.load(f)
    td = os.path.join(src, "transparency-dev-testdata")
    write("merkle-rfc6962.json", rfc6962(vec))
    inc, con = probes(td, "inclusion"), probes(td, "consistency")
    write("merkle-inclusion-probes.json", inc)
    write("merkle-consistency-probes.json", con)
    write("signed-notes.json", signed_notes(vec))
    for n, rows in (("inclusion", inc), ("consistency", con)):
        acc = sum(r["expect"] == "accept" for r in rows)
        dev = [r["name"] for r in rows if (r["expect"] == "reject") != r["wantErr"]]
        print(f"{n}: {len(rows)} probes, {acc} accept, {len(rows) - acc} reject; differ from upstream: {dev}")


if __name__ == "__main__":
    main()
