/// The identifier of one prediction, as the scoring system assigned it: `txn-2025-01-15-000042`.
///
/// 1 to 128 characters from `A-Z a-z 0-9 . _ : -`. The set excludes spaces, `/` and anything a
/// shell, a CSV cell or a URL path would need to quote, so an id can be pasted into
/// `govledger lineage show ID` as it is.
///
/// ```swift
/// let id = PredictionID("txn-000042")!
/// ```
public struct PredictionID: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    public let rawValue: String
    /// The longest id accepted, in characters (all ASCII, so also in bytes).
    public static let maxLength = 128

    /// Validates `rawValue`; `nil` when it breaks the rules above.
    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public init?(_ description: String) { self.init(rawValue: description) }

    /// The rule, quoted in error messages.
    public static let rule = "1 to \(maxLength) characters from A-Z, a-z, 0-9, '.', '_', ':' and '-'"

    /// Wraps text already checked with ``isValid(_:)``.
    init(checked rawValue: String) {
        self.rawValue = rawValue
    }

    static func isValid(_ text: String) -> Bool { isValid(utf8: text.utf8) }

    /// The rule over UTF-8 bytes, so that a reader can check an id before making a string of it.
    static func isValid(utf8 bytes: some Collection<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.count <= maxLength else { return false }
        return bytes.allSatisfy { byte in
            (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-")
        }
    }

    public var description: String { rawValue }
    public static func < (lhs: PredictionID, rhs: PredictionID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A pseudonymous key for the person a prediction is about: `cust-7f3a9c`.
///
/// 1 to 128 bytes of printable ASCII without spaces (`!` to `~`). It is never a name, an email
/// address or an account number: the operator maps people to keys in its own systems, so that
/// erasing a subject's records (`govledger lineage erase --subject KEY`) needs only the key, and
/// the log itself records only `SHA-256(key)`.
public struct SubjectKey: RawRepresentable, Hashable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    public let rawValue: String
    /// The longest key accepted, in bytes.
    public static let maxLength = 128

    public init?(rawValue: String) {
        guard Self.isValid(utf8: rawValue.utf8) else { return nil }
        self.rawValue = rawValue
    }

    /// Wraps text already checked with ``isValid(utf8:)``.
    init(checked rawValue: String) {
        self.rawValue = rawValue
    }

    /// The rule over UTF-8 bytes, so that a reader can check a key before making a string of it.
    static func isValid(utf8 bytes: some Collection<UInt8>) -> Bool {
        !bytes.isEmpty && bytes.count <= maxLength && bytes.allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }

    public init?(_ description: String) { self.init(rawValue: description) }

    /// The rule, quoted in error messages.
    public static let rule = "1 to \(maxLength) printable ASCII characters without spaces"

    /// `SHA-256(UTF-8 bytes of the key)`: what an erasure entry records instead of the key.
    public var digest: SHA256Digest { SHA256.hash(Array(rawValue.utf8)) }

    public var description: String { rawValue }
}
