#!/usr/bin/env python3
"""End-to-end check of the MLflow-compatible registry API, the MLflow webhook and OpenLineage
ingestion, driven by the stock `mlflow` and `openlineage-python` clients.

Run through Tests/EndToEnd/mlflow_openlineage.sh, which prepares the virtual environment.
Usage: mlflow_openlineage.py GOVLEDGER_BINARY
Exits 0 when every check passes, 1 otherwise (the first failed check is printed).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone

BIN = os.path.abspath(sys.argv[1])
WORK = tempfile.mkdtemp(prefix="govledger-mlflow-e2e-")
DB = os.path.join(WORK, "ledger.db")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
POLICY = os.path.join(ROOT, "compliance", "policy.yaml")
SECRET = "e2e-webhook-secret"
HEX_A, HEX_B = "a" * 64, "b" * 64


def check(condition, what):
    if not condition:
        print(f"FAIL: {what}")
        sys.exit(1)
    print(f"ok   {what}")


def govledger(*args, actor=None):
    env = dict(os.environ, GOVLEDGER_DB=DB)
    if actor:
        env["GOVLEDGER_ACTOR"] = actor
    result = subprocess.run([BIN, *args], capture_output=True, text=True, env=env)
    return result


def must(*args, actor=None):
    result = govledger(*args, actor=actor)
    if result.returncode != 0:
        print(f"FAIL: govledger {' '.join(args)}: {result.stdout}{result.stderr}")
        sys.exit(1)
    return result.stdout


def token(principal, role):
    out = must("tokens", "create", "--principal", principal, "--role", role, "--json")
    return json.loads(out)["token"]


def api(method, path, tok, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(URL + path, data=data, method=method)
    request.add_header("Authorization", f"Bearer {tok}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


# --- a fresh ledger, the shipped policy, role holders and tokens ---------------------------------
must("init")
must("policy", "adopt", POLICY, actor="cco@bank.example")
for role, holder in [("data_scientist", "ds@bank.example"), ("peer_reviewer", "peer@bank.example"), ("ml_engineer", "mle@bank.example")]:
    must("role", "assign", "--principal", holder, "--role", role, actor="cco@bank.example")
SCIENTIST = token("alice@bank.example", "data-scientist")
ENGINEER = token("bob@bank.example", "ml-engineer")
SIGNERS = {holder: token(holder, "compliance-officer") for holder in ["ds@bank.example", "peer@bank.example", "mle@bank.example"]}
secret_file = os.path.join(WORK, "webhook-secret")
with open(secret_file, "w") as f:
    f.write(SECRET + "\n")

server = subprocess.Popen(
    [BIN, "serve", "--db", DB, "--port", "0", "--mlflow-webhook-secret-file", secret_file],
    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = server.stdout.readline()
match = re.search(r"at (http://[^/]+)/", line)
if not match:
    print(f"FAIL: the server did not start: {line}{server.stderr.read()}")
    sys.exit(1)
URL = match.group(1)
print(f"ok   govledger serving at {URL}")

try:
    import mlflow
    from mlflow import MlflowClient
    from mlflow.exceptions import MlflowException

    os.environ["MLFLOW_TRACKING_TOKEN"] = SCIENTIST
    os.environ["MLFLOW_TRACKING_URI"] = URL
    os.environ["MLFLOW_REGISTRY_URI"] = URL
    mlflow.set_tracking_uri(URL)
    mlflow.set_registry_uri(URL)
    os.environ["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "0"
    client = MlflowClient(registry_uri=URL, tracking_uri=URL)
    print(f"     mlflow {mlflow.__version__}")

    # --- register a model and versions, tags, aliases (as the data scientist) ------------------
    model = client.create_registered_model("churn-model", tags={"govledger.tier": "4", "team": "growth"}, description="Predicts churn")
    check(model.name == "churn-model" and model.tags.get("team") == "growth", "create_registered_model")
    lineage = {"govledger.lineage.datasetSHA256": HEX_A, "govledger.lineage.artifactSHA256": HEX_B}
    v1 = client.create_model_version("churn-model", source="s3://models/churn/1", run_id="run-1", tags=lineage)
    v2 = client.create_model_version("churn-model", source="s3://models/churn/2", tags=dict(lineage, note="bigger"), description="v2")
    check(v1.version == "1" and v2.version == "2" and v1.status == "READY" and v1.current_stage == "None", "create_model_version x2, READY")
    try:
        client.create_model_version("churn-model", source="s3://models/churn/3")
        check(False, "a version without lineage is refused")
    except MlflowException as error:
        check(error.error_code == "INVALID_PARAMETER_VALUE" and "rule lineage" in error.message, "a version without lineage is refused (INVALID_PARAMETER_VALUE, rule lineage)")
    client.set_registered_model_tag("churn-model", "domain", "retention")
    client.set_model_version_tag("churn-model", "1", "qa", "passed")
    client.delete_model_version_tag("churn-model", "2", "note")
    client.update_registered_model("churn-model", description="Predicts churn (EU)")
    client.update_model_version("churn-model", "1", description="baseline")
    client.set_registered_model_alias("churn-model", "challenger", "2")
    check(client.get_model_version_by_alias("churn-model", "challenger").version == "2", "set alias challenger, get_model_version_by_alias")
    got = client.get_registered_model("churn-model")
    check(got.description == "Predicts churn (EU)" and got.tags.get("domain") == "retention" and got.aliases.get("challenger") == "2", "get_registered_model shows tags, description, aliases")
    check([m.name for m in client.search_registered_models(filter_string="name LIKE '%churn%'")] == ["churn-model"], "search_registered_models LIKE (with the client's prompt filter)")
    check(len(client.search_model_versions("name='churn-model'")) == 2, "search_model_versions name=")
    client.create_registered_model("pricing-model", tags={"govledger.tier": "4"})
    client.rename_registered_model("pricing-model", "pricing-model-eu")
    page = client.search_registered_models(max_results=1)
    check(len(page) == 1 and page.token, "search pagination: first page has a token")
    page2 = client.search_registered_models(max_results=1, page_token=page.token)
    check([m.name for m in page2] == ["pricing-model-eu"], "search pagination: second page, renamed model")
    try:
        client.delete_registered_model("pricing-model-eu")
        check(False, "delete_registered_model is refused")
    except MlflowException as error:
        check(error.error_code == "INVALID_STATE" and "never deletes" in error.message, "delete_registered_model refused: a ledger never deletes")
    check(client.get_model_version_download_uri("churn-model", "1") == "s3://models/churn/1", "get_model_version_download_uri")

    # --- promotion: the engineer moves to Staging; Production is refused by policy ------------
    os.environ["MLFLOW_TRACKING_TOKEN"] = ENGINEER
    staged = client.transition_model_version_stage("churn-model", "1", "Staging")
    check(staged.current_stage == "Staging", "transition_model_version_stage Staging")
    check([v.version for v in client.get_latest_versions("churn-model", stages=["Staging"])] == ["1"], "get_latest_versions Staging")
    try:
        client.set_registered_model_alias("churn-model", "champion", "1")
        check(False, "champion without validations is refused")
    except MlflowException as error:
        print(f"     refused: {error.error_code}: {error.message[:160]}…")
        check(error.error_code == "INVALID_STATE" and "refused by rule validation" in error.message, "champion without validations: INVALID_STATE naming rule validation")

    # --- evidence and approvals through govledger's own API -----------------------------------
    passing = {
        "performance": {"accuracy_change": 0.0, "precision_change": 0.0, "recall_change": 0.0, "worst_segment_change": 0.0},
        "data_quality": {"schema_mismatches": 0, "out_of_range_features": 0, "max_feature_missing_rate": 0.001, "max_feature_psi": 0.02},
        "infrastructure": {"latency_p95_ms": 20, "throughput_rpm": 20000, "memory_utilization": 0.5, "out_of_memory_events": 0, "error_rate": 0.0001},
        "security": {"artifact_signature_valid": True, "critical_vulnerabilities": 0, "high_vulnerabilities": 0, "pii_findings": 0, "sanitization_findings": 0},
        "smoke": {"checks_run": 12, "checks_failed": 0},
        "regression": {"accuracy_change": 0.0, "precision_change": 0.0, "recall_change": 0.0, "worst_segment_change": 0.0},
    }
    for suite, metrics in passing.items():
        status, body = api("POST", "/v1/models/churn-model/versions/1.0.0/validations", ENGINEER, {"suite": suite, "metrics": metrics, "note": "ci"})
        check(status == 201, f"validation {suite} recorded ({status} {body if status != 201 else ''})")
    try:
        client.transition_model_version_stage("churn-model", "1", "Production")
        check(False, "Production without approvals is refused")
    except MlflowException as error:
        print(f"     refused: {error.error_code}: {error.message[:160]}…")
        check(error.error_code == "PERMISSION_DENIED" and "refused by rule approvals" in error.message, "Production without approvals: PERMISSION_DENIED naming rule approvals")
    status, body = api("POST", "/v1/models/churn-model/versions/1.0.0/approval-requests", ENGINEER, {"to": "approved"})
    check(status == 201, f"approval requested ({status})")
    for holder, role in [("ds@bank.example", "data_scientist"), ("peer@bank.example", "peer_reviewer"), ("mle@bank.example", "ml_engineer")]:
        status, body = api("POST", "/v1/models/churn-model/versions/1.0.0/signoffs", SIGNERS[holder], {"role": role, "note": "reviewed"})
        check(status == 201, f"sign-off {role} by {holder} ({status} {body if status != 201 else ''})")

    # --- promote by alias; resolve models:/churn-model@champion --------------------------------
    client.set_registered_model_alias("churn-model", "champion", "1")
    champion = client.get_model_version_by_alias("churn-model", "champion")
    check(champion.version == "1" and champion.current_stage == "Production", "champion set: version 1 is in Production")
    from mlflow.store.artifact.models_artifact_repo import ModelsArtifactRepository
    check(ModelsArtifactRepository.get_underlying_uri("models:/churn-model@champion") == "s3://models/churn/1", "models:/churn-model@champion resolves")

    # --- OpenLineage runs with openlineage-python's client ------------------------------------
    from openlineage.client import OpenLineageClient
    from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
    from openlineage.client.facet_v2 import dataset_version_dataset, job_type_job

    ol = OpenLineageClient(config={"transport": {"type": "http", "url": URL, "auth": {"type": "api_key", "apiKey": ENGINEER}}})
    run_id = str(uuid.uuid4())
    job = Job(namespace="pipelines", name="model/churn-model@2",
              facets={"jobType": job_type_job.JobTypeJobFacet(processingType="BATCH", integration="PYTHON", jobType="MODEL")})
    inputs = [InputDataset(namespace="s3://data", name="customers", facets={"version": dataset_version_dataset.DatasetVersionDatasetFacet(datasetVersion="2026-01-15")})]
    outputs = [OutputDataset(namespace="s3://models", name="churn/2")]
    for state in [RunState.START, RunState.COMPLETE]:
        ol.emit(RunEvent(eventType=state, eventTime=datetime.now(timezone.utc).isoformat(), run=Run(runId=run_id), job=job,
                         producer="https://github.com/OpenLineage/OpenLineage/tree/1.0.0/client/python", inputs=inputs, outputs=outputs))
    status, registry = api("GET", "/v1/models/churn-model", SCIENTIST)
    runs = next(v for v in registry["versions"] if v["version"] == "1.1.0").get("trainingRuns", [])
    check(len(runs) == 1 and runs[0]["runId"] == run_id and runs[0]["inputs"][0] == {"namespace": "s3://data", "name": "customers", "version": "2026-01-15"},
          "COMPLETE run filled version 2's lineage (registry JSON trainingRuns)")
    status, body = api("POST", "/api/v1/lineage", ENGINEER, {"eventTime": "2026-01-15T09:30:00Z", "producer": "https://example.com", "schemaURL": "https://example.com/s", "run": {"runId": "x"}, "job": {"namespace": "n", "name": "j"}})
    check(status == 400 and "run.runId" in body["error"]["message"], "a bad OpenLineage event is refused naming the field")

    # --- an MLflow webhook delivery, signed by MLflow's own code -------------------------------
    from mlflow.webhooks.delivery import _generate_hmac_signature
    payload = json.dumps({"entity": "model_version_tag", "action": "set", "timestamp": datetime.now(timezone.utc).isoformat(),
                          "data": {"name": "churn-model", "version": "2", "key": "mirrored", "value": "yes"}})
    delivery, stamp = str(uuid.uuid4()), str(int(time.time()))
    headers = {"Content-Type": "application/json", "X-MLflow-Delivery-Id": delivery, "X-MLflow-Timestamp": stamp,
               "X-MLflow-Signature": _generate_hmac_signature(SECRET, delivery, stamp, payload)}
    def deliver():
        request = urllib.request.Request(URL + "/integrations/mlflow/webhook", data=payload.encode(), method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
    check(deliver() == 200, "webhook delivery signed by mlflow.webhooks.delivery accepted")
    check(deliver() == 409, "the same delivery replayed is refused")
    check(client.get_model_version("churn-model", "2").tags.get("mirrored") == "yes", "the webhook's tag is in the registry")
finally:
    server.terminate()
    server.wait(timeout=30)

# --- the ledger verifies and the history shows every change with its actor ------------------------
verify = govledger("verify", "--rules")
print(verify.stdout.strip())
check(verify.returncode == 0, "govledger verify --rules passes")
history = json.loads(must("history", "churn-model", "--json"))
entries = history["entries"] if isinstance(history, dict) else history
types = [e["type"] for e in entries]
actors = {e["actor"] for e in entries}
print(must("history", "churn-model"))
for expected in ["model.registered", "model.version.registered", "model.tag.set", "model.tag.deleted", "model.description.set",
                 "model.alias.set", "validation.recorded", "approval.requested", "approval.signoff.recorded",
                 "model.version.transitioned", "openlineage.event.recorded"]:
    check(expected in types, f"history has {expected}")
check(all(e.get("actor") for e in entries), "every history entry names its actor")
check({"alice@bank.example", "bob@bank.example", "ds@bank.example", "peer@bank.example", "mle@bank.example", "mlflow-webhook"} <= actors,
      f"history actors: {sorted(actors)}")
renamed = json.loads(must("history", "pricing-model", "--json"))
renamed_entries = renamed["entries"] if isinstance(renamed, dict) else renamed
check("model.renamed" in [e["type"] for e in renamed_entries], "the rename is in pricing-model's history")
print("PASS: MLflow client, webhook and OpenLineage end to end")
