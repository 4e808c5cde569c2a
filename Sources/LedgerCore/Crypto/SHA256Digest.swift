/// A 32-byte SHA-256 digest with one printable form: 64 lowercase hexadecimal characters.
///
/// Modelled on a fixed-size hash type with a strict parser: ``init(hex:)`` accepts exactly
/// 64 lowercase hex digits and nothing else, so every digest has one spelling in the ledger.
///
/// ```swift
/// let digest = SHA256.hash(Array("abc".utf8))
/// digest.hex // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// ```
public struct SHA256Digest: Hashable, Sendable, Comparable, CustomStringConvertible, LosslessStringConvertible {
    /// The number of bytes in a digest.
    public static let byteCount = 32

    /// The digest bytes, always exactly 32.
    public let bytes: [UInt8]

    /// The all-zero digest, used as `prevSHA256` of the entry with `seq` 0.
    public static let zero = SHA256Digest(unchecked: [UInt8](repeating: 0, count: 32))

    init(unchecked bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Creates a digest from exactly 32 raw bytes.
    ///
    /// - Throws: ``LedgerError`` with code `.malformedInput` when the count is not 32.
    public init(bytes: some Collection<UInt8>) throws(LedgerError) {
        guard bytes.count == Self.byteCount else {
            throw LedgerError(
                .malformedInput,
                "A SHA-256 digest has 32 bytes, found \(bytes.count). Check that the value is a full digest, not a prefix.")
        }
        self.bytes = Array(bytes)
    }

    /// Parses the canonical form: exactly 64 lowercase hexadecimal characters.
    ///
    /// Uppercase digits, whitespace, prefixes such as `0x` and other lengths are refused so that
    /// a digest has exactly one spelling.
    public init?(hex: some StringProtocol) {
        guard let decoded = Hex.decodeLowercase(hex.utf8), decoded.count == Self.byteCount else { return nil }
        self.bytes = decoded
    }

    /// Parses the canonical hexadecimal form (see ``init(hex:)``).
    public init?(_ description: String) {
        self.init(hex: description)
    }

    /// The 64 lowercase hexadecimal characters of the digest.
    public var hex: String { Hex.encode(bytes) }

    public var description: String { hex }

    public static func < (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }
}

/// Lowercase hexadecimal encoding and strict decoding.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Encodes bytes as lowercase hexadecimal.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the lowercase hexadecimal form of `bytes` to `out`.
    public static func append(_ bytes: some Sequence<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
    }

    /// Decodes lowercase hexadecimal; returns `nil` for odd lengths, uppercase or other characters.
    public static func decodeLowercase(_ utf8: some Collection<UInt8>) -> [UInt8]? {
        guard utf8.count % 2 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count / 2)
        var high: UInt8 = 0
        var isHigh = true
        for char in utf8 {
            let nibble: UInt8
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = char - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = char - UInt8(ascii: "a") + 10
            default: return nil
            }
            if isHigh {
                high = nibble
            } else {
                out.append(high << 4 | nibble)
            }
            isHigh.toggle()
        }
        return out
    }

    /// Decodes hexadecimal in either case; returns `nil` for anything else.
    public static func decode(_ string: some StringProtocol) -> [UInt8]? {
        decodeLowercase(string.lowercased().utf8)
    }
}
