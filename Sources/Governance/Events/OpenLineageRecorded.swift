public import LedgerCore

/// `openlineage.event.recorded`: an OpenLineage RunEvent, JobEvent or DatasetEvent, kept as
/// received, with the facts the registry reads from it.
///
/// Stream `model/<slug>` when the event is linked to a model version (so the model's history
/// shows it in order with its transitions), else `openlineage/<namespace>` (``stream(forNamespace:)``).
/// A linked version must be registered. A linked `COMPLETE` run fills the version's training
/// lineage (its input and output datasets) in the registry.
///
/// ```json
/// {"eventTime":"2025-01-15T09:30:00.000Z","eventType":"COMPLETE","inputs":[{"name":"train","namespace":"s3://data","version":"42"}],
///  "job":{"name":"train-churn","namespace":"pipelines"},"kind":"run","model":"churn-model","outputs":[],
///  "event":{…},"policyDigest":"…","producer":"https://…","runId":"0176a8c2-…","version":"1.0.0"}
/// ```
public struct OpenLineageRecorded: GovernancePayload {
    public static let eventType = EventType.openLineageRecorded

    /// `run`, `job` or `dataset`.
    public var kind: OpenLineageEvent.Kind
    public var model: ModelSlug?
    public var version: SemanticVersion?
    /// The namespace of the job (or of the dataset of a DatasetEvent).
    public var namespace: String
    public var jobName: String?
    public var runID: String?
    public var runEventType: String?
    public var eventTime: String
    public var producer: String
    public var inputs: [OpenLineageEvent.Dataset]
    public var outputs: [OpenLineageEvent.Dataset]
    /// The event as received.
    public var event: JSONObject
    public var policyDigest: SHA256Digest

    public init(event: OpenLineageEvent, model: ModelSlug?, version: SemanticVersion?, policyDigest: SHA256Digest) {
        kind = event.kind
        self.model = model
        self.version = version
        namespace = event.namespace
        jobName = event.jobName
        runID = event.runID
        runEventType = event.eventType
        eventTime = event.eventTime
        producer = event.producer
        inputs = event.inputs
        outputs = event.outputs
        self.event = event.json
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        kind = try fields.required("kind", "run, job or dataset") { $0.stringValue.flatMap(OpenLineageEvent.Kind.init(rawValue:)) }
        model = try fields.optionalIdentifier("model", ModelSlug.self, "a model slug such as churn-model")
        version = try fields.optionalVersion()
        namespace = try fields.string("namespace")
        jobName = try fields.optionalString("job")
        runID = try fields.optionalString("runId")
        runEventType = try fields.optionalString("eventType")
        eventTime = try fields.string("eventTime")
        producer = try fields.string("producer")
        inputs = try fields.required("inputs", "an array of {namespace, name, version?}", Self.datasets)
        outputs = try fields.required("outputs", "an array of {namespace, name, version?}", Self.datasets)
        event = try fields.required("event", "the OpenLineage event as a JSON object") { $0.objectValue }
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    static func datasets(_ value: JSONValue) -> [OpenLineageEvent.Dataset]? {
        guard let array = value.arrayValue else { return nil }
        var result: [OpenLineageEvent.Dataset] = []
        for element in array {
            guard let object = element.objectValue, let namespace = object["namespace"]?.stringValue, let name = object["name"]?.stringValue
            else { return nil }
            let version = object["version"]
            guard version == nil || version?.stringValue != nil, object.count <= 3 else { return nil }
            result.append(OpenLineageEvent.Dataset(namespace: namespace, name: name, version: version?.stringValue))
        }
        return result
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "kind": .string(kind.rawValue), "namespace": .string(namespace), "eventTime": .string(eventTime),
            "producer": .string(producer), "inputs": .array(inputs.map { .object($0.json) }),
            "outputs": .array(outputs.map { .object($0.json) }), "event": .object(event), "policyDigest": .string(policyDigest.hex),
        ]
        object["model"] = model.map { .string($0.rawValue) }
        object["version"] = version.map { .string($0.description) }
        object["job"] = jobName.map { .string($0) }
        object["runId"] = runID.map { .string($0) }
        object["eventType"] = runEventType.map { .string($0) }
        return object
    }

    /// The stream of the event: the model's when linked, else ``stream(forNamespace:)``.
    public var stream: StreamName { model?.stream ?? Self.stream(forNamespace: namespace) }

    /// `openlineage/<segment>`: the namespace lowercased, each character outside a-z, 0-9,
    /// '.', '_', '-' replaced by '-', prefixed with `ns-` unless it starts with a letter or
    /// digit, cut to fit the 200-byte stream limit (`s3://Data Lake` → `openlineage/s3---data-lake`).
    public static func stream(forNamespace namespace: String) -> StreamName {
        var segment = String(namespace.lowercased().unicodeScalars.map { scalar -> Character in
            let allowed = ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_" || scalar == "-"
            return allowed ? Character(scalar) : "-"
        })
        if let first = segment.unicodeScalars.first, !(("a"..."z").contains(first) || ("0"..."9").contains(first)) {
            segment = "ns-" + segment
        }
        if segment.isEmpty { segment = "default" }
        let prefix = "openlineage/"
        segment = String(segment.utf8.prefix(StreamName.maxBytes - prefix.utf8.count)) ?? "default"
        return StreamName(rawValue: prefix + segment) ?? StreamName(rawValue: "openlineage/default")!
    }
}
