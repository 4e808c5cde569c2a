import HTTPTypes
import LedgerCore

/// The OpenAPI description of one route, as data: the document's repetitive parts (path
/// parameters, the error responses, the `Written` answer, the role) are generated from it and
/// from ``APIEndpoint``.
struct OpenAPIOperation {
    /// A body or query field: its name, JSON Schema and whether it is required.
    struct Field {
        let name: String
        let schema: JSONValue
        let required: Bool
        let description: String?

        init(_ name: String, _ schema: JSONValue, required: Bool = false, _ description: String? = nil) {
            self.name = name
            self.schema = schema
            self.required = required
            self.description = description
        }
    }

    /// What a success answers.
    enum Answer {
        /// 201 with the entries written (`Written`).
        case written
        /// 200 (or `status`) with a JSON object.
        case object(status: String = "200")
        /// 200 with rendered text: Markdown, HTML or Model Card Toolkit JSON by `format`.
        case document
        /// 200 with the audit pack ZIP as an attachment.
        case zip
    }

    let endpoint: APIEndpoint
    let summary: String
    let tag: String
    let query: [Field]
    /// The body's fields; `nil` for no body. `openBody` lets unlisted members through (documents
    /// whose members are checked by their reader).
    let body: [Field]?
    var openBody = false
    var bodyContent: JSONObject?
    let answer: Answer
    /// Error statuses besides 401 and 403.
    let errors: [String]

    init(
        _ endpoint: APIEndpoint, _ summary: String, tag: String, query: [Field] = [], body: [Field]? = nil, openBody: Bool = false,
        bodyContent: JSONObject? = nil, answer: Answer, errors: [String]
    ) {
        self.endpoint = endpoint
        self.summary = summary
        self.tag = tag
        self.query = query
        self.body = body
        self.openBody = openBody
        self.bodyContent = bodyContent
        self.answer = answer
        self.errors = errors
    }

    static let string: JSONValue = ["type": "string"]
    static let number: JSONValue = ["type": "number"]
    static let integer: JSONValue = ["type": "integer"]
    static let boolean: JSONValue = ["type": "boolean"]
    static let object: JSONValue = ["type": "object"]
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    static func oneOf(_ values: [String]) -> JSONValue { ["type": "string", "enum": .array(values.map { .string($0) })] }

    private static let pathDescriptions: [String: String] = [
        "name": "The model's slug, such as fraud-detection-engine.",
        "version": "The version, MAJOR.MINOR.PATCH.",
        "predictionId": "The prediction id of a recorded prediction.",
    ]

    /// Examples from the demo ledger (`govledger demo`), so that example-based testing reaches
    /// existing records.
    private static let pathExamples = ["name": "credit-scoring-model"]

