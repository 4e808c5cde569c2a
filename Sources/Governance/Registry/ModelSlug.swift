public import LedgerCore

/// The identity of a registered model: a lowercase slug used in its stream `model/<slug>`.
///
/// A slug is 1 to 64 bytes of `a-z` and `0-9` words joined by single `-`, such as
/// `fraud-detection-engine`. ``init(displayName:)`` derives it from the model's display name:
/// ASCII letters are lowercased, digits kept, each run of spaces, `-`, `_` or `.` becomes one
/// `-`, and anything else is dropped. "Fraud Detection Engine" becomes `fraud-detection-engine`,
/// "Image Classifier v2" becomes `image-classifier-v2`.
///
/// ```swift
/// ModelSlug(displayName: "Fraud Detection Engine")?.rawValue // "fraud-detection-engine"
/// ModelSlug(displayName: "Fraud Detection Engine")?.stream   // model/fraud-detection-engine
/// ```
public struct ModelSlug: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible,
    LosslessStringConvertible
{
    /// The slug, such as `fraud-detection-engine`.
    public let rawValue: String

    /// The longest slug, in bytes.
    public static let maxBytes = 64

    /// Accepts a slug already in canonical form; `nil` otherwise.
    public init?(rawValue: String) {
        guard Self.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public init?(_ description: String) { self.init(rawValue: description) }

    /// Derives the slug of a display name; `nil` when nothing usable remains or it is too long.
    public init?(displayName: String) {
        var out: [UInt8] = []
        var pendingDash = false
        for byte in displayName.utf8 {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39:
                if pendingDash, !out.isEmpty { out.append(UInt8(ascii: "-")) }
                pendingDash = false
                out.append((0x41...0x5A).contains(byte) ? byte + 0x20 : byte)
            case 0x20, 0x2D, 0x5F, 0x2E, 0x09:
                pendingDash = true
            default:
                continue
            }
        }
        self.init(rawValue: String(decoding: out, as: UTF8.self))
    }

    /// Parses a model argument: a slug, or a display name that derives one.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` quoting the rule.
    public static func parse(_ text: String) throws(LedgerError) -> ModelSlug {
        if let slug = ModelSlug(rawValue: text) ?? ModelSlug(displayName: text) { return slug }
        throw LedgerError(.invalidField, "'\(text.prefix(80))' is not a model: give its slug (lowercase words of a-z and 0-9 joined by '-', such as fraud-detection-engine, at most \(maxBytes) bytes) or its display name.")
    }

    /// The model's stream, `model/<slug>`.
    public var stream: StreamName {
        guard let stream = StreamName(rawValue: "model/" + rawValue) else {
            preconditionFailure("a model slug is always a valid stream segment")
        }
        return stream
    }

    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= maxBytes, bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-")
        else { return false }
        var previousDash = false
        for byte in bytes {
            if byte == UInt8(ascii: "-") {
                if previousDash { return false }
                previousDash = true
            } else {
                guard (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte) else { return false }
                previousDash = false
            }
        }
        return true
    }

    public var description: String { rawValue }
    public static func < (lhs: ModelSlug, rhs: ModelSlug) -> Bool { lhs.rawValue < rhs.rawValue }
}
