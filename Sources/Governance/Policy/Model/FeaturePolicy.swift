import LedgerCore

/// Feature governance: how long a deprecated feature version stays usable, and after how long
/// without a serving consumer a feature is flagged as unused. The `features:` section of a
/// policy, optional (a policy without it gets ``defaults``).
///
/// Seed: "88 deprecated (3-month grace period)"; "Unused features (> 90 days): 12 (flagged for
/// deprecation review)".
///
/// ```yaml
/// features:
///   deprecation_grace: 3mo
///   unused_after: 90d
/// ```
public struct FeaturePolicy: Hashable, Sendable {
    /// The grace period of a deprecation that names none (default `3mo`).
    public let deprecationGrace: PolicyDuration
    /// A feature no model version in production or staging has used for this long is unused
    /// (default `90d`).
    public let unusedAfter: PolicyDuration

    /// The values when a policy has no `features:` section.
    public static let defaults = FeaturePolicy(deprecationGrace: PolicyDuration(rawValue: "3mo")!, unusedAfter: PolicyDuration(rawValue: "90d")!)

    init(deprecationGrace: PolicyDuration, unusedAfter: PolicyDuration) {
        self.deprecationGrace = deprecationGrace
        self.unusedAfter = unusedAfter
    }

    /// Reads the section; keys left out keep their ``defaults`` (a bad value is reported by the loader).
    init?(decoding node: PolicyNode) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let grace = fields.optional("deprecation_grace") { $0.duration() }
        let unused = fields.optional("unused_after") { $0.duration() }
        deprecationGrace = grace ?? Self.defaults.deprecationGrace
        unusedAfter = unused ?? Self.defaults.unusedAfter
    }

    /// The canonical form, mirroring the YAML keys.
    var canonicalJSON: JSONValue {
        .object(["deprecation_grace": .string(deprecationGrace.rawValue), "unused_after": .string(unusedAfter.rawValue)])
    }
}
