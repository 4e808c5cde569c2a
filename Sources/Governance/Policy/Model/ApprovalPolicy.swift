import LedgerCore

/// Who must approve a promotion of a model of one tier.
///
/// Approval is complete when the board (if any) has decided to approve at quorum and a holder of
/// every role in ``signoffs`` has signed off.
public struct ApprovalPolicy: Hashable, Sendable {
    /// The approval authority as the seed words it, for people.
    public let authority: String
    /// The review board that votes, if the tier has one.
    public let board: BoardPolicy?
    /// The roles that must each sign off, in order of listing.
    public let signoffs: [RoleName]
    /// The expected review time in business days, for people and reminders.
    public let reviewBusinessDays: Int

    /// Reads `{authority, board?, signoffs, review_business_days}`.
    init?(decoding node: PolicyNode) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let authority = fields.required("authority") { $0.string() }
        let board = fields.optional("board") { BoardPolicy(decoding: $0) }
        let signoffs = fields.required("signoffs") { $0.uniqueList { $0.roleReference() } }
        let days = fields.required("review_business_days") { $0.int(in: 1...365) }
        guard let authority, let signoffs, let days else { return nil }
        if board == nil, signoffs.isEmpty {
            fields.node(of: "signoffs").report("nobody approves this tier; add a board or at least one sign-off role")
            return nil
        }
        self.authority = authority
        self.board = board
        self.signoffs = signoffs
        reviewBusinessDays = days
    }

    /// The canonical form, mirroring the YAML keys; `board` is left out when there is none.
    var canonicalJSON: JSONValue {
        var object: JSONObject = [
            "authority": .string(authority),
            "signoffs": .array(signoffs.map { .string($0.rawValue) }),
            "review_business_days": .number(Double(reviewBusinessDays)),
        ]
        object["board"] = board?.canonicalJSON
        return .object(object)
    }
}
