public import LedgerCore

/// `approval.vote.cast`: a board member's signed vote on an approval request.
///
/// Stream `model/<slug>`. The payload is the ``VoteBallot`` (`model`, `version`, `request`,
/// `board`, `member`, `decision`, `rationale`, `dissent`) plus `keyFingerprint` and `signature`
/// (standard base64 of the 64-byte Ed25519 signature over ``VoteBallot/signingBytes``). The
/// ledger refuses a vote whose actor is not `member`, whose member is not on the request's board,
/// whose fingerprint is not the member's appointed key, whose signature does not verify, by a
/// member who already voted on the request, or on a request already decided or used.
///
/// ```json
/// {"board":"ml-review-board","decision":"reject","dissent":"Synthetic-identity recall is too low",
///  "keyFingerprint":"…","member":"risk@bank.example","model":"fraud-detection-engine","policyDigest":"…",
///  "rationale":"Segment regression","request":41,"signature":"…","version":"3.2.1"}
/// ```
public struct VoteCast: GovernancePayload {
    public static let eventType = EventType.voteCast

    public var ballot: VoteBallot
    /// The fingerprint of the key that signed (``Ed25519PublicKey/fingerprint``).
    public var keyFingerprint: SHA256Digest
    /// The 64-byte Ed25519 signature.
    public var signature: [UInt8]
    public var policyDigest: SHA256Digest

    public init(ballot: VoteBallot, keyFingerprint: SHA256Digest, signature: [UInt8], policyDigest: SHA256Digest) {
        self.ballot = ballot
        self.keyFingerprint = keyFingerprint
        self.signature = signature
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        let model = try fields.model()
        let version = try fields.version()
        let request = try fields.requestSeq()
        let board = try fields.identifier("board", BoardName.self, "a board name")
        let member = try fields.principal("member")
        let decision = try fields.required("decision", "approve, reject or abstain") { $0.stringValue.flatMap(VoteDecision.init(rawValue:)) }
        let rationale = try fields.string("rationale")
        let dissent = try fields.optionalString("dissent")
        ballot = VoteBallot(model: model, version: version, request: request, board: board, member: member, decision: decision, rationale: rationale, dissent: dissent)
        keyFingerprint = try fields.digest("keyFingerprint")
        signature = try fields.required("signature", "the 64-byte Ed25519 signature in standard base64") { value -> [UInt8]? in
            guard let bytes = value.stringValue.flatMap(Base64.decode), bytes.count == 64 else { return nil }
            return bytes
        }
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object = ballot.json
        object["keyFingerprint"] = .string(keyFingerprint.hex)
        object["signature"] = .string(Base64.encode(signature))
        object["policyDigest"] = .string(policyDigest.hex)
        return object
    }
}
