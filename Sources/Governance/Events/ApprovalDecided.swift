public import LedgerCore

/// `approval.decided`: a board's decision on an approval request, with the tally.
///
/// Stream `model/<slug>`. Appended by the ledger in the same batch as the deciding vote, right
/// after it: `approved` when the approving votes reach the quorum, `rejected` when approval has
/// become impossible (approvals plus members who have not voted stay below the quorum).
/// `members` is the board's size at the decision. The rule checker recomputes the tally.
///
/// ```json
/// {"board":"ml-review-board","members":5,"model":"fraud-detection-engine","outcome":"approved",
///  "policyDigest":"…","quorum":4,"request":41,"tally":{"abstain":0,"approve":4,"reject":1},"version":"3.2.1"}
/// ```
public struct ApprovalDecided: GovernancePayload {
    public static let eventType = EventType.approvalDecided

    public var model: ModelSlug
    public var version: SemanticVersion
    public var request: Int
    public var board: BoardName
    public var outcome: ApprovalOutcome
    public var tally: VoteTally
    public var quorum: Int
    /// Board members at the time of the decision.
    public var members: Int
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion, request: Int, board: BoardName, outcome: ApprovalOutcome, tally: VoteTally, quorum: Int, members: Int, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.request = request
        self.board = board
        self.outcome = outcome
        self.tally = tally
        self.quorum = quorum
        self.members = members
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        request = try fields.requestSeq()
        board = try fields.identifier("board", BoardName.self, "a board name")
        outcome = try fields.required("outcome", "approved or rejected") { $0.stringValue.flatMap(ApprovalOutcome.init(rawValue:)) }
        tally = try fields.required("tally", "{\"approve\": n, \"reject\": n, \"abstain\": n}") { value -> VoteTally? in
            guard let object = value.objectValue, object.count == 3, let approve = object["approve"]?.intValue,
                let reject = object["reject"]?.intValue, let abstain = object["abstain"]?.intValue,
                approve >= 0, reject >= 0, abstain >= 0
            else { return nil }
            return VoteTally(approve: approve, reject: reject, abstain: abstain)
        }
        quorum = try fields.int("quorum", in: 1...1_000)
        members = try fields.int("members", in: 0...1_000)
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        [
            "model": .string(model.rawValue), "version": .string(version.description), "request": .number(Double(request)),
            "board": .string(board.rawValue), "outcome": .string(outcome.rawValue), "tally": tally.json,
            "quorum": .number(Double(quorum)), "members": .number(Double(members)), "policyDigest": .string(policyDigest.hex),
        ]
    }
}
