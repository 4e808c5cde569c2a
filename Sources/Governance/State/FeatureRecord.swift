public import LedgerCore

/// A feature of the feature store as the log describes it: its documentation, owner and versions.
public struct FeatureRecord: Hashable, Sendable {
    /// One released version of the feature.
    public struct Version: Hashable, Sendable {
        public let version: SemanticVersion
        /// The kind of change declared.
        public let change: VersionBump
        public let note: String?
        public let releasedAt: Timestamp
        public let seq: Int?
        /// Set once the version is deprecated.
        public internal(set) var deprecation: Deprecation?

        /// Whether the version is deprecated and its grace period has ended at `time`.
        public func pastGrace(at time: Timestamp) -> Bool {
            deprecation.map { time >= $0.graceEnds } ?? false
        }
    }

    /// A deprecation: when, for how long consumers may keep the version, and why.
    public struct Deprecation: Hashable, Sendable {
        public let time: Timestamp
        public let grace: PolicyDuration
        public let reason: String
        public let seq: Int?

        /// When the grace period ends: the deprecation's time plus the grace (months of 30.44 days).
        public var graceEnds: Timestamp {
            time.adding(milliseconds: Int64(grace.approximateSeconds * 1000))
        }
    }

    public let name: FeatureName
    public let owner: String
    public let description: String
    public let dataType: String
    public let source: String
    public let refresh: String
    public let freshnessSLA: PolicyDuration
    public let completenessSLA: Double
    public let registeredAt: Timestamp
    /// The position in order of registration.
    public let order: Int
    /// The released versions in order of release (ascending).
    public internal(set) var versions: [Version] = []

    /// The latest released version.
    public var latest: Version? { versions.last }

    /// A released version.
    public func version(_ version: SemanticVersion) -> Version? {
        versions.first { $0.version == version }
    }

    /// `active` (its latest version is not deprecated), `deprecated` (its latest version is),
    /// or `unreleased` (no version yet).
    public var status: String {
        guard let latest else { return "unreleased" }
        return latest.deprecation == nil ? "active" : "deprecated"
    }
}

/// A feature set and its released versions.
public struct FeatureSetRecord: Hashable, Sendable {
    /// One released version of the set.
    public struct Version: Hashable, Sendable {
        public let version: SemanticVersion
        public let features: [FeatureName: SemanticVersion]
        public let releasedAt: Timestamp
        public let seq: Int?
    }

    public let name: FeatureName
    public let order: Int
    /// The released versions in order of release (ascending).
    public internal(set) var versions: [Version] = []

    public func version(_ version: SemanticVersion) -> Version? {
        versions.first { $0.version == version }
    }
}

extension RegistryState {
    /// The stages in which a model version counts as a consumer of the features it reads.
    static let consumingStages: [LifecycleStage] = [.production, .staging]

    /// A model version that reads a feature version through a feature set.
    public struct FeatureConsumer: Hashable, Sendable {
        public let model: ModelSlug
        public let version: SemanticVersion
        /// The model version's current stage.
        public let stage: LifecycleStage
        /// The feature set version it reads.
        public let featureSet: FeatureSetReference
        /// The feature version it reads.
        public let featureVersion: SemanticVersion
    }

    /// The feature set version a lineage's `featureSetVersion` names, when it is written
    /// `<featureset>@<version>` and that set has that version; `nil` for free-form text.
    public func featureSetVersion(named text: String?) -> (FeatureSetReference, FeatureSetRecord.Version)? {
        guard let text, let reference = FeatureSetReference(text), let release = featureSets[reference.name]?.version(reference.version) else {
            return nil
        }
        return (reference, release)
    }

    /// The model versions that read `feature`, with the version of it they read: the consumer
    /// side of the bidirectional map (a model version's lineage names the feature set version).
    public func consumers(of feature: FeatureName) -> [FeatureConsumer] {
        var result: [FeatureConsumer] = []
        for model in modelsInOrder {
            for record in model.versions {
                guard let (reference, release) = featureSetVersion(named: record.lineage.featureSetVersion),
                    let version = release.features[feature]
                else { continue }
                result.append(FeatureConsumer(model: model.slug, version: record.version, stage: record.stage, featureSet: reference, featureVersion: version))
            }
        }
        return result
    }

    /// The feature versions a model version reads through its feature set (empty when its
    /// lineage names none or a free-form one).
    public func featureVersions(of model: ModelSlug, _ version: SemanticVersion) -> [FeatureName: SemanticVersion] {
        guard let record = models[model]?.version(version) else { return [:] }
        return featureSetVersion(named: record.lineage.featureSetVersion)?.1.features ?? [:]
    }

    /// The last time `feature` had a consumer in production or staging: `time` when it has one
    /// now, the end of the latest such period otherwise, `nil` when it never had one.
    public func lastServed(_ feature: FeatureName, at time: Timestamp) -> Timestamp? {
        var last: Timestamp?
        for consumer in consumers(of: feature) {
            guard let record = models[consumer.model]?.version(consumer.version) else { continue }
            var servingSince: Timestamp?
            for change in record.stageChanges where change.since <= time {
                let serving = Self.consumingStages.contains(change.stage)
                if serving, servingSince == nil { servingSince = change.since }
                if !serving, servingSince != nil {
                    servingSince = nil
                    last = max(last ?? change.since, change.since)
                }
            }
            if servingSince != nil { return time }
        }
        return last
    }

    /// Whether `feature` is unused at `time`: no model version in production or staging has
    /// read it for the policy's `features.unused_after` (counted from its registration when it
    /// never had one).
    public func isUnused(_ feature: FeatureName, at time: Timestamp) -> Bool {
        guard let record = features[feature] else { return false }
        let window = (policy?.policy.features ?? .defaults).unusedAfter
        let since = lastServed(feature, at: time) ?? record.registeredAt
        return Double(time.millisecondsSinceEpoch - since.millisecondsSinceEpoch) / 1000 >= window.approximateSeconds
    }

    /// The consumers in production or staging at `time` of versions of `feature` deprecated past their grace then.
    public func consumersPastGrace(of feature: FeatureName, at time: Timestamp) -> [FeatureConsumer] {
        guard let record = features[feature] else { return [] }
        return consumers(of: feature).filter { consumer in
            guard let stage = models[consumer.model]?.version(consumer.version)?.stage(at: time) else { return false }
            return Self.consumingStages.contains(stage) && (record.version(consumer.featureVersion)?.pastGrace(at: time) ?? false)
        }
    }

    /// The features in order of registration.
    public var featuresInOrder: [FeatureRecord] { features.values.sorted { $0.order < $1.order } }
}
