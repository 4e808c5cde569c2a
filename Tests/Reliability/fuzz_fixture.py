#!/usr/bin/env python3
"""Turns fuzzing corpora into the unit-test fixture Tests/LedgerCoreTests/Fixtures/fuzz-corpus.json.

After `Tests/Reliability/fuzz.sh TARGET SECONDS` has left a merged corpus in
/tmp/govledger-fuzz/TARGET/minimized (the inputs that each add coverage), this script classifies
every input of the targets json, checkpoint, note and tlogproof with the replay tool
(`.build/debug/govledger-fuzz run TARGET FILE...`: accepted or rejected), keeps up to
`--per-target` of each kind (spread over the sizes, at most 512 bytes each), adds any crash
inputs saved under /tmp/govledger-fuzz/TARGET/artifacts (once fixed, they must not crash), and
writes the fixture: a JSON array of {"target", "accepted", "input" (base64)}.

FuzzCorpusTests (LedgerCoreTests) then checks each case on every `swift test`: a rejected input
is rejected with a LedgerError and no crash; an accepted one is accepted again and keeps its
round-trip property (JSON: parse -> canonicalize -> parse is a fixed point; checkpoint and
tlog-proof: the parsed value reproduces the input; note: it opens under the fixed test key).
The policy target's inputs are 20 KiB documents and stay out of the fixture; a policy crash
input would become a GovernanceTests case by hand.

Usage:
    python3 Tests/Reliability/fuzz_fixture.py [--per-target N] [--corpora DIR] [--out FILE]

Run `swift build --product govledger-fuzz` first. Local files only; bounded by the corpus size.
"""

import argparse
import base64
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TARGETS = ["json", "checkpoint", "note", "tlogproof"]


def spread(items, count):
    """Up to `count` items spread evenly over a list sorted by size."""
    items = sorted(items, key=lambda item: (len(item[1]), item[1]))
    if len(items) <= count:
        return items
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-target", type=int, default=40, help="accepted and rejected inputs kept per target (each)")
    parser.add_argument("--corpora", default="/tmp/govledger-fuzz")
    parser.add_argument("--out", default=os.path.join(ROOT, "Tests/LedgerCoreTests/Fixtures/fuzz-corpus.json"))
    args = parser.parse_args(argv)
    replay = os.path.join(ROOT, ".build/debug/govledger-fuzz")
    if not os.access(replay, os.X_OK):
        sys.exit("build the replay tool first: swift build --product govledger-fuzz")

    cases = []
    for target in TARGETS:
        inputs = []
        for sub in ("minimized", "artifacts"):
            folder = os.path.join(args.corpora, target, sub)
            if os.path.isdir(folder):
                inputs += [os.path.join(folder, name) for name in sorted(os.listdir(folder))]
        inputs = [path for path in inputs if os.path.getsize(path) <= 512]
        if not inputs:
            print("%s: no corpus in %s (run Tests/Reliability/fuzz.sh %s SECONDS)" % (target, args.corpora, target), file=sys.stderr)
            continue
        verdicts = {}
        for start in range(0, len(inputs), 200):
            chunk = inputs[start:start + 200]
            result = subprocess.run([replay, "run", target] + chunk, capture_output=True, text=True)
            if result.returncode != 0:
                sys.exit("%s: the replay tool failed (a crash input still crashes?): %s" % (target, result.stderr[-2000:]))
            for line in result.stdout.splitlines():
                row = json.loads(line)
                verdicts[row["file"]] = row["accepted"]
        accepted = [(p, open(p, "rb").read()) for p in inputs if verdicts.get(p) is True]
        rejected = [(p, open(p, "rb").read()) for p in inputs if verdicts.get(p) is False]
        seen = set()
        kept = 0
        for accepted_flag, group in ((True, accepted), (False, rejected)):
            for _, data in spread(group, args.per_target):
                if data in seen:
                    continue
                seen.add(data)
                cases.append({"target": target, "accepted": accepted_flag, "input": base64.b64encode(data).decode()})
                kept += 1
        print("%s: %d inputs (%d accepted, %d rejected), %d kept" % (target, len(inputs), len(accepted), len(rejected), kept), file=sys.stderr)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("[\n" + ",\n".join(json.dumps(case, sort_keys=True) for case in cases) + "\n]\n")
    print("wrote %d cases to %s" % (len(cases), os.path.relpath(args.out, ROOT)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
