public import LedgerCore

/// `approval.signoff.recorded`: a principal holding a role signs off an approval request.
///
/// Stream `model/<slug>`. The entry's actor must hold `role` (`role.assigned` on `access/roles`,
/// not revoked), the role must be one the tier requires, each role signs once per request, and
/// the request must be active (not rejected, not yet used by its transition).
///
/// ```json
/// {"model":"fraud-detection-engine","note":"Adverse action notices reviewed","policyDigest":"…",
///  "request":41,"role":"legal","version":"3.2.1"}
/// ```
public struct SignoffRecorded: GovernancePayload {
    public static let eventType = EventType.signoffRecorded

    public var model: ModelSlug
    public var version: SemanticVersion
    /// The `seq` of the `approval.requested` entry.
    public var request: Int
    public var role: RoleName
    public var note: String?
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion, request: Int, role: RoleName, note: String?, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.request = request
        self.role = role
        self.note = note
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        request = try fields.requestSeq()
        role = try fields.identifier("role", RoleName.self, "a role name in snake case, such as compliance")
        note = try fields.optionalString("note")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "model": .string(model.rawValue), "version": .string(version.description), "request": .number(Double(request)),
            "role": .string(role.rawValue), "policyDigest": .string(policyDigest.hex),
        ]
        object["note"] = note.map { .string($0) }
        return object
    }
}
