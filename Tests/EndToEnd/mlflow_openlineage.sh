#!/usr/bin/env bash
# Drives `govledger serve` with the stock mlflow and openlineage-python clients
# (Tests/EndToEnd/mlflow_openlineage.py). Not part of .ci/run: installing mlflow-skinny takes
# minutes and needs PyPI. docs/mlflow.md describes what it checks.
#
#   Tests/EndToEnd/mlflow_openlineage.sh          # builds .build/debug/govledger if missing
#   GOVLEDGER_BIN=/path/to/govledger GOVLEDGER_E2E_VENV=/tmp/venv Tests/EndToEnd/mlflow_openlineage.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${GOVLEDGER_BIN:-.build/debug/govledger}"
if [ ! -x "$BIN" ]; then
    swift build --product govledger
fi
VENV="${GOVLEDGER_E2E_VENV:-${TMPDIR:-/tmp}/govledger-mlflow-venv}"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import mlflow, openlineage.client" 2>/dev/null; then
    "$VENV/bin/pip" install --quiet mlflow-skinny openlineage-python
fi
exec "$VENV/bin/python" Tests/EndToEnd/mlflow_openlineage.py "$BIN"
