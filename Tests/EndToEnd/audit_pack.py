#!/usr/bin/env python3
"""End-to-end check of audit packs with both verifiers.

Builds the demo ledger, generates a key, builds an audit pack of the credit scoring model over its
whole history, and checks that `govledger verify-pack` and the independent
`docs/verifier/verify_pack.py` both accept it. Then, each time on a re-zipped copy, it changes a
byte of every file at several positions, drops every file, adds files, removes an entry line and
swaps two entry lines (three ways: plainly; with the manifest's hashes recomputed but the old
signature; recomputed and signed again with the ledger key, as an insider could), and asserts that
BOTH verifiers exit 1 with a message naming the file at fault (and, for entries checked in depth,
the line). Usage errors must exit 2. Takes well under a minute.

    python3 Tests/EndToEnd/audit_pack.py --govledger .build/debug/govledger
"""
import argparse, base64, hashlib, json, os, subprocess, sys, tempfile, time, warnings, zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PY_VERIFIER = os.path.join(ROOT, "docs", "verifier", "verify_pack.py")
MODEL = "credit-scoring-model"
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(PY_VERIFIER))
import verify_pack as reference  # noqa: E402  (its RFC 8785 serializer, to re-encode a changed line)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


class Sweep:
    def __init__(self, govledger, workdir, verifier_key, signer_key):
        self.govledger, self.workdir, self.key = govledger, workdir, verifier_key
        self.signer_key = signer_key
        self.count, self.failures = 0, []

    def verifiers(self, pack):
        swift = run([self.govledger, "verify-pack", pack, "--key", self.key])
        python = run([sys.executable, PY_VERIFIER, pack, "--key", self.key])
        return [("govledger", swift), ("verify_pack.py", python)]

    def expect(self, name, members, status, words):
        """Writes `members` (ordered (path, bytes)) as a ZIP and checks both verifiers."""
        self.count += 1
        pack = os.path.join(self.workdir, "mutated.zip")
        if os.path.exists(pack):
            os.remove(pack)
        with zipfile.ZipFile(pack, "w", zipfile.ZIP_DEFLATED) as archive, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a repeated member is one of the mutations
            for path, data in members:
                archive.writestr(path, data)
        for tool, result in self.verifiers(pack):
            message = result.stderr.strip()
            if result.returncode != status or not all(word in message for word in words):
                self.failures.append(f"{name}: {tool} exited {result.returncode} (expected {status} naming {words}): {message[-300:]}")


