public import LedgerCore

/// What a board member signs when voting: the vote's content, bound to one request.
///
/// The signed bytes are version 1 of the vote format:
///
/// ```
/// "govledger-vote/v1\n" || JCS(ballot)
/// ```
///
/// that is the 17 UTF-8 bytes `govledger-vote/v1` and a line feed (0x0A), followed by the
/// RFC 8785 canonical form of the object
///
/// | key | value |
/// | --- | --- |
/// | `board` | the board name, such as `ml-review-board` |
/// | `decision` | `approve`, `reject` or `abstain` |
/// | `dissent` | the dissenting opinion; the key is left out when there is none |
/// | `member` | the voter's principal, which is also the entry's actor |
/// | `model` | the model slug |
/// | `rationale` | the reasons for the vote |
/// | `request` | the `seq` of the `approval.requested` entry, a JSON integer |
/// | `version` | the version, `MAJOR.MINOR.PATCH` |
///
/// The signature is pure Ed25519 (RFC 8032, no pre-hashing) over those bytes with the member's
/// private key, whose public key was recorded by `board.member.appointed`. The first line is a
/// domain separator: no other govledger signature starts with it, and a future incompatible
/// format will use another first line. Worked example (`docs/governance.md`):
///
/// ```
/// govledger-vote/v1
/// {"board":"ml-review-board","decision":"approve","member":"cto@bank.example","model":"fraud-detection-engine","rationale":"Meets every gate","request":41,"version":"3.2.1"}
/// ```
///
/// (the two lines joined by one line feed, no trailing newline).
public struct VoteBallot: Hashable, Sendable {
    /// The domain separator that starts the signed bytes.
    public static let domain = "govledger-vote/v1\n"

    public var model: ModelSlug
    public var version: SemanticVersion
    /// The `seq` of the `approval.requested` entry.
    public var request: Int
    public var board: BoardName
    public var member: Principal
    public var decision: VoteDecision
    public var rationale: String
    public var dissent: String?

    public init(model: ModelSlug, version: SemanticVersion, request: Int, board: BoardName, member: Principal, decision: VoteDecision, rationale: String, dissent: String?) {
        self.model = model
        self.version = version
        self.request = request
        self.board = board
        self.member = member
        self.decision = decision
        self.rationale = rationale
        self.dissent = dissent
    }

    /// The ballot object that is canonicalized and signed.
    public var json: JSONObject {
        var object: JSONObject = [
            "board": .string(board.rawValue), "decision": .string(decision.rawValue), "member": .string(member.rawValue),
            "model": .string(model.rawValue), "rationale": .string(rationale), "request": .number(Double(request)),
            "version": .string(version.description),
        ]
        object["dissent"] = dissent.map { .string($0) }
        return object
    }

    /// The exact bytes signed: ``domain`` followed by the RFC 8785 form of ``json``.
    public var signingBytes: [UInt8] {
        Array(Self.domain.utf8) + JSONValue.object(json).canonicalBytes()
    }

    /// Signs the ballot with a member's private key (locally: the key never enters the ledger).
    public func sign(with key: Ed25519PrivateKey) throws(LedgerError) -> [UInt8] {
        try key.sign(signingBytes)
    }

    /// Whether `signature` is a valid signature of this ballot by `key`.
    public func isSigned(by key: Ed25519PublicKey, signature: [UInt8]) -> Bool {
        key.isValidSignature(signature, for: signingBytes)
    }
}

extension Ed25519PublicKey {
    /// The key's fingerprint: SHA-256 of its 32 raw bytes, as 64 lowercase hex characters in
    /// payloads. Votes name the key they were signed with by this fingerprint.
    public var fingerprint: SHA256Digest { SHA256.hash(rawRepresentation) }
}
