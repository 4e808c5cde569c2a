public import Hummingbird

/// Every route of the API: its method, its path (OpenAPI syntax, `{name}` for a parameter) and
/// the permission it needs (`nil`: public).
///
/// The router is built from this list, `openapi.json` is checked against it, and the role tests
/// walk it, so a route cannot exist without being documented and guarded. The MLflow-compatible
/// routes have their own list, ``MLflowEndpoint``, with MLflow's error format.
public enum APIEndpoint: String, CaseIterable, Sendable {
    case integrityPage, checkpoint, openAPI
    case entries, inclusionProof, consistencyProof, stats
    case registry, model, modelHistory
    case registerModel, registerVersion, recordValidation, transition, requestApproval, vote, signoff
    case lineageEvent, lineageBatch
    case recordBiasTest, recordSnapshot, recordABTest, recordExplainability, recordRetraining, recordCost
    case startDeployment, advanceDeployment, reportDeployment, rollbackDeployment
    case lineageIngest, lineageShow
    case retentionPlan, retentionApply, legalHolds, placeHold, releaseHold
    case modelCard, alerts, findings, recordFinding, auditReport, auditPack

    public var method: HTTPRequest.Method {
        switch self {
        case .integrityPage, .checkpoint, .openAPI, .entries, .inclusionProof, .consistencyProof, .stats, .registry, .model, .modelHistory,
            .modelCard, .alerts, .findings, .auditReport, .lineageShow, .retentionPlan, .legalHolds: .get
        default: .post
        }
    }

    public var path: String {
        switch self {
        case .integrityPage: "/"
        case .checkpoint: "/checkpoint"
        case .openAPI: "/openapi.json"
        case .entries: "/v1/entries"
        case .inclusionProof: "/v1/proof/inclusion"
        case .consistencyProof: "/v1/proof/consistency"
        case .stats: "/v1/stats"
        case .registry: "/v1/registry"
        case .model: "/v1/models/{name}"
        case .modelHistory: "/v1/models/{name}/history"
        case .registerModel: "/v1/models"
        case .registerVersion: "/v1/models/{name}/versions"
        case .recordValidation: "/v1/models/{name}/versions/{version}/validations"
        case .transition: "/v1/models/{name}/versions/{version}/transitions"
        case .requestApproval: "/v1/models/{name}/versions/{version}/approval-requests"
        case .vote: "/v1/models/{name}/versions/{version}/votes"
        case .signoff: "/v1/models/{name}/versions/{version}/signoffs"
        case .lineageEvent: "/api/v1/lineage"
        case .lineageBatch: "/api/v1/lineage/batch"
        case .recordBiasTest: "/v1/models/{name}/versions/{version}/bias-tests"
        case .recordSnapshot: "/v1/models/{name}/versions/{version}/monitoring-snapshots"
        case .recordABTest: "/v1/models/{name}/versions/{version}/ab-tests"
        case .recordExplainability: "/v1/models/{name}/versions/{version}/explanations"
        case .recordRetraining: "/v1/models/{name}/retraining-runs"
        case .recordCost: "/v1/models/{name}/costs"
        case .startDeployment: "/v1/models/{name}/deployments"
        case .advanceDeployment: "/v1/models/{name}/deployments/advance"
        case .reportDeployment: "/v1/models/{name}/deployments/report"
        case .rollbackDeployment: "/v1/models/{name}/deployments/rollback"
        case .lineageIngest: "/v1/lineage/batches"
        case .lineageShow: "/v1/lineage/{predictionId}"
        case .retentionPlan: "/v1/retention/plan"
        case .retentionApply: "/v1/retention/apply"
        case .legalHolds, .placeHold: "/v1/legal-holds"
        case .releaseHold: "/v1/legal-holds/release"
        case .modelCard: "/v1/models/{name}/card"
        case .alerts: "/v1/alerts"
        case .findings: "/v1/findings"
        case .recordFinding: "/v1/models/{name}/findings"
        case .auditReport: "/v1/audit-report"
        case .auditPack: "/v1/audit-packs"
        }
    }

    /// The permission the route needs; `nil` for the public routes.
    public var permission: APIPermission? {
        switch self {
        case .integrityPage, .checkpoint, .openAPI: nil
        case .entries, .inclusionProof, .consistencyProof, .stats, .lineageShow: .readLog
        case .registry, .model, .modelHistory, .modelCard, .alerts, .findings, .auditReport, .retentionPlan, .legalHolds: .readRegistry
        case .registerModel: .registerModel
        case .registerVersion: .registerVersion
        case .recordValidation: .recordValidation
        case .transition: .transition
        case .requestApproval: .requestApproval
        case .vote: .vote
        case .signoff: .signoff
        case .lineageEvent, .lineageBatch, .lineageIngest: .recordLineage
        case .retentionApply, .placeHold, .releaseHold: .manageRetention
        case .recordFinding: .recordFinding
        case .recordBiasTest, .recordSnapshot, .recordABTest, .recordExplainability, .recordRetraining, .recordCost: .recordEvidence
        case .startDeployment, .advanceDeployment, .reportDeployment, .rollbackDeployment: .deploy
        case .auditPack: .buildPack
        }
    }
}
