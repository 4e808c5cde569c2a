public import LedgerCore

/// A governance policy: the rules every decision about models is taken under, as data.
///
/// A policy is loaded from YAML by ``PolicyLoader/load(yaml:)``, which validates it strictly,
/// and adopted into the ledger by ``PolicyAdoption/draft(policy:actor:)``. It is immutable:
/// a change of policy is a new adoption with a new ``digest``. The default enterprise policy is
/// `compliance/policy.yaml`, whose keys `compliance/README.md` documents; the Swift properties
/// carry the same names in lower camel case.
///
/// ```swift
/// let policy = try PolicyLoader.load(yaml: text)
/// policy.tier(RiskTier(rawValue: 1)!)?.approval.board?.quorum // 4
/// policy.digest.hex                                          // the adopted policy's identity
/// ```
///
/// ## Topics
/// - ``tier(_:)``
/// - ``requiredSuites(tier:bump:)``
/// - ``retention(for:)``
/// - ``canonicalJSON``
/// - ``digest``
public struct Policy: Hashable, Sendable {
    /// The policy's name; its adoptions are on stream `policy/<name>`.
    public let name: PolicyName
    /// The author's version label, such as `1.0.0`.
    public let version: String
    /// The roles that may sign off, with a description of each.
    public let roles: [RoleName: String]
    /// The risk tiers, numbered 1 to N without gaps, in order.
    public let tiers: [TierPolicy]
    /// Promotion rules: no-regression limit, significance, version bump suites.
    public let promotion: PromotionPolicy
    /// Stages, transitions and rollback.
    public let lifecycle: LifecyclePolicy
    /// When deprecated versions may be archived.
    public let deprecation: DeprecationPolicy
    /// The validation suites, by name.
    public let suites: [SuiteName: ValidationSuite]
    /// Auto-approval of retrained versions.
    public let retraining: RetrainingPolicy
    /// Rollout strategy and rollback criteria.
    public let deployment: DeploymentPolicy
    /// Retention classes of entries no tier decides.
    public let retention: RetentionPolicy
    /// The regulations named for each tier, for people; every tier has an entry.
    public let regulatory: [RiskTier: [String]]
    /// The `mlflow:` section as written; `nil` when the document has none (the canonical form
    /// then leaves it out, so the digest of a policy written before the section existed is unchanged).
    public let mlflowSection: MLflowPolicy?
    /// The MLflow mapping in force: the section, or ``MLflowPolicy/defaults``.
    public var mlflow: MLflowPolicy { mlflowSection ?? .defaults }
    /// The `features:` section as written; `nil` when the document has none (left out of the
    /// canonical form then, as `mlflow`).
    public let featuresSection: FeaturePolicy?
    /// The feature governance in force: the section, or ``FeaturePolicy/defaults``.
    public var features: FeaturePolicy { featuresSection ?? .defaults }

    /// The policy of `tier`, or `nil` when the policy does not define it.
    public func tier(_ tier: RiskTier) -> TierPolicy? {
        tiers.first { $0.tier == tier }
    }

    /// The suites a version of a `tier` model with a `bump` change needs before production:
    /// the tier's required suites, then those the bump kind adds that the tier does not
    /// already require. A bump never lowers what the tier demands.
    ///
    /// - Returns: `nil` when the policy does not define `tier`.
    public func requiredSuites(tier: RiskTier, bump: VersionBump) -> [SuiteName]? {
        guard let tierPolicy = self.tier(tier) else { return nil }
        var result = tierPolicy.requiredSuites
        for suite in promotion.versionBumps[bump]?.suites ?? [] where !result.contains(suite) {
            result.append(suite)
        }
        return result
    }

    /// The retention class of entries about a model of `tier`; ``RetentionPolicy/defaultClass``
    /// when the tier is unknown or not given.
    public func retention(for tier: RiskTier?) -> RetentionClass {
        tier.flatMap { self.tier($0)?.retention } ?? retention.defaultClass
    }

    /// The longest retention class the policy names (tiers, default and shared classes): the
    /// class of the policy's own adoption entry.
    public var longestRetention: RetentionClass {
        let all = tiers.map(\.retention) + [retention.defaultClass, retention.sharedEntriesClass]
        return all.max { $0.approximateDays < $1.approximateDays } ?? retention.sharedEntriesClass
    }

    init(
        name: PolicyName, version: String, roles: [RoleName: String], tiers: [TierPolicy],
        promotion: PromotionPolicy, lifecycle: LifecyclePolicy, deprecation: DeprecationPolicy,
        suites: [SuiteName: ValidationSuite], retraining: RetrainingPolicy, deployment: DeploymentPolicy,
        retention: RetentionPolicy, regulatory: [RiskTier: [String]], mlflow: MLflowPolicy? = nil, features: FeaturePolicy? = nil
    ) {
        self.mlflowSection = mlflow
        self.featuresSection = features
        self.name = name
        self.version = version
        self.roles = roles
        self.tiers = tiers
        self.promotion = promotion
        self.lifecycle = lifecycle
        self.deprecation = deprecation
        self.suites = suites
        self.retraining = retraining
        self.deployment = deployment
        self.retention = retention
        self.regulatory = regulatory
    }
}
