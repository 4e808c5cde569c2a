public import LedgerCore

extension EventType {
    /// `feature.registered` on `feature/<name>`.
    public static let featureRegistered = known("feature.registered")
    /// `feature.version.released` on `feature/<name>`.
    public static let featureVersionReleased = known("feature.version.released")
    /// `feature.version.deprecated` on `feature/<name>`.
    public static let featureVersionDeprecated = known("feature.version.deprecated")
    /// `featureset.released` on `featureset/<name>`.
    public static let featureSetReleased = known("featureset.released")
}

extension PayloadFields {
    mutating func feature(_ field: String) throws(LedgerError) -> FeatureName {
        try identifier(field, FeatureName.self, "a feature name: \(FeatureName.rule)")
    }

    mutating func duration(_ field: String) throws(LedgerError) -> PolicyDuration {
        try required(field, "a duration such as 5min, 25h or 3mo") { $0.stringValue.flatMap(PolicyDuration.init(rawValue:)) }
    }

    mutating func bump(_ field: String) throws(LedgerError) -> VersionBump {
        try required(field, "major, minor or patch") { $0.stringValue.flatMap(VersionBump.init(rawValue:)) }
    }
}

/// `feature.registered`: a feature enters the feature store's inventory, with its owner and
/// documentation (seed: "Each feature has a designated owner … Description … Data type …
/// Source … Refresh … Quality: Freshness SLA, completeness %").
///
/// Stream `feature/<name>`; the first entry of the stream.
///
/// ```json
/// {"completenessSLA":0.99,"dataType":"int","description":"Days since the customer's account was opened",
///  "feature":"customer_age_days","freshnessSLA":"25h","owner":"data-eng@bank.example","policyDigest":"…",
///  "refresh":"daily","source":"CRM (Salesforce)"}
/// ```
public struct FeatureRegistered: GovernancePayload {
    public static let eventType = EventType.featureRegistered

    public var feature: FeatureName
    /// Who answers for its quality, freshness, documentation and deprecation.
    public var owner: String
    /// What it represents, in business terms.
    public var description: String
    /// Its data type: int, float, string, boolean, enum(…).
    public var dataType: String
    /// The source system it is extracted from.
    public var source: String
    /// How often it is refreshed: real-time, 5-minute window, hourly, daily.
    public var refresh: String
    /// The oldest a served value may be.
    public var freshnessSLA: PolicyDuration
    /// The share of non-null values promised, above 0 and at most 1 (0.99 for 99 %).
    public var completenessSLA: Double
    public var policyDigest: SHA256Digest

    public init(
        feature: FeatureName, owner: String, description: String, dataType: String, source: String, refresh: String,
        freshnessSLA: PolicyDuration, completenessSLA: Double, policyDigest: SHA256Digest
    ) {
        self.feature = feature
        self.owner = owner
        self.description = description
        self.dataType = dataType
        self.source = source
        self.refresh = refresh
        self.freshnessSLA = freshnessSLA
        self.completenessSLA = completenessSLA
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        feature = try fields.feature("feature")
        owner = try fields.string("owner")
        description = try fields.string("description")
        dataType = try fields.string("dataType")
        source = try fields.string("source")
        refresh = try fields.string("refresh")
        freshnessSLA = try fields.duration("freshnessSLA")
        completenessSLA = try fields.required("completenessSLA", "a share above 0 and at most 1, such as 0.99") {
            $0.numberValue.flatMap { $0 > 0 && $0 <= 1 ? $0 : nil }
        }
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        [
            "feature": .string(feature.rawValue), "owner": .string(owner), "description": .string(description),
            "dataType": .string(dataType), "source": .string(source), "refresh": .string(refresh),
            "freshnessSLA": .string(freshnessSLA.rawValue), "completenessSLA": .number(completenessSLA),
            "policyDigest": .string(policyDigest.hex),
        ]
    }
}

/// `feature.version.released`: a new version of a feature's definition.
///
/// Stream `feature/<name>`. Semantic versioning as the seed states it for features: MAJOR a
/// breaking change (type or logic), MINOR an additive change (a new derived feature), PATCH a fix
/// (a data quality correction). `change` is the kind declared; the version must be greater than
/// `previous` (the feature's latest version, absent for the first) and the bump from it must be
/// of that kind (rule `feature-version`).
///
/// ```json
/// {"change":"minor","feature":"customer_age_days","note":"Adds a tenure bucket","policyDigest":"…",
///  "previous":"1.0.0","version":"1.1.0"}
/// ```
public struct FeatureVersionReleased: GovernancePayload {
    public static let eventType = EventType.featureVersionReleased

