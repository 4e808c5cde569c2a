public import LedgerCore

/// Who a request was authenticated as: the principal of its token and the token's role.
public struct APIIdentity: Hashable, Sendable {
    /// The actor of every entry the request writes.
    public let principal: Principal
    public let role: APIRole

    public init(principal: Principal, role: APIRole) {
        self.principal = principal
        self.role = role
    }
}
