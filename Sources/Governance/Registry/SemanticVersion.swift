public import LedgerCore

/// A model version number `MAJOR.MINOR.PATCH` (Semantic Versioning 2.0.0, core part only).
///
/// Each component is a decimal number without leading zeros (`0` itself is allowed), at most
/// 9 digits; pre-release and build suffixes are not accepted, so every version has one spelling.
/// Versions order numerically, component by component.
///
/// ```swift
/// let old = SemanticVersion("3.2.1")!, new = SemanticVersion("3.3.0")!
/// new > old                 // true
/// new.bump(from: old)       // .minor
/// ```
public struct SemanticVersion: Hashable, Comparable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    /// Incompatible changes: a new architecture or new features.
    public let major: Int
    /// Compatible improvements: tuning, more data.
    public let minor: Int
    /// Fixes.
    public let patch: Int

    /// Creates a version from its components; `nil` when one is negative or above 999,999,999.
    public init?(major: Int, minor: Int, patch: Int) {
        guard [major, minor, patch].allSatisfy({ (0...999_999_999).contains($0) }) else { return nil }
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// Parses `MAJOR.MINOR.PATCH`; `nil` for anything else.
    public init?(_ description: String) {
        let parts = description.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        var numbers: [Int] = []
        for part in parts {
            let bytes = Array(part.utf8)
            guard !bytes.isEmpty, bytes.count <= 9, bytes.allSatisfy({ (0x30...0x39).contains($0) }),
                bytes.count == 1 || bytes[0] != 0x30, let number = Int(part)
            else { return nil }
            numbers.append(number)
        }
        self.init(major: numbers[0], minor: numbers[1], patch: numbers[2])
    }

    /// Parses a version argument or field.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` quoting the rule.
    public static func parse(_ text: String) throws(LedgerError) -> SemanticVersion {
        guard let version = SemanticVersion(text) else {
            throw LedgerError(.invalidField, "'\(text.prefix(40))' is not a version: use MAJOR.MINOR.PATCH with numbers without leading zeros, such as 3.2.1.")
        }
        return version
    }

    /// The kind of change from `baseline` to this version: `major` when the major number
    /// differs, `minor` when only minor and patch may differ, `patch` otherwise.
    ///
    /// - Precondition: none; a version equal to or below `baseline` reads as `patch`.
    public func bump(from baseline: SemanticVersion) -> VersionBump {
        if major != baseline.major { return .major }
        if minor != baseline.minor { return .minor }
        return .patch
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (lhs: SemanticVersion, rhs: SemanticVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }
}
