#!/usr/bin/env bash
# Runs govledger-bench and the peers in one session on this machine, then prints each govledger
# figure as a ratio to the peers (the targets of issue 10, see docs/performance.md).
#
#   Tests/Peers/run_peers.sh [BENCH-OPTION...]
#   Tests/Peers/run_peers.sh                              # --append 100000 --verify 200000 --proof-log 200000
#   Tests/Peers/run_peers.sh --append 100000 --verify 1000000 --proof-log 1000000
#
# Steps, all on local files:
# 1. `swift build -c release --product govledger-bench` (a release build: about 4 minutes clean,
#    about 1 GB of memory; skipped when $GOVLEDGER_BENCH_BIN names a binary to use instead).
# 2. govledger-bench --json with BENCH-OPTIONs: the ledger's figures, and in the same run its
#    built-in peers: Tests/Peers/sqlite_raw_append.py (raw SQLite executemany of the same rows,
#    WAL, synchronous=FULL) and `openssl speed -evp sha256` at the header size.
# 3. Tests/Peers/eventsourcing_append.py --json with the same event count: the Python
#    eventsourcing library (9.5.x) storing the same events in SQLite. It runs with the Python of
#    /tmp/govledger-peers-venv, created with `pip install 'eventsourcing>=9.5,<9.6'` when missing
#    (PyPI); if that fails the peer is reported as skipped.
# 4. A table of ratios: batched append / raw SQLite (target >= 0.5), verify / SHA-256 ceiling
#    (target >= 0.6), batched append / eventsourcing (target >= 10).
#
# Exit status: 0 when everything ran (a missed target is reported, not an error), 1 when the
# benchmark or a peer failed to run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

options=("$@")
[ ${#options[@]} -gt 0 ] || options=(--append 100000 --verify 200000 --proof-log 200000)
events=100000
for ((i = 0; i < ${#options[@]}; i++)); do
  [ "${options[$i]}" = "--append" ] && events=${options[$((i + 1))]}
done

bench=${GOVLEDGER_BENCH_BIN:-}
if [ -z "$bench" ]; then
  echo "Building govledger-bench (release)..." >&2
  swift build -c release --product govledger-bench 2>&1 | grep -E "error|Build" >&2
  bench=.build/release/govledger-bench
fi

venv=/tmp/govledger-peers-venv
if ! "$venv/bin/python" -c "import eventsourcing" 2>/dev/null; then
  echo "Installing eventsourcing 9.5.x into $venv..." >&2
  python3 -m venv "$venv" && "$venv/bin/pip" install -q 'eventsourcing>=9.5,<9.6' >&2 || echo "could not install eventsourcing" >&2
fi
python=python3
[ -x "$venv/bin/python" ] && python="$venv/bin/python"

work=$(mktemp -d /tmp/govledger-peers-XXXXXX)
trap 'rm -rf "$work"' EXIT
echo "govledger-bench ${options[*]} --json" >&2
"$bench" "${options[@]}" --json > "$work/bench.json"
echo "eventsourcing peer, $events events" >&2
"$python" Tests/Peers/eventsourcing_append.py --events "$events" --json > "$work/eventsourcing.json"

python3 - "$work/bench.json" "$work/eventsourcing.json" <<'EOF'
import json, sys
bench = json.load(open(sys.argv[1]))
es = json.load(open(sys.argv[2]))
f = bench["figures"]
print("govledger against its peers, same session — %s" % bench["machine"])
rows = []
def row(name, value, unit, peer, peer_value, target):
    ratio = value / peer_value if value and peer_value else None
    rows.append((name, value, unit, peer, peer_value, ratio, target))
batched = f.get("append.batched.entriesPerSecond")
row("append, batched (entries/s)", batched, "", "raw SQLite executemany", f.get("peer.sqlite.executemany.entriesPerSecond"), 0.5)
row("verify, library (entries/s)", f.get("verify.library.entriesPerSecond"), "", "openssl SHA-256 ceiling", f.get("verify.hashCeiling.entriesPerSecond"), 0.6)
if es.get("skipped"):
    print("eventsourcing peer skipped: " + es["reason"])
else:
    row("append, batched (entries/s)", batched, "", "%s application.save" % es["library"], es["application"]["eventsPerSecond"], 10)
    row("append, batched (entries/s)", batched, "", "%s recorder.insert_events" % es["library"], es["recorder"]["eventsPerSecond"], None)
    row("append, single (entries/s)", f.get("append.single.entriesPerSecond"), "", "%s application.save" % es["library"], es["application"]["eventsPerSecond"], None)
print("%-30s %12s  %-48s %12s  %8s  %s" % ("govledger figure", "value", "peer", "peer value", "ratio", "target"))
for name, value, unit, peer, peer_value, ratio, target in rows:
    verdict = "" if target is None or ratio is None else ("≥ %g: %s" % (target, "met" if ratio >= target else "MISSED by %.0f%%" % (100 * (1 - ratio / target))))
    fmt = lambda v: "-" if v is None else "%.0f" % v
    print("%-30s %12s  %-48s %12s  %8s  %s" % (name, fmt(value), peer, fmt(peer_value), "-" if ratio is None else "%.2f×" % ratio, verdict))
EOF
