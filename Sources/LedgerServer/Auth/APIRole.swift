/// The roles an API token is created with. Each grants a fixed set of ``APIPermission``s; the
/// matrix is documented in `docs/api.md` and walked route by route in the tests.
///
/// A role only opens routes: the governance rules still decide every append (a `board-member`
/// votes only on boards they sit on, a sign-off needs the governance role recorded in the ledger).
public enum APIRole: String, CaseIterable, Sendable {
    case admin
    case dataScientist = "data-scientist"
    case mlEngineer = "ml-engineer"
    case boardMember = "board-member"
    case complianceOfficer = "compliance-officer"
    case auditor
    case regulator

    /// What the role may do.
    public var permissions: Set<APIPermission> {
        switch self {
        case .admin: Set(APIPermission.allCases)
        case .dataScientist: [.readLog, .readRegistry, .registerModel, .registerVersion, .recordValidation, .requestApproval, .recordLineage, .recordEvidence]
        case .mlEngineer: [.readLog, .readRegistry, .registerVersion, .recordValidation, .transition, .requestApproval, .recordLineage, .recordEvidence, .deploy]
        case .boardMember: [.readLog, .readRegistry, .vote, .signoff]
        case .complianceOfficer: [.readLog, .readRegistry, .signoff, .recordFinding, .buildPack, .manageRetention]
        case .auditor: [.readLog, .readRegistry, .recordFinding, .buildPack]
        case .regulator: [.readLog, .buildPack]
        }
    }

    /// Whether the role may use an endpoint that needs `permission` (`nil`: public).
    public func allows(_ permission: APIPermission?) -> Bool {
        permission.map { permissions.contains($0) } ?? true
    }
}

/// One right a route needs.
public enum APIPermission: String, CaseIterable, Sendable {
    /// Entries, proofs, checkpoints, statistics: the log as a transparency log.
    case readLog = "read-log"
    /// The registry, models and their histories.
    case readRegistry = "read-registry"
    case registerModel = "register-model"
    case registerVersion = "register-version"
    case recordValidation = "record-validation"
    case transition
    case requestApproval = "request-approval"
    case vote
    case signoff
    /// OpenLineage events from pipelines (`/api/v1/lineage`).
    case recordLineage = "record-lineage"
    /// Evidence from pipelines: bias tests, monitoring snapshots, A/B tests, explanations,
    /// retraining runs, costs.
    case recordEvidence = "record-evidence"
    /// Rollouts: start, advance, report, roll back.
    case deploy
    /// Retention purges and legal holds.
    case manageRetention = "manage-retention"
    /// Audit findings and their remediation.
    case recordFinding = "record-finding"
    /// Audit packs of a model and a period (signed with the server's key; they write no entry).
    case buildPack = "build-pack"
}
