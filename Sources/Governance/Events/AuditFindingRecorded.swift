public import LedgerCore

/// `audit.finding.recorded`: an observation of a model audit, in one of the seven audit areas of
/// the default policy's audit programme, with its severity, the remediation asked for, who owns
/// it and by when. The finding is known by the seq of this entry.
public struct AuditFindingRecorded: GovernancePayload {
    public static let eventType = EventType.auditFindingRecorded

    public var model: ModelSlug
    public var area: AuditArea
    public var severity: Severity
    public var observation: String
    public var remediation: String
    /// Who must remediate.
    public var owner: Principal
    /// The day by which it must be remediated (`YYYY-MM-DD`).
    public var due: String
    public var policyDigest: SHA256Digest

    /// How serious a finding is.
    public enum Severity: String, Hashable, Sendable, CaseIterable, Codable, Comparable {
        case informational, low, medium, high, critical

        public static func < (lhs: Self, rhs: Self) -> Bool {
            allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
        }
    }

    public init(
        model: ModelSlug, area: AuditArea, severity: Severity, observation: String, remediation: String, owner: Principal, due: String,
        policyDigest: SHA256Digest
    ) {
        self.model = model
        self.area = area
        self.severity = severity
        self.observation = observation
        self.remediation = remediation
        self.owner = owner
        self.due = due
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        area = try fields.required("area", "one of " + AuditArea.allCases.map(\.rawValue).joined(separator: ", ")) {
            $0.stringValue.flatMap(AuditArea.init(rawValue:))
        }
        severity = try fields.required("severity", "one of " + Severity.allCases.map(\.rawValue).joined(separator: ", ")) {
            $0.stringValue.flatMap(Severity.init(rawValue:))
        }
        observation = try fields.string("observation")
        remediation = try fields.string("remediation")
        owner = try fields.principal("owner")
        due = try fields.required("due", "a date YYYY-MM-DD") { $0.stringValue.flatMap { Self.isDate($0) ? $0 : nil } }
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        [
            "model": .string(model.rawValue), "area": .string(area.rawValue), "severity": .string(severity.rawValue),
            "observation": .string(observation), "remediation": .string(remediation), "owner": .string(owner.rawValue),
            "due": .string(due), "policyDigest": .string(policyDigest.hex),
        ]
    }

    /// Whether `text` is a calendar date `YYYY-MM-DD`.
    public static func isDate(_ text: String) -> Bool {
        text.count == 10 && Timestamp(dateOrTimestamp: text) != nil
    }
}

/// The seven areas of the default policy's annual model audit programme.
public enum AuditArea: String, Hashable, Sendable, CaseIterable, Codable {
    /// Model performance: actual against stated metrics.
    case performance
    /// Data quality and provenance.
    case data
    /// Bias and fairness.
    case fairness
    /// Monitoring effectiveness: alert response and resolution times.
    case monitoring
    /// Governance compliance: approvals, documentation, audit trail.
    case governance
    /// Security: model artifact integrity, access controls.
    case security
    /// Business value: cost against benefit.
    case businessValue = "business-value"

    /// The area's heading in an audit report.
    public var title: String {
        switch self {
        case .performance: "Model performance (actual vs. stated)"
        case .data: "Data quality and provenance"
        case .fairness: "Bias and fairness"
        case .monitoring: "Monitoring effectiveness"
        case .governance: "Governance compliance"
        case .security: "Security"
        case .businessValue: "Business value"
        }
    }
}
