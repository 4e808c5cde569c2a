/// A board member's vote on an approval request.
public enum VoteDecision: String, Hashable, Sendable, CaseIterable {
    /// For the promotion.
    case approve
    /// Against the promotion.
    case reject
    /// Neither; counts toward neither side.
    case abstain
}

/// The outcome of an approval request that a board decided.
public enum ApprovalOutcome: String, Hashable, Sendable, CaseIterable {
    /// The approving votes reached the quorum.
    case approved
    /// Approval became impossible: too few members are left to reach the quorum.
    case rejected
}

/// Why a version changed stage.
public enum TransitionCause: String, Hashable, Sendable, CaseIterable {
    /// A transition someone asked for, allowed by `lifecycle.transitions` and its guards.
    case transition
    /// The production version leaving production because another version was promoted; it is
    /// recorded in the same batch, right after the promotion.
    case supersession
    /// Either half of a rollback: the production version leaves production, then the previous
    /// production version returns, in one batch.
    case rollback
}
