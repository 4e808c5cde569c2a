public import LedgerCore

/// A review board's current members.
public struct BoardRecord: Hashable, Sendable {
    /// One member.
    public struct Member: Hashable, Sendable {
        public let principal: Principal
        public let publicKey: Ed25519PublicKey
        public let seat: String?
        public let appointedAt: Timestamp
    }

    public let name: BoardName
    /// The members in order of appointment.
    public internal(set) var members: [Member] = []

    /// The member `principal`, if they sit on the board.
    public func member(_ principal: Principal) -> Member? { members.first { $0.principal == principal } }
}
