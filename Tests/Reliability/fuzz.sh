#!/usr/bin/env bash
# Fuzzing: builds the libFuzzer binary of Sources/govledger-fuzz and runs one target for a bounded
# time.
#
#   Tests/Reliability/fuzz.sh TARGET SECONDS [LIBFUZZER-OPTION...]
#   Tests/Reliability/fuzz.sh json 60
#   Tests/Reliability/fuzz.sh policy 300 -jobs=2
#
# TARGET is one of:
#   json        JSONValue.parse, then RFC 8785 canonicalization: parse -> canonicalize -> parse
#               must be a fixed point
#   checkpoint  Checkpoint(text:): accepted text must be exactly the parsed checkpoint's text
#   note        SignedNote.open with a fixed trusted key, then Checkpoint(text:) on the text
#   tlogproof   TlogProof(bytes:): accepted bytes must be exactly the parsed proof's bytes
#   policy      PolicyLoader.load(yaml:): an accepted policy must load again, with the same
#               digest, from its canonical JSON
#
# What it does:
# 1. `swift build --sanitize fuzzer --sanitize address -Xswiftc -DFUZZING` of the govledger-fuzz
#    product in its own scratch folder ($GOVLEDGER_FUZZ_BUILD, default /tmp/govledger-fuzz-build),
#    so the instrumented objects never mix with .build. The first build takes about two minutes.
#    With -DFUZZING the target has no main: libFuzzer's main drives LLVMFuzzerTestOneInput.
# 2. A plain `swift build --product govledger-fuzz` (the replay tool) writes the target's seed
#    inputs (valid values signed with a fixed test key) into the corpus; the policy target is
#    seeded with compliance/policy.yaml.
# 3. Runs libFuzzer for SECONDS (-max_total_time), with the corpus in
#    /tmp/govledger-fuzz/TARGET/corpus (kept between runs, so runs add up) and any crashing,
#    leaking or timing-out input saved under /tmp/govledger-fuzz/TARGET/artifacts/.
# 4. Merges the corpus into /tmp/govledger-fuzz/TARGET/minimized (the inputs that add coverage),
#    from which Tests/Reliability/fuzz_fixture.py builds the unit-test fixture.
#
# Exit status: 0 when no crash was found, 1 when libFuzzer saved a crashing input (printed with
# the command to replay it), 2 for bad usage. Bounded by SECONDS plus the build; local files only.
set -euo pipefail

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}
[ $# -ge 2 ] || usage
target=$1
seconds=$2
shift 2
case "$target" in json|checkpoint|note|tlogproof|policy) ;; *) usage ;; esac
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || usage

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${GOVLEDGER_FUZZ_BUILD:-/tmp/govledger-fuzz-build}
work=/tmp/govledger-fuzz/$target
mkdir -p "$work/corpus" "$work/artifacts" "$work/minimized"

cd "$root"
echo "Building the instrumented fuzzer in $build (first build: about 2 minutes)..." >&2
swift build --scratch-path "$build" --sanitize fuzzer --sanitize address --product govledger-fuzz \
  -Xswiftc -DFUZZING -Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table 2>&1 | grep -E "error|Compiling|Build" | grep -v "^\[" >&2 || true
fuzzer="$build/debug/govledger-fuzz"
[ -x "$fuzzer" ] || { echo "error: the fuzzer did not build; run the swift build command above to see why." >&2; exit 2; }
swift build --product govledger-fuzz 2>&1 | grep -E "error" >&2 || true
replay="$root/.build/debug/govledger-fuzz"

if [ "$target" = policy ]; then
  cp compliance/policy.yaml "$work/corpus/seed-policy.yaml"
  max_len=65536
else
  "$replay" seeds "$target" "$work/corpus"
  max_len=4096
fi

before=$(find "$work/artifacts" -type f | wc -l)
echo "Fuzzing $target for $seconds s; corpus $work/corpus" >&2
set +e
GOVLEDGER_FUZZ_TARGET=$target "$fuzzer" "$work/corpus" \
  -max_total_time="$seconds" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1 "$@" > "$work/fuzz.log" 2>&1
status=$?
set -e
grep -E "^#[0-9]+[[:space:]]+DONE|^stat::number_of_executed_units|^stat::peak_rss_mb|^Done " "$work/fuzz.log" >&2 || tail -5 "$work/fuzz.log" >&2
after=$(find "$work/artifacts" -type f | wc -l)

rm -rf "$work/minimized" && mkdir -p "$work/minimized"
GOVLEDGER_FUZZ_TARGET=$target "$fuzzer" -merge=1 -max_len="$max_len" "$work/minimized" "$work/corpus" > "$work/merge.log" 2>&1 || true
echo "corpus: $(find "$work/corpus" -type f | wc -l) inputs, $(find "$work/minimized" -type f | wc -l) after merge ($work/minimized)" >&2

if [ "$status" -ne 0 ] || [ "$after" -gt "$before" ]; then
  echo "FAILED: libFuzzer exit $status; inputs saved in $work/artifacts/:" >&2
  ls -1 "$work/artifacts" >&2
  echo "Replay one with: GOVLEDGER_FUZZ_TARGET=$target $fuzzer FILE   (or: $replay run $target FILE)" >&2
  echo "log: $work/fuzz.log" >&2
  exit 1
fi
echo "OK: no crash in $seconds s of fuzzing $target" >&2
