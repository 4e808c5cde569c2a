/// A name defined or referenced by a policy document: a suite, metric, role, stage, board or the
/// policy itself. Each kind is its own type so that a role can never be passed where a suite is
/// expected.
///
/// Two spellings exist:
/// - snake case (``SuiteName``, ``MetricName``, ``RoleName``, ``LifecycleStage``): `a-z` first,
///   then `a-z`, `0-9` or `_`, at most 64 bytes, such as `data_quality`;
/// - slug (``PolicyName``, ``BoardName``), usable as a stream name segment: `a-z` or `0-9`
///   first, then `a-z`, `0-9`, `.`, `_` or `-`, at most 64 bytes, such as `ml-review-board`.
public protocol PolicyIdentifier: RawRepresentable, Hashable, Comparable, Sendable,
    CustomStringConvertible, LosslessStringConvertible where RawValue == String
{
    /// How names of this kind are spelled.
    static var spelling: IdentifierSpelling { get }
}

/// The two spellings of policy names.
public enum IdentifierSpelling: Sendable {
    /// `a-z` first, then `a-z`, `0-9` or `_`, at most 64 bytes: `data_quality`.
    case snakeCase
    /// `a-z` or `0-9` first, then `a-z`, `0-9`, `.`, `_` or `-`, at most 64 bytes: `ml-review-board`.
    case slug

    /// Whether `text` is spelled this way.
    public func isValid(_ text: String) -> Bool {
        switch self {
        case .snakeCase: Self.isSnakeCase(text)
        case .slug: Self.isSlug(text)
        }
    }

    /// The rule, for messages.
    var rule: String {
        switch self {
        case .snakeCase: "use snake case: a-z first, then a-z, 0-9 or '_', at most 64 bytes"
        case .slug: "use a-z or 0-9 first, then a-z, 0-9, '.', '_' or '-', at most 64 bytes"
        }
    }

    static func isSnakeCase(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.count <= 64, (0x61...0x7A).contains(first) else { return false }
        return bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "_") }
    }

    static func isSlug(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, bytes.count <= 64 else { return false }
        func lowerOrDigit(_ byte: UInt8) -> Bool { (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) }
        return lowerOrDigit(first) && bytes.allSatisfy {
            lowerOrDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }
}

extension PolicyIdentifier {
    public init?(_ description: String) { self.init(rawValue: description) }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The name of a validation suite, such as `data_quality` (snake case).
public struct SuiteName: PolicyIdentifier {
    /// The name as written.
    public let rawValue: String
    /// Validates the spelling; `nil` when it breaks the rule of ``spelling``.
    public init?(rawValue: String) {
        guard Self.spelling.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }
    /// Snake case.
    public static let spelling = IdentifierSpelling.snakeCase
}

/// The name of a measured metric within a suite, such as `latency_p95_ms` (snake case).
public struct MetricName: PolicyIdentifier {
    /// The name as written.
    public let rawValue: String
    /// Validates the spelling; `nil` when it breaks the rule of ``spelling``.
    public init?(rawValue: String) {
        guard Self.spelling.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }
    /// Snake case.
    public static let spelling = IdentifierSpelling.snakeCase
}

/// A role whose holders sign off promotions, such as `compliance` (snake case).
public struct RoleName: PolicyIdentifier {
    /// The name as written.
    public let rawValue: String
    /// Validates the spelling; `nil` when it breaks the rule of ``spelling``.
    public init?(rawValue: String) {
        guard Self.spelling.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }
    /// Snake case.
    public static let spelling = IdentifierSpelling.snakeCase
}

/// A lifecycle stage of a model version, such as `production` (snake case).
public struct LifecycleStage: PolicyIdentifier {
    /// The name as written.
    public let rawValue: String
    /// Validates the spelling; `nil` when it breaks the rule of ``spelling``.
    public init?(rawValue: String) {
        guard Self.spelling.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }
    /// Snake case.
    public static let spelling = IdentifierSpelling.snakeCase

    static func known(_ rawValue: String) -> LifecycleStage {
        guard let stage = LifecycleStage(rawValue: rawValue) else { preconditionFailure("bad stage literal \(rawValue)") }
        return stage
    }

    /// Where every version starts.
    public static let development = known("development")
    /// Under validation.
    public static let staging = known("staging")
    /// Validated and approved, not yet serving.
    public static let approved = known("approved")
    /// Serving.
    public static let production = known("production")
    /// Superseded or withdrawn; kept for rollback until archived.
    public static let deprecated = known("deprecated")
    /// Retired for good.
    public static let archived = known("archived")
    /// The stages the registry rules rely on; every policy defines them.
    public static let required: [LifecycleStage] = [.development, .staging, .approved, .production, .deprecated, .archived]
}

/// The name of a policy, used in its stream `policy/<name>` (slug).
public struct PolicyName: PolicyIdentifier {
    /// The name as written.
    public let rawValue: String
    /// Validates the spelling; `nil` when it breaks the rule of ``spelling``.
    public init?(rawValue: String) {
        guard Self.spelling.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }
    /// Slug, usable in a stream name.
    public static let spelling = IdentifierSpelling.slug
}

/// The name of a review board, used in its stream `board/<name>` (slug).
public struct BoardName: PolicyIdentifier {
    /// The name as written.
    public let rawValue: String
    /// Validates the spelling; `nil` when it breaks the rule of ``spelling``.
    public init?(rawValue: String) {
        guard Self.spelling.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }
    /// Slug, usable in a stream name.
    public static let spelling = IdentifierSpelling.slug
}
