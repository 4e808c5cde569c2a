public import LedgerCore

/// An approval request and everything recorded on it: votes, sign-offs, the board's decision
/// and the transition that used it.
public struct ApprovalRequest: Hashable, Sendable {
    /// Where a request stands.
    public enum Status: String, Hashable, Sendable {
        /// Accepting votes (if the tier has a board) and sign-offs.
        case open
        /// The board approved at quorum; sign-offs may still be recorded.
        case approved
        /// The board rejected it; closed.
        case rejected
        /// A transition used it; closed.
        case used
    }

    /// One member's vote.
    public struct Vote: Hashable, Sendable {
        public let member: Principal
        public let decision: VoteDecision
        public let rationale: String
        public let dissent: String?
        public let time: Timestamp
        public let seq: Int?
    }

    /// One role's sign-off.
    public struct Signoff: Hashable, Sendable {
        public let role: RoleName
        public let principal: Principal
        public let note: String?
        public let time: Timestamp
        public let seq: Int?
    }

    /// The board's decision.
    public struct Decision: Hashable, Sendable {
        public let outcome: ApprovalOutcome
        public let tally: VoteTally
        public let quorum: Int
        public let members: Int
        public let time: Timestamp
        public let seq: Int?
    }

    /// The `seq` of the `approval.requested` entry (`-1` while it is only a draft).
    public let seq: Int
    public let version: SemanticVersion
    public let from: LifecycleStage
    public let to: LifecycleStage
    public let board: BoardName?
    public let quorum: Int?
    public let signoffRoles: [RoleName]
    public let requestedBy: Principal
    public let openedAt: Timestamp
    public internal(set) var votes: [Vote] = []
    public internal(set) var signoffs: [Signoff] = []
    public internal(set) var decision: Decision?
    /// The `seq` of the transition that used the request (`-1` for a draft), if any.
    public internal(set) var usedBy: Int?

    /// Where the request stands.
    public var status: Status {
        if usedBy != nil { return .used }
        switch decision?.outcome {
        case .approved?: return .approved
        case .rejected?: return .rejected
        case nil: return .open
        }
    }

    /// Whether it still counts: open, or approved and not yet used.
    public var isActive: Bool { status == .open || status == .approved }

    /// The votes counted by decision.
    public var tally: VoteTally {
        var tally = VoteTally()
        for vote in votes { tally.add(vote.decision) }
        return tally
    }

    /// The vote of `member`, if cast.
    public func vote(by member: Principal) -> Vote? { votes.first { $0.member == member } }

    /// The sign-off of `role`, if recorded.
    public func signoff(for role: RoleName) -> Signoff? { signoffs.first { $0.role == role } }
}

extension ApprovalRequest {
    /// The decision the votes force, if any, given the board's current members.
    ///
    /// `approved` when approving votes reach the quorum; `rejected` when even if every member
    /// who has not voted approved, the quorum could not be reached; `nil` otherwise (and for a
    /// request without a board).
    public func forcedOutcome(boardMembers: [Principal]) -> ApprovalOutcome? {
        guard let quorum else { return nil }
        let tally = self.tally
        if tally.approve >= quorum { return .approved }
        let voters = Set(votes.map(\.member))
        let remaining = boardMembers.filter { !voters.contains($0) }.count
        return tally.approve + remaining < quorum ? .rejected : nil
    }
}
