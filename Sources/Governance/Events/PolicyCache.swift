import LedgerCore
import Synchronization

/// Remembers the policies already read from `policy.adopted` entries, so that rebuilding a
/// registry state for every command does not parse the same policy again.
///
/// A cached policy is reused only when the embedded document's own RFC 8785 bytes hash to the
/// recorded digest, that is when the document is byte for byte the one read before; anything
/// else is loaded and checked in full.
///
/// ```swift
/// let cache = PolicyCache()
/// try state.apply(entry, policies: cache)
/// ```
public final class PolicyCache: Sendable {
    private let policies = Mutex<[SHA256Digest: Policy]>([:])
    /// Adoptions already read, by SHA-256 of their stored canonical payload bytes.
    private let adoptions = Mutex<[SHA256Digest: PolicyAdopted]>([:])

    public init() {}

    /// The adoption whose stored payload is exactly `bytes`, if it was read before.
    func adoption(payloadBytes bytes: [UInt8]) -> PolicyAdopted? {
        let key = SHA256.hash(bytes)
        return adoptions.withLock { $0[key] }
    }

    func store(_ adoption: PolicyAdopted, payloadBytes bytes: [UInt8]) {
        let key = SHA256.hash(bytes)
        adoptions.withLock { $0[key] = adoption }
    }

    /// The cached policy of `digest`, if `document` is exactly its canonical form.
    func policy(digest: SHA256Digest, document: JSONObject) -> Policy? {
        guard let cached = policies.withLock({ $0[digest] }) else { return nil }
        return SHA256.hash(JSONValue.object(document).canonicalBytes()) == digest ? cached : nil
    }

    func store(_ policy: Policy, digest: SHA256Digest) {
        policies.withLock { $0[digest] = policy }
    }
}