    public var feature: FeatureName
    public var version: SemanticVersion
    /// The kind of change declared.
    public var change: VersionBump
    /// The feature's latest version before this one; absent for the first.
    public var previous: SemanticVersion?
    public var note: String?
    public var policyDigest: SHA256Digest

    public init(feature: FeatureName, version: SemanticVersion, change: VersionBump, previous: SemanticVersion?, note: String?, policyDigest: SHA256Digest) {
        self.feature = feature
        self.version = version
        self.change = change
        self.previous = previous
        self.note = note
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        feature = try fields.feature("feature")
        version = try fields.version()
        change = try fields.bump("change")
        previous = try fields.optionalIdentifier("previous", SemanticVersion.self, "a version MAJOR.MINOR.PATCH")
        note = try fields.optionalString("note")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "feature": .string(feature.rawValue), "version": .string(version.description), "change": .string(change.rawValue),
            "policyDigest": .string(policyDigest.hex),
        ]
        object["previous"] = previous.map { .string($0.description) }
        object["note"] = note.map { .string($0) }
        return object
    }
}

/// `feature.version.deprecated`: a feature version is deprecated; feature sets may still use it
/// for `grace` after the entry's time (default: the policy's `features.deprecation_grace`, 3
/// months in the seed), and no new feature set may after that.
///
/// Stream `feature/<name>`. The version must be released and not deprecated already (rule
/// `feature-deprecation`).
///
/// ```json
/// {"feature":"device_fingerprint_v1","grace":"3mo","policyDigest":"…","reason":"Replaced by device_fingerprint_hash","version":"1.2.0"}
/// ```
public struct FeatureVersionDeprecated: GovernancePayload {
    public static let eventType = EventType.featureVersionDeprecated

    public var feature: FeatureName
    public var version: SemanticVersion
    /// How long consumers may keep using it.
    public var grace: PolicyDuration
    public var reason: String
    public var policyDigest: SHA256Digest

    public init(feature: FeatureName, version: SemanticVersion, grace: PolicyDuration, reason: String, policyDigest: SHA256Digest) {
        self.feature = feature
        self.version = version
        self.grace = grace
        self.reason = reason
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        feature = try fields.feature("feature")
        version = try fields.version()
        grace = try fields.duration("grace")
        reason = try fields.string("reason")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        [
            "feature": .string(feature.rawValue), "version": .string(version.description), "grace": .string(grace.rawValue),
            "reason": .string(reason), "policyDigest": .string(policyDigest.hex),
        ]
    }
}

/// `featureset.released`: a versioned set of feature versions that model versions read,
/// referenced from a model version's lineage as `<featureset>@<version>`.
///
/// Stream `featureset/<name>`. Every member must be a released feature version that is not
/// deprecated past its grace at the entry's time, the set has 1 to 1,000 members, and its
/// version is greater than the set's earlier versions (rule `feature-set`).
///
/// ```json
/// {"featureSet":"fraud-features","features":{"customer_age_days":"1.1.0","transaction_count_7d":"2.0.1"},
///  "policyDigest":"…","version":"1.4.0"}
/// ```
public struct FeatureSetReleased: GovernancePayload {
    public static let eventType = EventType.featureSetReleased

    public var featureSet: FeatureName
    public var version: SemanticVersion
    /// The member features and the version of each.
    public var features: [FeatureName: SemanticVersion]
    public var note: String?
    public var policyDigest: SHA256Digest

    public init(featureSet: FeatureName, version: SemanticVersion, features: [FeatureName: SemanticVersion], note: String?, policyDigest: SHA256Digest) {
        self.featureSet = featureSet
        self.version = version
        self.features = features
        self.note = note
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        featureSet = try fields.feature("featureSet")
        version = try fields.version()
        features = try fields.required("features", "an object of 1 to 1000 feature names, each with its version") { value -> [FeatureName: SemanticVersion]? in
            guard let object = value.objectValue, (1...1000).contains(object.count) else { return nil }
            var result: [FeatureName: SemanticVersion] = [:]
            for member in object {
                guard let name = FeatureName(rawValue: member.key), let version = member.value.stringValue.flatMap(SemanticVersion.init) else { return nil }
                result[name] = version
            }
            return result
        }
        note = try fields.optionalString("note")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "featureSet": .string(featureSet.rawValue), "version": .string(version.description),
            "features": .object(JSONObject(uniquingKeysWith: features.map { ($0.key.rawValue, .string($0.value.description)) })),
            "policyDigest": .string(policyDigest.hex),
        ]
        object["note"] = note.map { .string($0) }
        return object
    }

    /// The reference a model version's lineage uses, `<featureset>@<version>`.
    public var reference: FeatureSetReference { FeatureSetReference(name: featureSet, version: version) }
}
