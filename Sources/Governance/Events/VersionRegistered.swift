public import LedgerCore

/// `model.version.registered`: a new version of a model, with its lineage.
///
/// Stream `model/<slug>`. The version must be greater than every earlier version of the model.
/// `baseline` is the version the change is measured against (the production version, else the
/// latest version; absent for a first version) and `bump` the kind of change
/// (``SemanticVersion/bump(from:)``; `major` for a first version): both are computed by the
/// ledger and decide the validation suites the version needs
/// (``Policy/requiredSuites(tier:bump:)``). The version starts in `lifecycle.initial`.
///
/// ```json
/// {"bump":"minor","baseline":"3.1.0","lineage":{"artifactSHA256":"…","datasetSHA256":"…",
///  "metrics":{"accuracy":0.975}},"model":"fraud-detection-engine","policyDigest":"…","version":"3.2.0"}
/// ```
public struct VersionRegistered: GovernancePayload {
    public static let eventType = EventType.versionRegistered

    public var model: ModelSlug
    public var version: SemanticVersion
    /// The version compared against, if there was one.
    public var baseline: SemanticVersion?
    /// The kind of change against ``baseline``.
    public var bump: VersionBump
    public var lineage: Lineage
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion, baseline: SemanticVersion?, bump: VersionBump, lineage: Lineage, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.baseline = baseline
        self.bump = bump
        self.lineage = lineage
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        baseline = try fields.optionalIdentifier("baseline", SemanticVersion.self, "a version MAJOR.MINOR.PATCH")
        bump = try fields.required("bump", "major, minor or patch") { $0.stringValue.flatMap(VersionBump.init(rawValue:)) }
        let lineage = try fields.required("lineage", "an object (see docs/events.md)") { $0.objectValue }
        policyDigest = try fields.policyDigest()
        try fields.finish()
        self.lineage = try Lineage(json: lineage)
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "model": .string(model.rawValue), "version": .string(version.description), "bump": .string(bump.rawValue),
            "lineage": .object(lineage.json), "policyDigest": .string(policyDigest.hex),
        ]
        object["baseline"] = baseline.map { .string($0.description) }
        return object
    }
}
