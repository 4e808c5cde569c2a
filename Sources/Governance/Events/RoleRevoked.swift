public import LedgerCore

/// `role.revoked`: a principal loses a role.
///
/// Stream `access/roles`. The principal must hold the role. Sign-offs recorded before stay valid.
///
/// ```json
/// {"policyDigest":"…","principal":"cco@bank.example","reason":"Left the company","role":"compliance"}
/// ```
public struct RoleRevoked: GovernancePayload {
    public static let eventType = EventType.roleRevoked

    public var principal: Principal
    public var role: RoleName
    public var reason: String?
    public var policyDigest: SHA256Digest

    public init(principal: Principal, role: RoleName, reason: String?, policyDigest: SHA256Digest) {
        self.principal = principal
        self.role = role
        self.reason = reason
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        principal = try fields.principal("principal")
        role = try fields.identifier("role", RoleName.self, "a role name in snake case, such as compliance")
        reason = try fields.optionalString("reason")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "principal": .string(principal.rawValue), "role": .string(role.rawValue), "policyDigest": .string(policyDigest.hex),
        ]
        object["reason"] = reason.map { .string($0) }
        return object
    }
}
