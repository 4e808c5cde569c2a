public import LedgerCore

// Registry annotations: the facts an MLflow-style registry keeps besides stages (tags,
// aliases, descriptions, display names). Each is its own catalog type on `model/<slug>`, so
// the history of a model shows who changed which annotation, and `verify --rules` replays them.

/// `model.tag.set`: a tag of a model, or of one of its versions when `version` is present,
/// is set (added or replaced).
///
/// Stream `model/<slug>`. The model (and version) must be registered; the key is 1 to 250
/// bytes, the value at most 5,000.
///
/// ```json
/// {"key":"team","model":"churn-model","policyDigest":"…","value":"growth","version":"1.0.0"}
/// ```
public struct ModelTagSet: GovernancePayload {
    public static let eventType = EventType.modelTagSet

    public var model: ModelSlug
    /// The version tagged; `nil` for a tag of the model.
    public var version: SemanticVersion?
    public var key: String
    public var value: String
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion?, key: String, value: String, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.key = key
        self.value = value
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.optionalVersion()
        key = try fields.string("key")
        value = try fields.string("value")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "model": .string(model.rawValue), "key": .string(key), "value": .string(value), "policyDigest": .string(policyDigest.hex),
        ]
        object["version"] = version.map { .string($0.description) }
        return object
    }
}

/// `model.tag.deleted`: a tag of a model, or of one of its versions, is removed.
///
/// Stream `model/<slug>`. The tag must be set.
///
/// ```json
/// {"key":"team","model":"churn-model","policyDigest":"…"}
/// ```
public struct ModelTagDeleted: GovernancePayload {
    public static let eventType = EventType.modelTagDeleted

    public var model: ModelSlug
    public var version: SemanticVersion?
    public var key: String
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion?, key: String, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.key = key
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.optionalVersion()
        key = try fields.string("key")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = ["model": .string(model.rawValue), "key": .string(key), "policyDigest": .string(policyDigest.hex)]
        object["version"] = version.map { .string($0.description) }
        return object
    }
}

/// `model.alias.set`: an alias (such as `champion`) points at a version; an alias already
/// pointing elsewhere moves.
///
/// Stream `model/<slug>`. The version must be registered and not archived; an alias the
/// policy's `mlflow.aliases` maps to a stage needs the version in that stage (rule
/// `alias-stage`), so setting `champion` is a promotion with the promotion's guards.
///
/// ```json
/// {"alias":"champion","model":"churn-model","policyDigest":"…","version":"1.1.0"}
/// ```
public struct ModelAliasSet: GovernancePayload {
    public static let eventType = EventType.modelAliasSet

    public var model: ModelSlug
    public var alias: String
    public var version: SemanticVersion
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, alias: String, version: SemanticVersion, policyDigest: SHA256Digest) {
        self.model = model
        self.alias = alias
        self.version = version
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        alias = try fields.string("alias")
        version = try fields.version()
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        ["model": .string(model.rawValue), "alias": .string(alias), "version": .string(version.description), "policyDigest": .string(policyDigest.hex)]
    }
}

/// `model.alias.deleted`: an alias is removed.
///
/// Stream `model/<slug>`. The alias must be set.
///
/// ```json
/// {"alias":"challenger","model":"churn-model","policyDigest":"…"}
/// ```
public struct ModelAliasDeleted: GovernancePayload {
    public static let eventType = EventType.modelAliasDeleted

    public var model: ModelSlug
    public var alias: String
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, alias: String, policyDigest: SHA256Digest) {
        self.model = model
        self.alias = alias
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        alias = try fields.string("alias")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        ["model": .string(model.rawValue), "alias": .string(alias), "policyDigest": .string(policyDigest.hex)]
    }
}

/// `model.description.set`: the description of a model, or of one of its versions, is
/// replaced (an empty description clears it).
///
/// Stream `model/<slug>`. At most 5,000 bytes.
///
/// ```json
/// {"description":"Predicts churn","model":"churn-model","policyDigest":"…"}
/// ```
public struct ModelDescriptionSet: GovernancePayload {
    public static let eventType = EventType.modelDescriptionSet

    public var model: ModelSlug
    public var version: SemanticVersion?
    public var description: String
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion?, description: String, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.description = description
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.optionalVersion()
        description = try fields.string("description")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = ["model": .string(model.rawValue), "description": .string(description), "policyDigest": .string(policyDigest.hex)]
        object["version"] = version.map { .string($0.description) }
        return object
    }
}

/// `model.renamed`: a model's display name changes. The slug, and so the stream, stay: the
/// history of the model is not split.
///
/// Stream `model/<slug>`. `from` must be the current name; `to` must not be the name or the
/// slug of another model.
///
/// ```json
/// {"from":"Churn Model","model":"churn-model","policyDigest":"…","to":"Churn Model EU"}
/// ```
public struct ModelRenamed: GovernancePayload {
    public static let eventType = EventType.modelRenamed

    public var model: ModelSlug
    public var from: String
    public var to: String
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, from: String, to: String, policyDigest: SHA256Digest) {
        self.model = model
        self.from = from
        self.to = to
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        from = try fields.string("from")
        to = try fields.string("to")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        ["model": .string(model.rawValue), "from": .string(from), "to": .string(to), "policyDigest": .string(policyDigest.hex)]
    }
}

extension PayloadFields {
    mutating func optionalVersion(_ field: String = "version") throws(LedgerError) -> SemanticVersion? {
        try optionalIdentifier(field, SemanticVersion.self, "a version MAJOR.MINOR.PATCH such as 3.2.1")
    }
}
