#!/usr/bin/env python3
"""Runs schemathesis against `govledger serve` on a fresh demo ledger.

Usage: api_fuzz.py GOVLEDGER_BIN SCHEMATHESIS_BIN

Builds the demo ledger in a temporary folder, generates the ledger's signer key (so audit packs
are served), creates an admin token, starts the server on a free port, and runs schemathesis
over every operation of /openapi.json with the check not_a_server_error: any 5xx fails the run.
GOVLEDGER_FUZZ_EXAMPLES (default 50) bounds the examples per operation.
"""
import os
import re
import subprocess
import sys
import tempfile
import threading


def run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def main() -> int:
    binary, schemathesis = os.path.abspath(sys.argv[1]), sys.argv[2]
    examples = os.environ.get("GOVLEDGER_FUZZ_EXAMPLES", "50")
    with tempfile.TemporaryDirectory(prefix="govledger-fuzz-") as folder:
        db = os.path.join(folder, "demo.db")
        key = os.path.join(folder, "ledger.key")
        run(binary, "demo", "--db", db)
        run(binary, "keys", "generate", "--name", "fuzz.govledger.local", "--out", key)
        run(binary, "checkpoint", "--db", db, "--key", key)
        token = run(binary, "tokens", "create", "--db", db, "--principal", "fuzz@bank.example", "--role", "admin").split()[-1]
        assert token.startswith("glt_"), token
        server = subprocess.Popen(
            [binary, "serve", "--db", db, "--port", "0", "--key", key],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            # The server logs before it prints its address; read up to that line.
            match, seen = None, []
            while match is None and server.stdout and len(seen) < 20:
                line = server.stdout.readline()
                if not line:
                    break
                seen.append(line)
                match = re.search(r"serving .* at (http://[0-9.]+:[0-9]+)", line)
            if not match:
                print("the server did not start:", "".join(seen), file=sys.stderr)
                return 1
            # Keep draining the server's output so that it never blocks on a full pipe.
            threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
            base = match.group(1)
            help_text = run(schemathesis, "run", "--help")
            url_option = "--url" if "--url" in help_text else "--base-url"
            command = [
                schemathesis, "run", f"{base}/openapi.json", url_option, base,
                "--header", f"Authorization: Bearer {token}",
                "--checks", "not_a_server_error",
                "--max-examples", examples,
            ]
            print("$", " ".join(c if not c.startswith("Authorization") else "Authorization: Bearer glt_…" for c in command), flush=True)
            result = subprocess.run(command)
            return result.returncode
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    sys.exit(main())