    /// The operation object.
    var json: JSONObject {
        var operation: JSONObject = [
            "summary": .string(summary),
            "tags": [.string(tag)],
            "operationId": .string(endpoint.rawValue),
        ]
        if let permission = endpoint.permission {
            let roles = APIRole.allCases.filter { $0.allows(permission) }.map(\.rawValue).joined(separator: ", ")
            operation["description"] = .string("Needs the permission \(permission.rawValue) (roles: \(roles)).")
        }
        var parameters: [JSONValue] = []
        for segment in endpoint.path.split(separator: "/") where segment.hasPrefix("{") {
            let name = String(segment.dropFirst().dropLast())
            var parameter: JSONObject = [
                "name": .string(name), "in": "path", "required": true, "description": .string(Self.pathDescriptions[name] ?? name),
                "schema": Self.string,
            ]
            if let example = Self.pathExamples[name] { parameter["example"] = .string(example) }
            parameters.append(.object(parameter))
        }
        for field in query {
            var parameter: JSONObject = ["name": .string(field.name), "in": "query", "required": .bool(field.required), "schema": field.schema]
            if let description = field.description { parameter["description"] = .string(description) }
            parameters.append(.object(parameter))
        }
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let content = bodyContent {
            operation["requestBody"] = ["required": true, "content": .object(content)]
        } else if let body {
            var properties = JSONObject()
            for field in body {
                var schema = field.schema.objectValue ?? JSONObject()
                if let description = field.description { schema["description"] = .string(description) }
                properties[field.name] = .object(schema)
            }
            var schema: JSONObject = ["type": "object", "properties": .object(properties)]
            if !openBody { schema["additionalProperties"] = false }
            let required = body.filter(\.required).map { JSONValue.string($0.name) }
            if !required.isEmpty { schema["required"] = .array(required) }
            operation["requestBody"] = ["required": .bool(!required.isEmpty), "content": ["application/json": ["schema": .object(schema)]]]
        }
        var responses = JSONObject()
        switch answer {
        case .written:
            responses["201"] = ["description": "The entries written, in order.", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Written"]]]]
        case .object(let status):
            responses[status] = ["description": "A JSON object.", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Object"]]]]
        case .document:
            responses["200"] = [
                "description": "The document in the requested format.",
                "content": [
                    "application/json": ["schema": ["$ref": "#/components/schemas/Object"]],
                    "text/markdown": ["schema": Self.string], "text/html": ["schema": Self.string],
                ],
            ]
        case .zip:
            responses["200"] = [
                "description": "The audit pack, a ZIP file sent as an attachment (Content-Disposition).",
                "content": ["application/zip": ["schema": ["type": "string", "contentMediaType": "application/zip"]]],
            ]
        }
        for status in ["401", "403"] + errors {
            responses[status] = ["$ref": "#/components/responses/Error"]
        }
        operation["responses"] = .object(responses)
        return operation
    }

    private static let versionEvidenceErrors = ["400", "404", "409", "413", "422"]
    private static let written = ["400", "404", "409", "413", "422"]

    /// The generated operations, one per route not in the hand-written part of the document.
    static let all: [OpenAPIOperation] = [
        OpenAPIOperation(
            .recordBiasTest, "Record a bias test from per-group confusion counts; the ledger computes and judges the fairness metrics (bias.test.recorded).", tag: "evidence",
            body: [
                Field("attribute", string, required: true, "The protected attribute, such as gender."),
                Field("reference", string, required: true, "The reference group."),
                Field("groups", array(["type": "object", "required": ["name", "tp", "fp", "tn", "fn"], "properties": [
                    "name": string, "tp": integer, "fp": integer, "tn": integer, "fn": integer,
                    "probabilities": array(number), "labels": array(integer),
                ]]), required: true),
                Field("note", string),
            ], answer: .written, errors: versionEvidenceErrors),
        OpenAPIOperation(
            .recordSnapshot, "Record a monitoring snapshot; the ledger computes drift, performance and statuses and raises alerts (monitoring.snapshot.recorded). The body is the document of 'govledger monitor' without model and version (docs/evidence.md).", tag: "evidence",
            body: [
                Field("window", string, required: true, "The window the snapshot covers."),
                Field("features", array(object)), Field("predictions", object), Field("performance", object), Field("calibration", object),
                Field("data_quality", object), Field("infrastructure", object), Field("new_records", integer),
            ], openBody: true, answer: .written, errors: versionEvidenceErrors),
        OpenAPIOperation(
            .recordABTest, "Record an A/B test of this version (arm B) against production (ab.test.recorded).", tag: "evidence",
            body: [
                Field("metric", string, required: true),
                Field("arms", ["type": "object", "description": "{successes_a, trials_a, successes_b, trials_b} or {sample_a, sample_b}"], required: true),
            ], answer: .written, errors: versionEvidenceErrors),
        OpenAPIOperation(
            .recordExplainability, "Record the version's explanations and quality scores (explainability.recorded).", tag: "evidence",
            body: [
                Field("method", string, required: true, "Such as shap."),
                Field("global", ["type": "object", "additionalProperties": number], required: true),
                Field("local", ["type": "object", "additionalProperties": array(string)], required: true),
                Field("counterfactuals", ["type": "object", "additionalProperties": string], required: true),
                Field("scores", ["type": "object", "additionalProperties": number], required: true),
            ], answer: .written, errors: versionEvidenceErrors),
        OpenAPIOperation(
            .recordRetraining, "Record a retraining run; the ledger computes deltas and the auto-approval rule (retraining.completed).", tag: "evidence",
            body: [
                Field("outcome", oneOf(["promoted", "kept", "failed"]), required: true),
                Field("version", string, "The retrained version (required unless failed)."),
                Field("reason", string, "Why the run failed or was kept (required when failed)."),
                Field("costUSD", number, required: true), Field("durationHours", number, required: true), Field("promotionCostUSD", number),
            ], answer: .written, errors: written),
        OpenAPIOperation(
            .recordCost, "Record a model's cost for a period (cost.recorded).", tag: "evidence",
            body: [
                Field("period", string, required: true, "Such as 2025-04."), Field("category", oneOf(["training", "inference", "storage"]), required: true),
                Field("amountUSD", number, required: true), Field("onDemandUSD", number), Field("note", string),
            ], answer: .written, errors: written),
        OpenAPIOperation(
            .startDeployment, "Start a rollout of a production version (deployment.started).", tag: "deployment",
            body: [
                Field("version", string, required: true), Field("strategy", oneOf(["canary", "blue_green", "shadow", "ab_test"]), "Default: the policy's."),
                Field("steps", array(number), "Canary traffic shares, such as [0.1, 0.25, 0.5, 1]."), Field("split", number, "The new version's share in an A/B test."),
                Field("environment", string, required: true),
            ], answer: .written, errors: written),
        OpenAPIOperation(.advanceDeployment, "Move the rollout to its next traffic step (deployment.step.advanced).", tag: "deployment", answer: .written, errors: written),
        OpenAPIOperation(
            .reportDeployment, "Report the rollout's observed error rate and accuracy drop; a breach rolls it back (deployment.reported).", tag: "deployment",
            body: [Field("errorRate", number, required: true), Field("accuracyDrop", number, required: true), Field("agreementRate", number)],
            answer: .written, errors: written),
        OpenAPIOperation(
            .rollbackDeployment, "Roll the latest rollout back (deployment.rolled_back).", tag: "deployment",
            body: [Field("reason", string, required: true)], answer: .written, errors: written),
        OpenAPIOperation(
            .lineageIngest, "Record predictions: JSON Lines or a JSON array of prediction records (docs/lineage.md), grouped into batch entries, all or nothing.", tag: "lineage",
            query: [Field("batchSize", integer, "Records per batch entry (default \(LineageBatch.defaultRecords)).")],
            bodyContent: [
                "application/json": ["schema": array(object)],
                "application/jsonl": ["schema": string],
            ],
            answer: .object(status: "201"), errors: ["400", "413"]),
        OpenAPIOperation(
            .lineageShow, "A prediction: its record, batch entry, model chain and two-level proof (govledger.lineage-proof/v1) when a signed checkpoint covers it.", tag: "lineage",
            answer: .object(), errors: ["400", "404"]),
        OpenAPIOperation(
            .retentionPlan, "Dry run: what a purge as of a date would remove, per class and model, and what legal holds keep.", tag: "retention",
            query: [Field("asOf", string, "A date or RFC 3339 time, not in the future (default now).")], answer: .object(), errors: ["400"]),
        OpenAPIOperation(
            .retentionApply, "Purge the payloads the plan lists and append one retention.purged entry, atomically (201; 200 with purged 0 when nothing is due).", tag: "retention",
            body: [Field("asOf", string, "A date or RFC 3339 time, not in the future (default now).")], answer: .object(status: "201"), errors: ["400", "413"]),
        OpenAPIOperation(.legalHolds, "The active legal holds.", tag: "retention", answer: .object(), errors: []),
        OpenAPIOperation(
            .placeHold, "Place a legal hold on a model: its entries are never purged (legal.hold.placed).", tag: "retention",
            body: [Field("model", string, required: true), Field("case", string, required: true), Field("reason", string, required: true)],
            answer: .written, errors: ["400", "404", "409", "413", "422"]),
        OpenAPIOperation(
            .releaseHold, "Release a legal hold (legal.hold.released).", tag: "retention",
            body: [Field("model", string, required: true), Field("case", string, required: true), Field("reason", string, required: true)],
            answer: .written, errors: ["400", "404", "413", "422"]),
        OpenAPIOperation(
            .modelCard, "The model card: Model Card Toolkit JSON (default), or Markdown or HTML rendered from the templates.", tag: "projections",
            query: [Field("format", oneOf(["json", "md", "html"]))], answer: .document, errors: ["400", "404", "503"]),
        OpenAPIOperation(
            .alerts, "Drift alerts, open ones first.", tag: "projections",
            query: [Field("model", string), Field("open", boolean, "Only the open ones.")], answer: .object(), errors: ["400", "404"]),
        OpenAPIOperation(
            .findings, "Audit findings, open ones first.", tag: "projections",
            query: [Field("model", string), Field("open", boolean, "Only those not remediated.")], answer: .object(), errors: ["400", "404"]),
        OpenAPIOperation(
            .recordFinding, "Record an audit finding on a model (audit.finding.recorded).", tag: "projections",
            body: [
                Field("area", string, required: true), Field("severity", oneOf(["informational", "low", "medium", "high", "critical"]), required: true),
                Field("observation", string, required: true), Field("remediation", string, required: true),
                Field("owner", string, required: true, "A principal."), Field("due", string, required: true, "YYYY-MM-DD."),
            ], answer: .written, errors: written),
        OpenAPIOperation(
            .auditReport, "An audit report over the seven audit areas, for a model (or every Tier 1 model) and a period.", tag: "projections",
            query: [
                Field("model", string), Field("from", string, "YYYY-MM-DD or RFC 3339 (default: the start of the log)."),
                Field("to", string, "YYYY-MM-DD (inclusive) or RFC 3339 (default: now)."), Field("format", oneOf(["md", "html"])),
            ], answer: .document, errors: ["400", "404", "503"]),
        OpenAPIOperation(
            .auditPack, "Build the signed, self-verifying audit pack of a model and a period (as govledger audit-pack) and download it.", tag: "projections",
            body: [
                Field("model", ["type": "string", "example": "credit-scoring-model"], required: true),
                Field("from", ["type": "string", "example": "2024-01-01"], required: true, "YYYY-MM-DD or RFC 3339 UTC."),
                Field("to", ["type": "string", "example": "2024-12-31"], required: true, "YYYY-MM-DD (inclusive) or RFC 3339 UTC."),
            ], answer: .zip, errors: ["400", "404", "413", "422", "503"]),
    ]
}
