public import LedgerCore

/// An OpenLineage 2-0-2 event (RunEvent, JobEvent or DatasetEvent), checked against the
/// required fields of the specification, with the model version it is linked to, if any.
///
/// The kind is decided by the keys present: `run` and `job` make a RunEvent, `job` without
/// `run` a JobEvent, `dataset` a DatasetEvent. Every kind needs `eventTime` (an RFC 3339 date
/// and time), `producer` and `schemaURL` (URIs). A RunEvent needs `run.runId` (a UUID) and
/// `job.namespace`, `job.name`; its `eventType`, when present, is one of START, RUNNING,
/// COMPLETE, ABORT, FAIL, OTHER. Datasets in `inputs` and `outputs` need `namespace` and `name`.
///
/// A run or job event is linked to a model version by either convention:
/// - the job facet `jobType` with `jobType: "MODEL"` and the run facet (or job facet)
///   `govledger` `{"model": "<slug or name>", "version": "<X.Y.Z or MLflow version number>"}`;
/// - the job name `model/<slug>@<version>`.
///
/// ```swift
/// let event = try OpenLineageEvent(json: object)   // throws naming the field that is wrong
/// event.link   // (model: "churn-model", version: .semantic(1.0.0))
/// ```
public struct OpenLineageEvent: Hashable, Sendable {
    /// Which of the three event schemas the event follows.
    public enum Kind: String, Hashable, Sendable {
        case run, job, dataset
    }

    /// How an event names a model version: a semantic version, or an MLflow version number
    /// (the version's position in registration order, from 1).
    public enum VersionReference: Hashable, Sendable, CustomStringConvertible {
        case semantic(SemanticVersion)
        case number(Int)

        public var description: String {
            switch self {
            case .semantic(let version): version.description
            case .number(let number): String(number)
            }
        }
    }

    /// A dataset named by an event.
    public struct Dataset: Hashable, Sendable {
        public var namespace: String
        public var name: String
        /// The `version` facet's `datasetVersion`, if given.
        public var version: String?

        public var json: JSONObject {
            var object: JSONObject = ["namespace": .string(namespace), "name": .string(name)]
            object["version"] = version.map { .string($0) }
            return object
        }
    }

    /// The run states of the specification's `eventType` enum.
    public static let eventTypes = ["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"]

    public var kind: Kind
    public var eventTime: String
    public var producer: String
    public var schemaURL: String
    public var eventType: String?
    public var runID: String?
    public var jobNamespace: String?
    public var jobName: String?
    public var inputs: [Dataset]
    public var outputs: [Dataset]
    /// The dataset of a DatasetEvent.
    public var dataset: Dataset?
    /// The model and version the event is linked to, as the event names them.
    public var link: (model: String, version: VersionReference)? {
        guard let linkModel, let linkVersion else { return nil }
        return (linkModel, linkVersion)
    }
    var linkModel: String?
    var linkVersion: VersionReference?
    /// The event as received.
    public var json: JSONObject

    /// The namespace the event belongs to when it is not linked: the job's, or the dataset's.
    public var namespace: String { jobNamespace ?? dataset?.namespace ?? "default" }

    /// Reads and checks an event.
    ///
    /// - Throws: ``LedgerError`` `.malformedInput` naming the field (`run.runId`,
    ///   `inputs[0].name`, …) and what it must be.
    public init(json: JSONObject) throws(LedgerError) {
        self.json = json
        func fail(_ field: String, _ rule: String) -> LedgerError {
            LedgerError(.malformedInput, "OpenLineage event field '\(field)' \(rule) (OpenLineage 2-0-2, https://openlineage.io/spec/2-0-2/OpenLineage.json).")
        }
        func string(_ object: JSONObject, _ key: String, _ path: String) throws(LedgerError) -> String {
            guard let value = object[key] else { throw fail(path, "is required") }
            guard let text = value.stringValue, !text.isEmpty else { throw fail(path, "must be a non-empty string") }
            return text
        }
        func object(_ object: JSONObject, _ key: String, _ path: String) throws(LedgerError) -> JSONObject? {
            guard let value = object[key], value != .null else { return nil }
            guard let inner = value.objectValue else { throw fail(path, "must be a JSON object") }
            return inner
        }
        func uri(_ key: String) throws(LedgerError) -> String {
            let text = try string(json, key, key)
            guard let colon = text.firstIndex(of: ":"), colon != text.startIndex,
                text[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }),
                !text.contains(" ")
            else { throw fail(key, "must be a URI, such as https://github.com/OpenLineage/OpenLineage/tree/1.0.0/client/python") }
            return text
        }
        func datasets(_ key: String) throws(LedgerError) -> [Dataset] {
            guard let value = json[key], value != .null else { return [] }
            guard let array = value.arrayValue else { throw fail(key, "must be an array of datasets") }
            var result: [Dataset] = []
            for (index, element) in array.enumerated() {
                let path = "\(key)[\(index)]"
                guard let item = element.objectValue else { throw fail(path, "must be a dataset object with namespace and name") }
                result.append(try readDataset(item, path))
            }
            return result
        }
        func readDataset(_ item: JSONObject, _ path: String) throws(LedgerError) -> Dataset {
            let namespace = try string(item, "namespace", path + ".namespace")
            let name = try string(item, "name", path + ".name")
            let facets = try object(item, "facets", path + ".facets")
            let version = try facets.flatMap { facets throws(LedgerError) in try object(facets, "version", path + ".facets.version") }
            var datasetVersion: String?
            if let version { datasetVersion = try string(version, "datasetVersion", path + ".facets.version.datasetVersion") }
            return Dataset(namespace: namespace, name: name, version: datasetVersion)
        }

