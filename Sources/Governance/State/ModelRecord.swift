public import LedgerCore

/// A registered model as the log describes it now: its facts, versions, approval requests and
/// the production versions kept for rollback.
public struct ModelRecord: Hashable, Sendable {
    /// An entry the model stream must record next, because the previous entry of the same batch
    /// requires it (see ``FollowUp``).
    public struct PendingFollowUp: Hashable, Sendable {
        public let followUp: FollowUp
        /// The entry that made it due.
        public let seq: Int?
    }

    /// What must follow at once on the model's stream.
    public enum FollowUp: Hashable, Sendable, CustomStringConvertible {
        /// A vote made approval request `request` decisive: `approval.decided` must follow.
        case decision(request: Int)
        /// `by` was promoted while `of` was in production: `of` must move to deprecated.
        case supersession(of: SemanticVersion, by: SemanticVersion)
        /// `after` was rolled back: `restore` must return to production.
        case restore(SemanticVersion, after: SemanticVersion)
        /// A `drift.alert.raised` for the metric, derived from the snapshot before it.
        case alertRaised(metric: String)
        /// A `drift.alert.resolved` for the metric, derived from the snapshot before it.
        case alertResolved(metric: String)
        /// A `retraining.triggered` derived from the snapshot before it.
        case retrainingTriggered
        /// A `deployment.rolled_back` of the deployment, after a report beyond the rollback criteria.
        case deploymentRollback(deployment: Int)
        /// The lifecycle rollback of the version whose deployment was rolled back.
        case stageRollback(SemanticVersion)

        public var description: String {
            switch self {
            case .decision(let request): "approval.decided for request \(request)"
            case .supersession(let old, let new): "the supersession of \(old) by \(new) (production → deprecated)"
            case .restore(let version, let after): "the return of \(version) to production after rolling back \(after)"
            case .alertRaised(let metric): "drift.alert.raised for \(metric)"
            case .alertResolved(let metric): "drift.alert.resolved for \(metric)"
            case .retrainingTriggered: "retraining.triggered"
            case .deploymentRollback(let seq): "deployment.rolled_back for the deployment at seq \(seq)"
            case .stageRollback(let version): "the lifecycle rollback of \(version) (production → deprecated)"
            }
        }
    }

    public let slug: ModelSlug
    public internal(set) var name: String
    public internal(set) var owner: String
    public internal(set) var framework: String
    public internal(set) var purpose: String
    public internal(set) var tier: RiskTier
    public let registeredAt: Timestamp
    /// The order of registration among the models of the state.
    public let order: Int
    /// The versions in order of registration (so in increasing version order).
    public internal(set) var versions: [VersionRecord] = []
    /// Tags set on the model.
    public internal(set) var tags: [String: String] = [:]
    /// Aliases and the versions they point at.
    public internal(set) var aliases: [String: SemanticVersion] = [:]
    /// The model's description, if one was set.
    public internal(set) var description: String?
    /// When anything about the model was last recorded.
    public internal(set) var lastUpdated: Timestamp?
    /// The approval requests in order.
    public internal(set) var requests: [ApprovalRequest] = []
    /// Versions in the order they entered production; a rollback removes the top.
    public internal(set) var productionStack: [SemanticVersion] = []
    /// What the next entry of the stream must be, if anything.
    public internal(set) var pendingFollowUp: PendingFollowUp?
    /// Derived entries still due after ``pendingFollowUp``, in order.
    var pendingDerived: [FollowUp] = []
    /// Every drift alert raised, in order, with its resolution once recorded.
    public internal(set) var alerts: [DriftAlert] = []
    /// The latest monitoring snapshot.
    public internal(set) var lastSnapshot: SnapshotRecord?
    /// Every retraining trigger fired, in order.
    public internal(set) var retrainingTriggers: [TriggerRecord] = []

    /// Every retraining run recorded, in order.
    public internal(set) var retrainingRuns: [RetrainingRun] = []

    /// A recorded retraining run.
    public struct RetrainingRun: Hashable, Sendable {
        public let run: RetrainingCompleted
        public let time: Timestamp
        public let seq: Int?
    }

    /// The current text of each model card section, with the entry that set it.
    public internal(set) var cardSections: [ModelCardSection: CardSection] = [:]
    /// A model card section's text as last set.
    public struct CardSection: Hashable, Sendable {
        public let text: String
        public let version: SemanticVersion?
        public let actor: Principal
        public let time: Timestamp
        public let seq: Int?
    }
    /// The last review of the card: a `modelcard.reviewed` entry or a section set, whichever is later.
    public internal(set) var cardReview: CardReview?
    /// When a card was last reviewed, and by which entry.
    public struct CardReview: Hashable, Sendable {
        public let time: Timestamp
        public let seq: Int?
    }
    /// Every audit finding, in order, with its remediation once recorded.
    public internal(set) var findings: [Finding] = []
    /// An audit finding and its remediation.
    public struct Finding: Hashable, Sendable {
        public let finding: AuditFindingRecorded
        public let actor: Principal
        public let time: Timestamp
        public let seq: Int?
        public internal(set) var remediation: Remediation?
        public struct Remediation: Hashable, Sendable {
            public let note: String
            public let actor: Principal
            public let time: Timestamp
            public let seq: Int?
        }
    }
    /// Every cost recorded, in order.
    public internal(set) var costs: [CostRecorded] = []
    /// Every A/B test recorded, in order.
    public internal(set) var abTests: [ABTestRecorded] = []
    /// Every rollout, in order.
    public internal(set) var deployments: [Deployment] = []

