public import LedgerCore

/// Builds the ledger entry that adopts a policy.
///
/// A `policy.adopted` entry on stream `policy/<name>` records which policy governs decisions
/// from then on. Its payload:
///
/// | key | value |
/// | --- | --- |
/// | `name` | the policy name |
/// | `version` | the author's version label |
/// | `digest` | ``Policy/digest`` as 64 lowercase hex characters |
/// | `policy` | ``Policy/canonicalJSON``, the full policy |
///
/// Anyone can recompute the digest from the `policy` object (SHA-256 of its RFC 8785 bytes) and
/// compare it with `digest` and with the digest every decision names. The entry's retention is
/// the longest class the policy names, since every tier's decisions refer to it.
///
/// ```swift
/// let draft = PolicyAdoption.draft(policy: policy, actor: Principal("cco@bank.example")!)
/// try await store.append([draft])
/// ```
public enum PolicyAdoption {
    /// The event type of an adoption.
    public static let eventType: EventType = {
        guard let type = EventType(rawValue: "policy.adopted") else { preconditionFailure("bad event type literal") }
        return type
    }()

    /// The stream of a policy's adoptions: `policy/<name>`.
    public static func stream(for name: PolicyName) -> StreamName {
        // A policy name is a valid stream segment by construction (see ``PolicyName``).
        guard let stream = StreamName(rawValue: "policy/\(name.rawValue)") else {
            preconditionFailure("policy name '\(name)' is not a stream segment")
        }
        return stream
    }

    /// The entry that adopts `policy`, caused by `actor`.
    ///
    /// - Parameters:
    ///   - policy: the validated policy.
    ///   - actor: the principal adopting it.
    ///   - expectedVersion: the `policy/<name>` stream version last seen, for optimistic
    ///     concurrency; `nil` skips the check.
    /// - Returns: a draft for the store to append.
    public static func draft(policy: Policy, actor: Principal, expectedVersion: Int? = nil) -> EntryDraft {
        EntryDraft(
            stream: stream(for: policy.name), type: eventType, actor: actor, retention: policy.longestRetention,
            payload: payload(for: policy), expectedVersion: expectedVersion)
    }

    /// The payload of the entry that adopts `policy`: `{name, version, digest, policy}`.
    public static func payload(for policy: Policy) -> JSONObject {
        [
            "name": .string(policy.name.rawValue),
            "version": .string(policy.version),
            "digest": .string(policy.digest.hex),
            "policy": policy.canonicalJSON,
        ]
    }
}