        guard json["eventTime"] != nil else { throw fail("eventTime", "is required") }
        eventTime = try string(json, "eventTime", "eventTime")
        guard Self.isDateTime(eventTime) else {
            throw fail("eventTime", "must be an RFC 3339 date and time, such as 2025-01-15T09:30:00.000Z")
        }
        producer = try uri("producer")
        schemaURL = try uri("schemaURL")
        let run = try object(json, "run", "run")
        let job = try object(json, "job", "job")
        let datasetObject = try object(json, "dataset", "dataset")
        if run != nil, job == nil { throw fail("job", "is required in a RunEvent (an event with 'run')") }
        if let job {
            kind = run == nil ? .job : .run
            jobNamespace = try string(job, "namespace", "job.namespace")
            jobName = try string(job, "name", "job.name")
        } else if let datasetObject {
            kind = .dataset
            dataset = try readDataset(datasetObject, "dataset")
        } else {
            throw fail("job", "is missing: a RunEvent has 'run' and 'job', a JobEvent 'job', a DatasetEvent 'dataset'")
        }
        if let run {
            let id = try string(run, "runId", "run.runId")
            guard Self.isUUID(id) else { throw fail("run.runId", "must be a UUID such as 0176a8c2-fe01-7439-87e6-56a1a1b4029f") }
            runID = id.lowercased()
        }
        if let value = json["eventType"], value != .null {
            guard kind == .run else { throw fail("eventType", "belongs to RunEvents only") }
            guard let text = value.stringValue, Self.eventTypes.contains(text) else {
                throw fail("eventType", "must be one of \(Self.eventTypes.joined(separator: ", "))")
            }
            eventType = text
        }
        inputs = try datasets("inputs")
        outputs = try datasets("outputs")
        if kind == .dataset, !inputs.isEmpty || !outputs.isEmpty {
            throw fail(inputs.isEmpty ? "outputs" : "inputs", "belongs to RunEvents and JobEvents, not to a DatasetEvent")
        }
        try readLink(run: run, job: job)
    }

    private mutating func readLink(run: JSONObject?, job: JSONObject?) throws(LedgerError) {
        func fail(_ field: String, _ rule: String) -> LedgerError {
            LedgerError(.malformedInput, "OpenLineage event field '\(field)' \(rule); docs/mlflow.md describes how an event names a model version.")
        }
        if let jobName, jobName.hasPrefix("model/"), let at = jobName.lastIndex(of: "@") {
            let model = String(jobName[jobName.index(jobName.startIndex, offsetBy: 6)..<at])
            let versionText = String(jobName[jobName.index(after: at)...])
            guard !model.isEmpty, let version = Self.versionReference(versionText) else {
                throw fail("job.name", "must be model/<slug>@<version> with a version X.Y.Z or an MLflow version number, not '\(jobName.prefix(120))'")
            }
            linkModel = model
            linkVersion = version
            return
        }
        let runFacet = run?["facets"]?.objectValue?["govledger"]
        let jobFacet = job?["facets"]?.objectValue?["govledger"]
        guard let facetValue = runFacet ?? jobFacet else { return }
        let path = runFacet != nil ? "run.facets.govledger" : "job.facets.govledger"
        guard let facet = facetValue.objectValue else { throw fail(path, "must be an object {\"model\": …, \"version\": …}") }
        let jobType = job?["facets"]?.objectValue?["jobType"]?.objectValue?["jobType"]?.stringValue
        guard jobType == "MODEL" else {
            throw fail("job.facets.jobType.jobType", "must be \"MODEL\" for the govledger facet to link the event to a model version (it is \(jobType.map { "\"\($0.prefix(40))\"" } ?? "absent"))")
        }
        guard let model = facet["model"]?.stringValue, !model.isEmpty else { throw fail(path + ".model", "is required: the model's slug or name") }
        let versionValue = facet["version"]
        let versionText = versionValue?.stringValue ?? versionValue?.intValue.map(String.init)
        guard let versionText, let version = Self.versionReference(versionText) else {
            throw fail(path + ".version", "is required: a version X.Y.Z or an MLflow version number")
        }
        linkModel = model
        linkVersion = version
    }

    static func versionReference(_ text: String) -> VersionReference? {
        if let number = Int(text), number >= 1, text.allSatisfy(\.isNumber) { return .number(number) }
        return (try? SemanticVersion.parse(text)).map { .semantic($0) }
    }

    static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                let isHex = (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)
                guard isHex else { return false }
            }
        }
        return true
    }

    /// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `±HH:MM`.
    static func isDateTime(_ text: String) -> Bool {
        let b = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.upperBound <= b.count && range.allSatisfy { (0x30...0x39).contains(b[$0]) } }
        guard b.count >= 20, digits(0..<4), b[4] == 0x2D, digits(5..<7), b[7] == 0x2D, digits(8..<10),
            b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == 0x20,
            digits(11..<13), b[13] == 0x3A, digits(14..<16), b[16] == 0x3A, digits(17..<19)
        else { return false }
        var index = 19
        if b[index] == 0x2E {
            index += 1
            let start = index
            while index < b.count, (0x30...0x39).contains(b[index]) { index += 1 }
            guard index > start else { return false }
        }
        guard index < b.count else { return false }
        if b[index] == UInt8(ascii: "Z") || b[index] == UInt8(ascii: "z") { return index == b.count - 1 }
        guard b[index] == 0x2B || b[index] == 0x2D, b.count - index == 6, digits(index + 1..<index + 3), b[index + 3] == 0x3A,
            digits(index + 4..<index + 6)
        else { return false }
        return true
    }
}

extension OpenLineageEvent {
    public static func == (lhs: OpenLineageEvent, rhs: OpenLineageEvent) -> Bool { lhs.json == rhs.json }
    public func hash(into hasher: inout Hasher) { hasher.combine(json) }
}