    /// A rollout of a version.
    public struct Deployment: Hashable, Sendable {
        /// The seq of its `deployment.started` entry.
        public let seq: Int
        public let version: SemanticVersion
        public let strategy: DeploymentPolicy.Strategy
        public let steps: [Double]
        public let environment: String
        public let startedAt: Timestamp
        /// The index of the current step.
        public internal(set) var step = 0
        public internal(set) var rolledBack = false
        /// When its `deployment.rolled_back` entry was recorded, once it was.
        public internal(set) var rolledBackAt: Timestamp?
        public internal(set) var reports: [DeploymentReported] = []

        /// The traffic share served now.
        public var traffic: Double { rolledBack ? 0 : steps[min(step, steps.count - 1)] }
        /// Whether it is still moving through its steps.
        public var isActive: Bool { !rolledBack && step < steps.count - 1 }
    }

    /// The alerts not resolved yet.
    public var openAlerts: [DriftAlert] { alerts.filter { $0.resolvedAt == nil } }

    /// One drift alert.
    public struct DriftAlert: Hashable, Sendable {
        public let model: ModelSlug
        public let version: SemanticVersion
        public let metric: String
        public let value: Double
        public let threshold: Double
        public let severity: String
        public let window: String
        public let raisedAt: Timestamp
        public let seq: Int?
        public internal(set) var resolvedAt: Timestamp?
        public internal(set) var resolvedValue: Double?
        public internal(set) var resolvedWindow: String?
    }

    /// The latest snapshot's judged metrics.
    public struct SnapshotRecord: Hashable, Sendable {
        public let version: SemanticVersion
        public let window: String
        public let metrics: [String: MonitoredMetric]
        public let triggers: [RetrainingTrigger]
        public let time: Timestamp
        public let seq: Int?
    }

    /// A fired retraining trigger.
    public struct TriggerRecord: Hashable, Sendable {
        public let version: SemanticVersion
        public let triggers: [RetrainingTrigger]
        public let window: String
        public let time: Timestamp
        public let seq: Int?
    }

    /// Moves to the next derived entry due, if any.
    mutating func advanceDerived(origin: Int?) {
        if pendingDerived.isEmpty {
            pendingFollowUp = nil
        } else {
            pendingFollowUp = PendingFollowUp(followUp: pendingDerived.removeFirst(), seq: origin)
        }
    }

    /// The version record of `version`.
    /// The MLflow version number of a version: its position in registration order, from 1.
    public func mlflowNumber(of version: SemanticVersion) -> Int? {
        versions.firstIndex { $0.version == version }.map { $0 + 1 }
    }

    /// The version with an MLflow version number (``mlflowNumber(of:)``).
    public func version(mlflowNumber number: Int) -> VersionRecord? {
        number >= 1 && number <= versions.count ? versions[number - 1] : nil
    }

    public func version(_ version: SemanticVersion) -> VersionRecord? {
        versions.first { $0.version == version }
    }

    /// The highest registered version.
    public var latestVersion: VersionRecord? { versions.max { $0.version < $1.version } }

    /// The version in production: the most recent entry of ``productionStack`` still in the
    /// `production` stage.
    public var productionVersion: VersionRecord? {
        for candidate in productionStack.reversed() {
            if let record = version(candidate), record.stage == .production { return record }
        }
        return nil
    }

    /// The version a rollback returns to: the one below the production version on
    /// ``productionStack``.
    public var previousProductionVersion: VersionRecord? {
        guard let current = productionVersion, let index = productionStack.lastIndex(of: current.version), index > 0 else {
            return nil
        }
        return version(productionStack[index - 1])
    }

    /// The request with `seq`.
    public func request(_ seq: Int) -> ApprovalRequest? { requests.first { $0.seq == seq } }

    /// The active (open, or approved and unused) request of `version`, if any.
    public func activeRequest(for version: SemanticVersion) -> ApprovalRequest? {
        requests.last { $0.version == version && $0.isActive }
    }

    /// The version shown in the inventory: the production version, else the latest.
    public var displayedVersion: VersionRecord? { productionVersion ?? latestVersion }

    mutating func updateVersion(_ version: SemanticVersion, _ body: (inout VersionRecord) -> Void) {
        guard let index = versions.firstIndex(where: { $0.version == version }) else { return }
        body(&versions[index])
    }

    mutating func updateRequest(_ seq: Int, _ body: (inout ApprovalRequest) -> Void) {
        guard let index = requests.firstIndex(where: { $0.seq == seq }) else { return }
        body(&requests[index])
    }
}
