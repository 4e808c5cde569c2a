public import LedgerCore

/// A registered version of a model as the log describes it now.
public struct VersionRecord: Hashable, Sendable {
    /// The latest recorded result of one validation suite.
    public struct Validation: Hashable, Sendable {
        public let suite: SuiteName
        public let passed: Bool
        public let metrics: [MetricName: ValidationRecorded.Result]
        public let time: Timestamp
        public let seq: Int?
    }

    /// The latest bias test on one protected attribute.
    public struct BiasTest: Hashable, Sendable {
        public let attribute: String
        public let passed: Bool
        public let verdict: [MetricName: ValidationRecorded.Result]
        public let time: Timestamp
        public let seq: Int?
    }

    public let version: SemanticVersion
    /// The version the change was measured against at registration.
    public let baseline: SemanticVersion?
    /// The kind of change against ``baseline``; decides the required suites.
    public let bump: VersionBump
    public let lineage: Lineage
    public let registeredAt: Timestamp
    /// The current lifecycle stage.
    public internal(set) var stage: LifecycleStage
    /// When the version entered ``stage``.
    public internal(set) var stageSince: Timestamp
    /// Where it runs, as the latest transition recorded it.
    public internal(set) var deployment: String?
    /// The latest result of each suite recorded for it.
    public internal(set) var validations: [SuiteName: Validation] = [:]
    /// The latest bias test of each protected attribute.
    public internal(set) var biasTests: [String: BiasTest] = [:]
    /// The latest explainability record.
    public internal(set) var explainability: ExplainabilityRecorded?
    /// Tags set on the version (`model.tag.set` with a version).
    public internal(set) var tags: [String: String] = [:]
    /// The version's description, if one was set.
    public internal(set) var description: String?
    /// When anything about the version was last recorded.
    public internal(set) var lastUpdated: Timestamp?
    /// Completed OpenLineage training runs linked to the version, in order.
    public internal(set) var trainingRuns: [TrainingRun] = []
    /// Every stage the version entered, from its registration on, with when, in log order.
    public internal(set) var stageChanges: [StageChange] = []

    /// A stage the version entered, and when.
    public struct StageChange: Hashable, Sendable {
        public let stage: LifecycleStage
        public let since: Timestamp
    }

    /// The stage the version was in at `time` (the latest change at or before it); `nil`
    /// before the version was registered.
    public func stage(at time: Timestamp) -> LifecycleStage? {
        stageChanges.last { $0.since <= time }?.stage
    }

    /// A completed OpenLineage run linked to a version: what it read and wrote.
    public struct TrainingRun: Hashable, Sendable {
        public let runID: String
        public let jobNamespace: String
        public let jobName: String
        public let inputs: [OpenLineageEvent.Dataset]
        public let outputs: [OpenLineageEvent.Dataset]
        public let eventTime: String
        public let seq: Int?
    }
}
