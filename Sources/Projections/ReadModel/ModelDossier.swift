/// Everything the log says about one model, as a read model: the facts, each version with its
/// lineage, transitions, validations and bias tests, the approval requests with every vote
/// (board minutes), monitoring, alerts, retraining, deployments, costs, the model card's written
/// sections and the audit findings. Every item keeps the `seq` of the entry it comes from, so a
/// card or a report can cite its source.
///
/// Dossiers are plain `Codable` values: ``ProjectionState`` stores them and updates them entry by
/// entry, and a rebuild from the log gives the same bytes.
public struct ModelDossier: Codable, Hashable, Sendable {
    public var slug: String
    public var name: String
    public var owner: String
    public var framework: String
    public var purpose: String
    public var tier: Int
    public var registered: Source
    public var tierChanges: [TierChange] = []
    public var versions: [Version] = []
    public var requests: [Request] = []
    public var snapshots = SnapshotSummary()
    public var alerts: [Alert] = []
    public var retrainingTriggers: [Trigger] = []
    public var retrainingRuns: [RetrainingRun] = []
    public var deployments: [Deployment] = []
    public var costs: [Cost] = []
    public var abTests: [ABTest] = []
    public var cardSections: [String: CardSection] = [:]
    public var cardReview: Source?
    public var findings: [Finding] = []
    public var lineage = LineageSummary()

    /// Where a fact comes from: the entry's seq, time and actor.
    public struct Source: Codable, Hashable, Sendable {
        public var seq: Int
        public var time: String
        public var actor: String
    }

    public struct TierChange: Codable, Hashable, Sendable {
        public var from: Int
        public var to: Int
        public var reason: String
        public var source: Source
    }

    public struct Version: Codable, Hashable, Sendable {
        public var version: String
        public var baseline: String?
        public var bump: String
        public var registered: Source
        public var stage: String
        public var stageSince: String
        public var deployment: String?
        public var lineage: Lineage
        public var transitions: [Transition] = []
        public var validations: [Validation] = []
        public var biasTests: [BiasTest] = []
        public var explainability: Explainability?
    }

    public struct Lineage: Codable, Hashable, Sendable {
        public var datasetSHA256: String?
        public var featureSetVersion: String?
        public var artifactSHA256: String?
        public var sbomSHA256: String?
        public var imageDigest: String?
        public var gpuType: String?
        public var trainingHours: Double?
        public var trainingCostUSD: Double?
        /// The hyperparameters as canonical JSON text.
        public var hyperparameters: String?
        public var metrics: [String: Double] = [:]
    }

    public struct Transition: Codable, Hashable, Sendable {
        public var from: String
        public var to: String
        public var cause: String
        public var reason: String?
        public var request: Int?
        public var deployment: String?
        public var policyDigest: String
        public var source: Source
    }

    public struct Metric: Codable, Hashable, Sendable {
        public var name: String
        public var value: String
        public var passed: Bool
    }

    public struct Validation: Codable, Hashable, Sendable {
        public var suite: String
        public var passed: Bool
        public var metrics: [Metric]
        public var note: String?
        public var source: Source
    }

    public struct BiasTest: Codable, Hashable, Sendable {
        public var attribute: String
        public var reference: String
        public var groups: [String]
        public var passed: Bool
        public var verdict: [Metric]
        public var source: Source
    }

    public struct Explainability: Codable, Hashable, Sendable {
        public var method: String
        public var topFeatures: [String]
        public var passed: Bool
        public var source: Source
    }

    /// An approval request with its votes, sign-offs and decision: the board minutes.
    public struct Request: Codable, Hashable, Sendable {
        public var seq: Int
        public var version: String
        public var from: String
        public var to: String
        public var board: String?
        public var quorum: Int?
        public var signoffsRequired: [String]
        public var source: Source
        public var votes: [Vote] = []
        public var signoffs: [Signoff] = []
        public var decision: Decision?
    }

    public struct Vote: Codable, Hashable, Sendable {
        public var member: String
        public var decision: String
        public var rationale: String
        public var dissent: String?
        public var keyFingerprint: String
        public var source: Source
    }

    public struct Signoff: Codable, Hashable, Sendable {
        public var role: String
        public var note: String?
        public var source: Source
    }

    public struct Decision: Codable, Hashable, Sendable {
        public var outcome: String
        public var approve: Int
        public var reject: Int
        public var abstain: Int
        public var quorum: Int
        public var members: Int
        public var source: Source
    }

    /// Monitoring snapshots in brief: how many, the first and the latest.
    public struct SnapshotSummary: Codable, Hashable, Sendable {
        public var count = 0
        /// Snapshots that raised at least one alert.
        public var alerting = 0
        public var first: Source?
        public var latest: Snapshot?
    }

    public struct Snapshot: Codable, Hashable, Sendable {
        public var version: String
        public var window: String
        public var raised: [String]
        public var resolved: [String]
        /// The judged metrics: value, threshold and status.
        public var metrics: [SnapshotMetric] = []
        /// The measured performance of the window (accuracy, precision, recall, f1…) and the
        /// deployment baseline it is judged against.
        public var performance: [String: Double] = [:]
        public var baseline: [String: Double] = [:]
        public var source: Source
    }

    public struct SnapshotMetric: Codable, Hashable, Sendable {
        public var name: String
        public var value: Double
        public var threshold: Double
        public var status: String
    }

    public struct Alert: Codable, Hashable, Sendable {
        public var version: String
        public var metric: String
        public var value: Double
        public var threshold: Double
        public var severity: String
        public var window: String
        public var raised: Source
        public var resolved: Source?
        public var resolvedValue: Double?
    }

    public struct Trigger: Codable, Hashable, Sendable {
        public var version: String
        public var triggers: [String]
        public var window: String
        public var source: Source
    }

    public struct RetrainingRun: Codable, Hashable, Sendable {
        public var version: String?
        public var outcome: String
        public var reason: String?
        public var costUSD: Double
        public var durationHours: Double
        public var decision: String
        public var source: Source
    }

    public struct Deployment: Codable, Hashable, Sendable {
        public var seq: Int
        public var version: String
        public var strategy: String
        public var environment: String
        public var steps: [Double]
        public var step: Int
        public var reports: Int
        public var breaches: Int
        public var rolledBack: Source?
        public var source: Source
    }

    public struct Cost: Codable, Hashable, Sendable {
        public var period: String
        public var category: String
        public var amountUSD: Double
        public var onDemandUSD: Double?
        public var source: Source
    }

    public struct ABTest: Codable, Hashable, Sendable {
        public var version: String
        public var metric: String
        public var improvement: Double
        public var accepted: Bool
        public var source: Source
    }

    public struct CardSection: Codable, Hashable, Sendable {
        public var text: String
        public var version: String?
        public var source: Source
    }

    public struct Finding: Codable, Hashable, Sendable {
        public var area: String
        public var severity: String
        public var observation: String
        public var remediation: String
        public var owner: String
        public var due: String
        public var source: Source
        public var remediated: Source?
        public var remediationNote: String?
    }

    /// Prediction lineage in brief: batches and records committed.
    public struct LineageSummary: Codable, Hashable, Sendable {
        public var batches = 0
        public var records = 0
        public var first: String?
        public var last: String?
        public var lastBatch: Int?
    }

    /// The version record of `version`.
    public func version(_ version: String) -> Version? { versions.first { $0.version == version } }

    /// The version in production now, if any.
    public var productionVersion: Version? { versions.last { $0.stage == "production" } }

    /// The version a card describes: production, else the latest registered.
    public var cardVersion: Version? { productionVersion ?? versions.last }
}
