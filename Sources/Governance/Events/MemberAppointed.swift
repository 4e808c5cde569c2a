public import LedgerCore

/// `board.member.appointed`: a principal joins a review board with an Ed25519 public key.
///
/// Stream `board/<name>`. The board must be one the policy in force defines
/// (`tiers[n].approval.board`), it must have a free seat (at most `size` members), the member
/// must not already sit on it, and the key must be a valid Ed25519 public key no other member
/// of the board uses. `seat`, when given, must be one of the board's seats and free. Only the
/// public key enters the ledger.
///
/// ```json
/// {"board":"ml-review-board","keyFingerprint":"…","member":"cto@bank.example","policyDigest":"…",
///  "publicKey":"base64 of 32 bytes","seat":"CTO"}
/// ```
public struct MemberAppointed: GovernancePayload {
    public static let eventType = EventType.memberAppointed

    public var board: BoardName
    public var member: Principal
    public var publicKey: Ed25519PublicKey
    /// The seat, such as "CTO", if the board names seats.
    public var seat: String?
    public var policyDigest: SHA256Digest

    public init(board: BoardName, member: Principal, publicKey: Ed25519PublicKey, seat: String?, policyDigest: SHA256Digest) {
        self.board = board
        self.member = member
        self.publicKey = publicKey
        self.seat = seat
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        board = try fields.identifier("board", BoardName.self, "a board name such as ml-review-board")
        member = try fields.principal("member")
        publicKey = try fields.required("publicKey", "a 32-byte Ed25519 public key in standard base64") { value in
            value.stringValue.flatMap(Base64.decode).flatMap { try? Ed25519PublicKey(rawRepresentation: $0) }
        }
        let fingerprint = try fields.digest("keyFingerprint")
        seat = try fields.optionalString("seat")
        policyDigest = try fields.policyDigest()
        try fields.finish()
        guard fingerprint == publicKey.fingerprint else {
            throw fields.problem("keyFingerprint", "must be the SHA-256 of publicKey's 32 bytes, \(publicKey.fingerprint.hex)")
        }
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "board": .string(board.rawValue), "member": .string(member.rawValue),
            "publicKey": .string(Base64.encode(publicKey.rawRepresentation)), "keyFingerprint": .string(publicKey.fingerprint.hex),
            "policyDigest": .string(policyDigest.hex),
        ]
        object["seat"] = seat.map { .string($0) }
        return object
    }
}
