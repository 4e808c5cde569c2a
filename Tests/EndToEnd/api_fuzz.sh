#!/usr/bin/env bash
# Fuzzes the JSON API with schemathesis against its own /openapi.json, as an admin, on the demo
# ledger (Tests/EndToEnd/api_fuzz.py); fails on any 5xx. Not part of .ci/run: installing
# schemathesis needs PyPI and takes a minute or two. docs/api.md records the last run.
#
#   Tests/EndToEnd/api_fuzz.sh                         # builds .build/debug/govledger if missing
#   GOVLEDGER_FUZZ_EXAMPLES=200 Tests/EndToEnd/api_fuzz.sh
#   GOVLEDGER_BIN=/path/to/govledger GOVLEDGER_E2E_VENV=/tmp/venv Tests/EndToEnd/api_fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${GOVLEDGER_BIN:-.build/debug/govledger}"
if [ ! -x "$BIN" ]; then
    swift build --product govledger
fi
VENV="${GOVLEDGER_E2E_VENV:-${TMPDIR:-/tmp}/govledger-fuzz-venv}"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
if [ ! -x "$VENV/bin/schemathesis" ]; then
    "$VENV/bin/pip" install --quiet schemathesis
fi
exec "$VENV/bin/python" Tests/EndToEnd/api_fuzz.py "$BIN" "$VENV/bin/schemathesis"
