/// The name of a stream: what an entry is about, such as `model/fraud-detection-engine`.
///
/// One or more segments joined by `/`; each segment starts with `a-z` or `0-9` and continues
/// with `a-z`, `0-9`, `.`, `_` or `-`; at most 200 bytes in all.
public struct StreamName: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    public let rawValue: String
    public static let maxBytes = 200

    /// Validates `rawValue`; `nil` when it breaks the rules above.
    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public init?(_ description: String) { self.init(rawValue: description) }

    /// Validates `text`, or throws an error that quotes the rule.
    public static func parse(_ text: String) throws(LedgerError) -> StreamName {
        guard let name = StreamName(rawValue: text) else {
            throw LedgerError(.invalidField, "The stream name '\(text.prefix(80))' is not valid: use 1 to \(maxBytes) bytes of segments joined by '/', each segment starting with a-z or 0-9 and continuing with a-z, 0-9, '.', '_' or '-' (for example 'model/fraud-detection-engine').")
        }
        return name
    }

    static func isValid(_ text: String) -> Bool {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= maxBytes else { return false }
        var atSegmentStart = true
        for byte in bytes {
            let isLowerOrDigit = (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            if atSegmentStart {
                guard isLowerOrDigit else { return false }
                atSegmentStart = false
            } else if byte == UInt8(ascii: "/") {
                atSegmentStart = true
            } else {
                guard isLowerOrDigit || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                else { return false }
            }
        }
        return !atSegmentStart
    }

    public var description: String { rawValue }
    public static func < (lhs: StreamName, rhs: StreamName) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An event type from the catalog, such as `model.version.transitioned`.
///
/// Two or more dot-separated words; each word starts with `a-z` and continues with `a-z`, `0-9`
/// or `_`; at most 100 bytes.
public struct EventType: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    public let rawValue: String
    public static let maxBytes = 100

    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public init?(_ description: String) { self.init(rawValue: description) }

    /// Validates `text`, or throws an error that quotes the rule.
    public static func parse(_ text: String) throws(LedgerError) -> EventType {
        guard let type = EventType(rawValue: text) else {
            throw LedgerError(.invalidField, "The event type '\(text.prefix(80))' is not valid: use two or more words joined by '.', each starting with a-z and continuing with a-z, 0-9 or '_', at most \(maxBytes) bytes (for example 'model.version.transitioned').")
        }
        return type
    }

    static func isValid(_ text: String) -> Bool {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= maxBytes else { return false }
        var atWordStart = true
        var words = 1
        for byte in bytes {
            let isLower = (0x61...0x7A).contains(byte)
            if atWordStart {
                guard isLower else { return false }
                atWordStart = false
            } else if byte == UInt8(ascii: ".") {
                atWordStart = true
                words += 1
            } else {
                guard isLower || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "_") else { return false }
            }
        }
        return !atWordStart && words >= 2
    }

    public var description: String { rawValue }
    public static func < (lhs: EventType, rhs: EventType) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The authenticated principal that caused an entry, such as `alice@bank.example`.
///
/// 1 to 200 bytes of UTF-8 text with no control characters and no leading or trailing space.
public struct Principal: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    public let rawValue: String
    public static let maxBytes = 200

    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public init?(_ description: String) { self.init(rawValue: description) }

    /// Validates `text`, or throws an error that quotes the rule.
    public static func parse(_ text: String) throws(LedgerError) -> Principal {
        guard let principal = Principal(rawValue: text) else {
            throw LedgerError(.invalidField, "The actor '\(text.prefix(80))' is not valid: use 1 to \(maxBytes) bytes of text without control characters or leading and trailing spaces (for example 'alice@bank.example').")
        }
        return principal
    }

    static func isValid(_ text: String) -> Bool {
        let count = text.utf8.count
        guard count > 0, count <= maxBytes else { return false }
        // ASCII fast path: printable characters, no space at either end.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            return text.utf8.first != 0x20 && text.utf8.last != 0x20
        }
        let scalars = text.unicodeScalars
        for scalar in scalars where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
            return false
        }
        return !scalars.first!.properties.isWhitespace && !scalars.last!.properties.isWhitespace
    }

    public var description: String { rawValue }
    public static func < (lhs: Principal, rhs: Principal) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A retention class: how long an entry's payload must be kept, such as `7y`.
///
/// A count from 1 to 999 followed by `d` (days), `m` (months) or `y` (years).
public struct RetentionClass: RawRepresentable, Hashable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    public let rawValue: String

    /// The unit of a retention window.
    public enum Unit: Character, Sendable { case days = "d", months = "m", years = "y" }

    public init?(rawValue: String) {
        let bytes = Array(rawValue.utf8)
        guard (2...4).contains(bytes.count), (0x31...0x39).contains(bytes[0]),
            bytes.dropFirst().dropLast().allSatisfy({ (0x30...0x39).contains($0) }),
            [UInt8(ascii: "d"), UInt8(ascii: "m"), UInt8(ascii: "y")].contains(bytes.last!)
        else { return nil }
        self.rawValue = rawValue
    }

    public init?(_ description: String) { self.init(rawValue: description) }

    /// Validates `text`, or throws an error that quotes the rule.
    public static func parse(_ text: String) throws(LedgerError) -> RetentionClass {
        guard let value = RetentionClass(rawValue: text) else {
            throw LedgerError(.invalidField, "The retention class '\(text.prefix(40))' is not valid: use a count from 1 to 999 followed by d, m or y (for example '7y').")
        }
        return value
    }

    /// The longest default class, seven years (Tier 1 audit trails).
    public static let sevenYears = RetentionClass(rawValue: "7y")!

    /// The count of units.
    public var count: Int { Int(rawValue.dropLast())! }
    /// The unit.
    public var unit: Unit { Unit(rawValue: rawValue.last!)! }

    public var description: String { rawValue }
}
