public import LedgerCore

/// The name of a feature or of a feature set in the feature store, as used in its stream
/// (`feature/<name>`, `featureset/<name>`): 1 to 100 bytes, starting with `a-z` or `0-9` and
/// continuing with `a-z`, `0-9`, `.`, `_` or `-`, such as `customer_age_days` or `fraud-features`.
public struct FeatureName: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    public let rawValue: String

    /// The longest name, in bytes.
    public static let maxBytes = 100

    public init?(rawValue: String) {
        let bytes = Array(rawValue.utf8)
        guard let first = bytes.first, bytes.count <= Self.maxBytes, Self.isLowerOrDigit(first) else { return nil }
        for byte in bytes.dropFirst() where !(Self.isLowerOrDigit(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")) {
            return nil
        }
        self.rawValue = rawValue
    }

    public init?(_ description: String) { self.init(rawValue: description) }

    public var description: String { rawValue }

    public static func < (lhs: FeatureName, rhs: FeatureName) -> Bool { lhs.rawValue < rhs.rawValue }

    /// What a name may be, for messages.
    public static let rule = "1 to 100 bytes of a-z, 0-9, '.', '_' or '-', starting with a-z or 0-9 (such as customer_age_days)"

    /// Parses a name argument.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` quoting the rule.
    public static func parse(_ text: String, what: String = "feature") throws(LedgerError) -> FeatureName {
        guard let name = FeatureName(rawValue: text) else {
            throw LedgerError(.invalidField, "'\(text.prefix(80))' is not a \(what) name: use \(rule).")
        }
        return name
    }

    /// The feature's stream, `feature/<name>`.
    public var featureStream: StreamName { StreamName(rawValue: "feature/" + rawValue)! }
    /// The feature set's stream, `featureset/<name>`.
    public var featureSetStream: StreamName { StreamName(rawValue: "featureset/" + rawValue)! }

    private static func isLowerOrDigit(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }
}

/// A reference to one version of a feature set, `<featureset>@<version>`, as a model version's
/// lineage names it in `featureSetVersion` (`fraud-features@1.4.0`).
public struct FeatureSetReference: Hashable, Sendable, CustomStringConvertible {
    public let name: FeatureName
    public let version: SemanticVersion

    public init(name: FeatureName, version: SemanticVersion) {
        self.name = name
        self.version = version
    }

    /// Reads `<name>@<version>`; `nil` for any other text (a free-form feature store version
    /// such as `features-v4.2.1` stays valid lineage, it just refers to no feature set).
    public init?(_ text: String) {
        guard let at = text.lastIndex(of: "@"), let name = FeatureName(rawValue: String(text[..<at])),
            let version = SemanticVersion(String(text[text.index(after: at)...]))
        else { return nil }
        self.init(name: name, version: version)
    }

    public var description: String { "\(name)@\(version)" }
}
