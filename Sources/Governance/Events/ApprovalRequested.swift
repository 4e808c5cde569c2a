public import LedgerCore

/// `approval.requested`: opens a decision on moving one version to a target stage.
///
/// Stream `model/<slug>`. The target must be the end of a lifecycle transition from the
/// version's current stage that carries the `approvals` guard (by default staging → approved),
/// and the version may have only one active request. The payload records what the tier requires
/// at the time of the request: the board and its quorum (absent for tiers without a board) and
/// the sign-off roles. Votes and sign-offs name the request by the `seq` of this entry.
///
/// ```json
/// {"board":"ml-review-board","from":"staging","model":"fraud-detection-engine","policyDigest":"…",
///  "quorum":4,"signoffs":["compliance","legal","business_owner"],"to":"approved","version":"3.2.1"}
/// ```
public struct ApprovalRequested: GovernancePayload {
    public static let eventType = EventType.approvalRequested

    public var model: ModelSlug
    public var version: SemanticVersion
    /// The version's stage when the request was opened.
    public var from: LifecycleStage
    /// The stage the approval is for.
    public var to: LifecycleStage
    /// The board that votes, if the tier has one.
    public var board: BoardName?
    /// The approving votes needed, if the tier has a board.
    public var quorum: Int?
    /// The roles that must each sign off.
    public var signoffs: [RoleName]
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion, from: LifecycleStage, to: LifecycleStage, board: BoardName?, quorum: Int?, signoffs: [RoleName], policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.from = from
        self.to = to
        self.board = board
        self.quorum = quorum
        self.signoffs = signoffs
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        from = try fields.stage("from")
        to = try fields.stage("to")
        board = try fields.optionalIdentifier("board", BoardName.self, "a board name such as ml-review-board")
        quorum = try fields.optionalInt("quorum", in: 1...1_000)
        signoffs = try fields.required("signoffs", "a list of role names") { value -> [RoleName]? in
            guard let array = value.arrayValue else { return nil }
            let roles = array.compactMap { $0.stringValue.flatMap(RoleName.init(rawValue:)) }
            return roles.count == array.count ? roles : nil
        }
        policyDigest = try fields.policyDigest()
        try fields.finish()
        if (board == nil) != (quorum == nil) {
            throw fields.problem("quorum", "goes with board: both are present (a tier with a board) or both absent")
        }
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "model": .string(model.rawValue), "version": .string(version.description), "from": .string(from.rawValue),
            "to": .string(to.rawValue), "signoffs": .array(signoffs.map { .string($0.rawValue) }),
            "policyDigest": .string(policyDigest.hex),
        ]
        object["board"] = board.map { .string($0.rawValue) }
        object["quorum"] = quorum.map { .number(Double($0)) }
        return object
    }
}
