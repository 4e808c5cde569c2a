public import LedgerCore

/// `policy.adopted`: the policy that governs decisions from this entry on.
///
/// Stream `policy/<name>`; built by ``PolicyAdoption/draft(policy:actor:expectedVersion:)``.
/// Reading it loads the embedded canonical policy with the same strict loader as a YAML file
/// and checks that its recomputed digest equals `digest` and its name and version match.
public struct PolicyAdopted: GovernancePayload {
    public static let eventType = EventType.policyAdopted

    /// The adopted policy.
    public var policy: Policy
    /// Its digest, as recorded (and checked against the policy on reading).
    public var digest: SHA256Digest

    /// Adopts `policy`.
    public init(policy: Policy) {
        self.policy = policy
        self.digest = policy.digest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        try self.init(payload: payload, cache: nil)
    }

    /// Reads a stored payload, reusing a policy `cache` already holds.
    public init(payload: JSONObject, cache: PolicyCache?) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        let name = try fields.identifier("name", PolicyName.self, "the policy name")
        let version = try fields.string("version")
        let digest = try fields.digest("digest")
        let document = try fields.required("policy", "the policy's canonical JSON object") { $0.objectValue }
        try fields.finish()
        if let cached = cache?.policy(digest: digest, document: document), cached.name == name, cached.version == version {
            self.policy = cached
            self.digest = digest
            return
        }
        let text = String(decoding: JSONValue.object(document).canonicalBytes(), as: UTF8.self)
        let policy: Policy
        do {
            policy = try PolicyLoader.load(yaml: text)
        } catch {
            throw fields.problem("policy", "is not a valid policy: \(error.message)")
        }
        guard policy.digest == digest else {
            throw fields.problem("digest", "does not match the embedded policy, whose digest is \(policy.digest.hex)")
        }
        guard policy.name == name, policy.version == version else {
            throw fields.problem("name", "and version must be those of the embedded policy (\(policy.name) \(policy.version))")
        }
        self.policy = policy
        self.digest = digest
        cache?.store(policy, digest: digest)
    }

    public var payload: JSONObject {
        PolicyAdoption.payload(for: policy)
    }
}
