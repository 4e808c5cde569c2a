public import LedgerCore

/// `role.assigned`: a principal is given a role whose holders may sign off.
///
/// Stream `access/roles`. The role must be defined in the policy's `roles`, and the principal
/// must not already hold it.
///
/// ```json
/// {"policyDigest":"…","principal":"cco@bank.example","role":"compliance"}
/// ```
public struct RoleAssigned: GovernancePayload {
    public static let eventType = EventType.roleAssigned

    public var principal: Principal
    public var role: RoleName
    public var policyDigest: SHA256Digest

    public init(principal: Principal, role: RoleName, policyDigest: SHA256Digest) {
        self.principal = principal
        self.role = role
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        principal = try fields.principal("principal")
        role = try fields.identifier("role", RoleName.self, "a role name in snake case, such as compliance")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        ["principal": .string(principal.rawValue), "role": .string(role.rawValue), "policyDigest": .string(policyDigest.hex)]
    }
}
