#!/usr/bin/env python3
"""HTTP load and concurrency check of `govledger serve`.

Starts the server on a fresh ledger (the shipped policy, N Tier 3 models with a registered
version), then:
  1. appends: CLIENTS concurrent clients post validations (one governance append each, through
     every rule, durable) for SECONDS; every acknowledged entry's seq is collected;
  2. reads: the registry and inclusion proofs under the same number of clients;
  3. checks: every acknowledged entry is in the log exactly once, seqs are contiguous, the chain
     and the tree verify (`govledger verify`), and the server's peak resident memory.

    python3 Tests/Reliability/http_load.py [--fast] [--clients 64] [--seconds 60] [--bin DIR]

`--fast` (5 s per phase) is what .ci/run runs; the figures in docs/performance.md come from a
release build (`swift build -c release`).
"""
import argparse, json, os, signal, socket, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(cmd, **kw):
    result = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd[:4])} … failed ({result.returncode}): {result.stderr.strip()[:500]}")
    return result.stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="5 s per phase")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--read-seconds", type=float, default=10)
    parser.add_argument("--models", type=int, default=64)
    parser.add_argument("--page-size", type=int, help="the ledger's SQLite page size (govledger init --page-size; default its default)")
    parser.add_argument("--bin", help="the directory with govledger and govledger-load (default: release if built, else debug)")
    args = parser.parse_args()
    if args.fast:
        args.seconds = args.read_seconds = 5
    if not args.bin:
        release = os.path.join(ROOT, ".build/release")
        both = all(os.path.exists(os.path.join(release, b)) for b in ("govledger", "govledger-load"))
        args.bin = release if both else os.path.join(ROOT, ".build/debug")
    govledger, load = os.path.join(args.bin, "govledger"), os.path.join(args.bin, "govledger-load")
    for binary in (govledger, load):
        if not os.path.exists(binary):
            sys.exit(f"{binary} is missing: run swift build first")

    work = tempfile.mkdtemp(prefix="govledger-http-")
    db = os.path.join(work, "ledger.db")
    env = dict(os.environ, GOVLEDGER_DB=db, GOVLEDGER_ACTOR="admin@bank.example")
    run([govledger, "init", "--origin", "load.govledger.local"] + (["--page-size", str(args.page_size)] if args.page_size else []), env=env)
    run([govledger, "policy", "adopt", os.path.join(ROOT, "compliance/policy.yaml")], env=env)
    lineage = ["--dataset-sha256", "a" * 64, "--artifact-sha256", "b" * 64]
    for i in range(args.models):
        run([govledger, "model", "register", "--name", f"Load Model {i}", "--owner", "Load", "--framework", "sklearn",
             "--tier", "3", "--purpose", "load test"], env=env)
        run([govledger, "version", "register", f"load-model-{i}", "--version", "1.0.0"] + lineage, env=env)
    run([govledger, "keys", "generate", "--name", "load.govledger.local", "--out", os.path.join(work, "ledger.key")], env=env)
    run([govledger, "checkpoint", "--key", os.path.join(work, "ledger.key")], env=env)
    engineer = json.loads(run([govledger, "tokens", "create", "--principal", "pipeline@bank.example", "--role", "ml-engineer", "--json"], env=env))["token"]
    auditor = json.loads(run([govledger, "tokens", "create", "--principal", "audit@bank.example", "--role", "auditor", "--json"], env=env))["token"]
    before = int(json.loads(run([govledger, "stats", "--json"], env=env))["entries"])

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([govledger, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        acks = os.path.join(work, "acks.txt")
        body = '{"suite": "smoke", "metrics": {"checks_run": 24, "checks_failed": 0}, "note": "run {n}"}'
        models = min(args.models, args.clients)
        appends = json.loads(run([load, "--url", url, "--clients", str(args.clients), "--seconds", str(args.seconds), "--token", engineer,
                                  "--post", "/v1/models/load-model-{client}/versions/1.0.0/validations",
                                  "--body", body, "--acks", acks]))
        registry = json.loads(run([load, "--url", url, "--clients", str(args.clients), "--seconds", str(args.read_seconds),
                                   "--token", auditor, "--get", "/v1/registry"]))
        proofs = json.loads(run([load, "--url", url, "--clients", str(args.clients), "--seconds", str(args.read_seconds),
                                 "--token", auditor, "--get", "/v1/proof/inclusion?seq={client}"]))
        floor = json.loads(run([load, "--url", url, "--clients", str(args.clients), "--seconds", str(args.read_seconds), "--get", "/checkpoint"]))
        peak = peak_mib(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    acked = [int(line) for line in open(acks) if line.strip()]
    entries = [json.loads(line)["seq"] for line in run([govledger, "log", "--from-seq", str(before), "--json"], env=env).splitlines() if line.strip()]
    verify = subprocess.run([govledger, "verify"], env=env, capture_output=True, text=True)
    problems = []
    if len(set(acked)) != len(acked):
        problems.append("an entry was acknowledged twice")
    missing = set(acked) - set(entries)
    if missing:
        problems.append(f"{len(missing)} acknowledged entries are missing, first seq {min(missing)}")
    if entries != list(range(before, before + len(entries))):
        problems.append("seqs are not contiguous")
    if len(entries) != len(acked):
        problems.append(f"{len(entries)} entries were written but {len(acked)} acknowledged")
    if verify.returncode != 0:
        problems.append("verify failed: " + verify.stderr.strip()[:300])
    errors = {k: v for k, v in appends["statuses"].items() if k != "201"}
    if errors or appends["failures"]:
        problems.append(f"append errors: statuses {errors}, connection failures {appends['failures']}")
    for name, phase in (("registry", registry), ("proofs", proofs), ("checkpoint", floor)):
        if set(phase["statuses"]) - {"200"} or phase["failures"]:
            problems.append(f"{name} errors: {phase['statuses']}, failures {phase['failures']}")

    print(f"binaries: {args.bin}; {args.clients} clients over loopback; ledger of {before} entries before the run")
    print(f"appends  {appends['requestsPerSecond']:>9,.0f}/s  p50 {appends['p50ms']:.2f} ms  p99 {appends['p99ms']:.2f} ms  "
          f"({appends['requests']:,} validations over {appends['seconds']} s, each one durable governance entry)")
    print(f"registry {registry['requestsPerSecond']:>9,.0f}/s  p50 {registry['p50ms']:.2f} ms  p99 {registry['p99ms']:.2f} ms")
    print(f"proofs   {proofs['requestsPerSecond']:>9,.0f}/s  p50 {proofs['p50ms']:.2f} ms  p99 {proofs['p99ms']:.2f} ms")
    print(f"floor    {floor['requestsPerSecond']:>9,.0f}/s  p50 {floor['p50ms']:.2f} ms  p99 {floor['p99ms']:.2f} ms  (GET /checkpoint: no token, one indexed read)")
    print(f"server peak resident memory {peak:.0f} MiB")
    print(f"acknowledged {len(acked):,}; in the log {len(entries):,}; contiguous; verify {'OK' if verify.returncode == 0 else 'FAILED'}")
    if problems:
        sys.exit("FAILED: " + "; ".join(problems))
    print("OK: every acknowledged entry is in the log exactly once, in one chain")


if __name__ == "__main__":
    main()
