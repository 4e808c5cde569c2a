public import LedgerCore

/// The count of a request's votes by decision.
public struct VoteTally: Hashable, Sendable, CustomStringConvertible {
    public var approve: Int
    public var reject: Int
    public var abstain: Int

    public init(approve: Int = 0, reject: Int = 0, abstain: Int = 0) {
        self.approve = approve
        self.reject = reject
        self.abstain = abstain
    }

    /// All votes cast.
    public var total: Int { approve + reject + abstain }

    /// Adds one vote.
    public mutating func add(_ decision: VoteDecision) {
        switch decision {
        case .approve: approve += 1
        case .reject: reject += 1
        case .abstain: abstain += 1
        }
    }

    /// The JSON form `{"approve", "reject", "abstain"}`.
    public var json: JSONValue {
        ["approve": .number(Double(approve)), "reject": .number(Double(reject)), "abstain": .number(Double(abstain))]
    }

    public var description: String { "\(approve) approve, \(reject) reject, \(abstain) abstain" }
}
