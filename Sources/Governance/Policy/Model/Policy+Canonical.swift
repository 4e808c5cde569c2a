public import LedgerCore

extension Policy {
    /// The policy as a JSON object built from the typed model, mirroring the YAML keys.
    ///
    /// The object has exactly the document's top-level keys (`name`, `version`, `roles`,
    /// `tiers`, `promotion`, `lifecycle`, `deprecation`, `validation`, `retraining`,
    /// `deployment`, `retention`, `regulatory`, and `mlflow` and `features` when the document has them), with snake_case keys as in the YAML, tiers and
    /// regulatory entries keyed by the tier number as a string (`"1"`), numbers as JSON numbers,
    /// durations and retention classes as their strings, lists in document order, and absent
    /// optional keys left out. It is built from the decoded values, never from the YAML text, so
    /// comments, key order, quoting and number spelling (`0.10` or `0.1`) do not change it.
    /// Being plain JSON, it is itself a valid policy document: loading its text gives back an
    /// equal policy.
    public var canonicalJSON: JSONValue {
        guard case .object(var object) = baseCanonicalJSON else { return baseCanonicalJSON }
        if let mlflowSection { object["mlflow"] = mlflowSection.canonicalJSON }
        if let featuresSection { object["features"] = featuresSection.canonicalJSON }
        return .object(object)
    }

    /// The canonical form of every section but the optional `mlflow`.
    private var baseCanonicalJSON: JSONValue {
        .object([
            "name": .string(name.rawValue),
            "version": .string(version),
            "roles": .object(JSONObject(uniquingKeysWith: roles.map { ($0.key.rawValue, .string($0.value)) })),
            "tiers": .object(JSONObject(uniquingKeysWith: tiers.map { ($0.tier.description, $0.canonicalJSON) })),
            "promotion": promotion.canonicalJSON,
            "lifecycle": lifecycle.canonicalJSON,
            "deprecation": deprecation.canonicalJSON,
            "validation": .object([
                "suites": .object(JSONObject(uniquingKeysWith: suites.map { ($0.key.rawValue, $0.value.canonicalJSON) }))
            ]),
            "retraining": retraining.canonicalJSON,
            "deployment": deployment.canonicalJSON,
            "retention": retention.canonicalJSON,
            "regulatory": .object(JSONObject(uniquingKeysWith: regulatory.map { tier, names in
                (tier.description, .array(names.map { .string($0) }))
            })),
        ])
    }

    /// The policy's identity: SHA-256 of the RFC 8785 canonical bytes of ``canonicalJSON``.
    ///
    /// Two documents that differ only in comments, key order, quoting or formatting have the
    /// same digest; any change of a value changes it. Decisions name the digest of the policy
    /// they were taken under (`digest.hex`, 64 lowercase hexadecimal characters).
    public var digest: SHA256Digest {
        SHA256.hash(canonicalJSON.canonicalBytes())
    }
}
