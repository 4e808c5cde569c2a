public import LedgerCore

/// `board.member.removed`: a member leaves a review board; their key no longer counts.
///
/// Stream `board/<name>`. The principal must be a current member. Votes cast before the removal
/// stay valid.
///
/// ```json
/// {"board":"ml-review-board","member":"advisor@partner.example","policyDigest":"…","reason":"Term ended"}
/// ```
public struct MemberRemoved: GovernancePayload {
    public static let eventType = EventType.memberRemoved

    public var board: BoardName
    public var member: Principal
    public var reason: String?
    public var policyDigest: SHA256Digest

    public init(board: BoardName, member: Principal, reason: String?, policyDigest: SHA256Digest) {
        self.board = board
        self.member = member
        self.reason = reason
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        board = try fields.identifier("board", BoardName.self, "a board name such as ml-review-board")
        member = try fields.principal("member")
        reason = try fields.optionalString("reason")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "board": .string(board.rawValue), "member": .string(member.rawValue), "policyDigest": .string(policyDigest.hex),
        ]
        object["reason"] = reason.map { .string($0) }
        return object
    }
}
