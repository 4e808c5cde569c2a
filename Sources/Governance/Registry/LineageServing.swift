public import LedgerCore

/// What the lineage rules need to know of the registry: for each registered model version, when
/// it was registered, the stages it went through and when, its shadow deployments, and the
/// feature set its lineage names.
///
/// ``RegistryLineageValidator`` judges records against it. It is small (a few entries per
/// version), so a caller can build it from whatever read model it keeps up to date (the
/// registry of ``RegistryState``, or a stored projection) instead of folding the whole log for
/// every ingestion.
///
/// ```swift
/// let serving = LineageServing(registry: registry)
/// let validator = RegistryLineageValidator(serving: serving)
/// ```
public struct LineageServing: Hashable, Sendable {
    /// A stage a version entered, and when.
    public struct StageChange: Hashable, Sendable {
        public var stage: LifecycleStage
        public var since: Timestamp

        public init(stage: LifecycleStage, since: Timestamp) {
            self.stage = stage
            self.since = since
        }
    }

    /// A shadow deployment of a version: it runs beside production on live requests (and so
    /// makes predictions) from `from`, until it is rolled back (`until`, `nil` while it runs).
    public struct ShadowRun: Hashable, Sendable {
        public var from: Timestamp
        public var until: Timestamp?

        public init(from: Timestamp, until: Timestamp?) {
            self.from = from
            self.until = until
        }

        /// Whether it was running at `time`.
        public func covers(_ time: Timestamp) -> Bool {
            from <= time && (until.map { time < $0 } ?? true)
        }
    }

    /// One registered version of a model.
    public struct Version: Hashable, Sendable {
        public var version: SemanticVersion
        public var registeredAt: Timestamp
        /// Every stage the version entered, from its registration on, in log order.
        public var stageChanges: [StageChange]
        /// Its shadow deployments, in log order.
        public var shadowRuns: [ShadowRun]
        /// The feature-set version its lineage names, if any.
        public var featureSetVersion: String?

        public init(
            version: SemanticVersion, registeredAt: Timestamp, stageChanges: [StageChange], shadowRuns: [ShadowRun] = [],
            featureSetVersion: String?
        ) {
            self.version = version
            self.registeredAt = registeredAt
            self.stageChanges = stageChanges
            self.shadowRuns = shadowRuns
            self.featureSetVersion = featureSetVersion
        }

        /// The stage the version was in at `time` (the latest change at or before it); `nil`
        /// before it was registered.
        public func stage(at time: Timestamp) -> LifecycleStage? {
            stageChanges.last { $0.since <= time }?.stage
        }
    }

    /// The registered versions of each model, in registration order.
    public var models: [ModelSlug: [Version]]

    public init(models: [ModelSlug: [Version]] = [:]) {
        self.models = models
    }

    /// The serving history of every model of `registry`.
    public init(registry: RegistryState) {
        var models: [ModelSlug: [Version]] = [:]
        for (slug, model) in registry.models {
            models[slug] = model.versions.map { record in
                let shadows = model.deployments.filter { $0.version == record.version && $0.strategy == .shadow }
                return Version(
                    version: record.version, registeredAt: record.registeredAt,
                    stageChanges: record.stageChanges.map { StageChange(stage: $0.stage, since: $0.since) },
                    shadowRuns: shadows.map { ShadowRun(from: $0.startedAt, until: $0.rolledBackAt) },
                    featureSetVersion: record.lineage.featureSetVersion)
            }
        }
        self.models = models
    }
}