def sign_note(text, signer_key):
    """A C2SP signed note of `text` with the ledger's private key (what an insider could do)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    _, _, name, key_id, encoded = signer_key.split("+", 4)
    seed = base64.b64decode(encoded)[1:]
    signature = Ed25519PrivateKey.from_private_bytes(seed).sign(text.encode())
    return (text + "\n\u2014 " + name + " " + base64.b64encode(bytes.fromhex(key_id) + signature).decode() + "\n").encode()


def reseal(members, signer_key, resign):
    """Recomputes the manifest's file list for changed contents; signs it again when `resign`."""
    files = dict(members)
    manifest = json.loads(files["manifest.json"])
    manifest["files"] = sorted(
        ({"path": p, "sha256": hashlib.sha256(d).hexdigest(), "bytes": len(d)} for p, d in members if not p.startswith("manifest.")),
        key=lambda r: r["path"].encode())
    manifest["entries"] = files["entries.jsonl"].count(b"\n")
    raw = json.dumps(manifest, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    out = [(p, d) for p, d in members if not p.startswith("manifest.")] + [("manifest.json", raw)]
    signature = files["manifest.sig"]
    if resign:
        signature = sign_note(f"govledger audit pack v1\n{hashlib.sha256(raw).hexdigest()}\n", signer_key)
    return out + [("manifest.sig", signature)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--govledger", default=os.path.join(ROOT, ".build", "debug", "govledger"))
    args = parser.parse_args()
    govledger = os.path.abspath(args.govledger)
    started = time.time()
    with tempfile.TemporaryDirectory(prefix="audit-pack-e2e-") as workdir:
        db, key_file, pack = (os.path.join(workdir, name) for name in ("demo.db", "ledger.key", "pack.zip"))
        demo = run([govledger, "demo", "--db", db], cwd=ROOT)
        assert demo.returncode == 0, demo.stderr
        keys = run([govledger, "keys", "generate", "--name", "demo.govledger.local", "--out", key_file])
        assert keys.returncode == 0, keys.stderr
        verifier_key = keys.stdout.strip()
        built = run([govledger, "audit-pack", "--db", db, "--model", MODEL, "--from", "1970-01-01", "--to", "9999-12-31",
                     "--out", pack, "--key", key_file, "--json"])
        assert built.returncode == 0, built.stderr
        summary = json.loads(built.stdout)
        print(f"pack: {summary['entries']} entries, {summary['files']} files, {summary['bytes']} bytes")
        signer_key = open(key_file).read().strip()
        sweep = Sweep(govledger, workdir, verifier_key, signer_key)
        for tool, result in sweep.verifiers(pack):
            assert result.returncode == 0, f"{tool} rejects the genuine pack: {result.stderr}"
            print(f"{tool}: {result.stdout.strip()}")
        with zipfile.ZipFile(pack) as archive:
            members = [(info.filename, archive.read(info)) for info in archive.infolist()]
        sweep.expect("genuine pack re-zipped", members, 0, [])

        # 1. A byte changed in every file, at several positions.
        for index, (path, data) in enumerate(members):
            for position in sorted({0, 1, len(data) // 3, len(data) // 2, len(data) - 2, len(data) - 1}):
                changed = bytearray(data)
                changed[position] ^= 0x01
                mutated = members[:index] + [(path, bytes(changed))] + members[index + 1:]
                named = "manifest" if path.startswith("manifest.") else path
                sweep.expect(f"byte {position} of {path}", mutated, 1, [named])
        # 2. Every file dropped, and files added.
        for index, (path, _) in enumerate(members):
            sweep.expect(f"{path} dropped", members[:index] + members[index + 1:], 1, [path])
        for extra in ["reports/extra.pdf", "notes.txt", "policy/" + "0" * 64 + ".json"]:
            sweep.expect(f"{extra} added", members + [(extra, b"added later")], 1, [extra])
        sweep.expect("a member repeated", members + [members[0]], 1, [members[0][0]])

        # 3. Entry lines removed and reordered: plainly, re-hashed but not re-signed, re-signed by an insider.
        files = dict(members)
        lines = files["entries.jsonl"].split(b"\n")[:-1]
        model_lines = [i for i, line in enumerate(lines) if json.loads(line)["header"]["stream"] == f"model/{MODEL}"]
        middle = model_lines[len(model_lines) // 2]
        removed = lines[:middle] + lines[middle + 1:]
        swapped = list(lines)
        swapped[middle], swapped[middle + 1] = swapped[middle + 1], swapped[middle]
        for label, new_lines in [("line removed", removed), ("lines swapped", swapped)]:
            data = b"".join(line + b"\n" for line in new_lines)
            mutated = [(p, data if p == "entries.jsonl" else d) for p, d in members]
            sweep.expect(f"{label}", mutated, 1, ["entries.jsonl"])
            sweep.expect(f"{label}, manifest re-hashed, old signature", reseal(mutated, signer_key, False), 1, ["manifest.sig"])
            sweep.expect(f"{label}, re-signed by an insider", reseal(mutated, signer_key, True), 1, ["entries.jsonl line"])
        # A payload changed and re-signed: the commitment check names the line.
        first = json.loads(lines[middle])
        if first["payload"] is not None:
            first["payload"]["tampered"] = True
            line = reference.jcs(first)
            data = b"".join(l + b"\n" for l in lines[:middle] + [line] + lines[middle + 1:])
            mutated = [(p, data if p == "entries.jsonl" else d) for p, d in members]
            sweep.expect("payload changed, re-signed", reseal(mutated, signer_key, True), 1, [f"entries.jsonl line {middle + 1} ", "payload"])

        # 4. Usage errors: exit 2 from both.
        not_zip = os.path.join(workdir, "not.zip")
        open(not_zip, "w").write("hello")
        for label, target, key in [("missing file", os.path.join(workdir, "absent.zip"), verifier_key),
                                   ("not a zip", not_zip, verifier_key), ("bad key", pack, "nobody+00000000+AAAA")]:
            for tool, result in [("govledger", run([govledger, "verify-pack", target, "--key", key])),
                                 ("verify_pack.py", run([sys.executable, PY_VERIFIER, target, "--key", key]))]:
                sweep.count += 1
                if result.returncode != 2:
                    sweep.failures.append(f"{label}: {tool} exited {result.returncode}, expected 2: {result.stderr.strip()}")

    elapsed = time.time() - started
    print(f"{sweep.count} cases, {len(sweep.failures)} failures, {elapsed:.1f} s")
    for failure in sweep.failures:
        print("FAIL " + failure)
    return 1 if sweep.failures else 0


if __name__ == "__main__":
    sys.exit(main())
