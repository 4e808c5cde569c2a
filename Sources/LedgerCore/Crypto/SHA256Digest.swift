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

    /// The 32 bytes, held inline (no heap allocation) in memory order.
    private var storage: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    /// The all-zero digest, used as `prevSHA256` of the entry with `seq` 0.
    public static let zero = SHA256Digest()

    private init() {}

    /// Copies exactly 32 bytes from `raw`.
    ///
    /// - Precondition: `raw.count == 32`.
    init(copying raw: UnsafeRawBufferPointer) {
        precondition(raw.count == 32, "a SHA-256 digest has 32 bytes")
        Swift.withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: raw) }
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
        let copied: Void? = bytes.withContiguousStorageIfAvailable { source in
            Swift.withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: UnsafeRawBufferPointer(source)) }
        }
        if copied == nil {
            Swift.withUnsafeMutableBytes(of: &storage) { target in
                for (index, byte) in bytes.enumerated() { target[index] = byte }
            }
        }
    }

    /// Creates a digest from 32 raw bytes, or `nil` for any other count.
    public init?(raw: UnsafeRawBufferPointer) {
        guard raw.count == Self.byteCount else { return nil }
        self.init(copying: raw)
    }

    /// Parses the canonical form: exactly 64 lowercase hexadecimal characters.
    ///
    /// Uppercase digits, whitespace, prefixes such as `0x` and other lengths are refused so that
    /// a digest has exactly one spelling.
    public init?(hex: some StringProtocol) {
        var text = String(hex)
        let parsed: SHA256Digest?? = text.withUTF8 { Self(hexUTF8: UnsafeRawBufferPointer($0)) }
        guard let value = parsed ?? nil else { return nil }
        self = value
    }

    /// Parses 64 lowercase hexadecimal characters given as raw UTF-8 bytes.
    ///
    /// Eight characters are checked and converted at once, as the bytes of one 64-bit word
    /// (every ingested lineage record carries a digest: a loop per character was a tenth of
    /// reading one).
    public init?(hexUTF8 text: UnsafeRawBufferPointer) {
        guard text.count == 64 else { return nil }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var invalid: UInt64 = 0
        Swift.withUnsafeMutableBytes(of: &words) { target in
            for index in 0..<8 {
                let (value, bad) = Hex.nibbles(UInt64(littleEndian: text.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self)))
                invalid |= bad
                target.storeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian, toByteOffset: 4 * index, as: UInt32.self)
            }
        }
        guard invalid == 0 else { return nil }
        storage = words
    }

    /// Parses the canonical hexadecimal form (see ``init(hex:)``).
    public init?(_ description: String) {
        self.init(hex: description)
    }

    /// Calls `body` with the 32 bytes, without copying them to the heap.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        var copy = storage
        return try Swift.withUnsafeBytes(of: &copy) { try body($0) }
    }

    /// The digest bytes, always exactly 32.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// The 64 lowercase hexadecimal characters of the digest.
    public var hex: String { withUnsafeBytes { Hex.encode($0) } }

    public var description: String { hex }

    public static func == (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        lhs.storage.0 == rhs.storage.0 && lhs.storage.1 == rhs.storage.1
            && lhs.storage.2 == rhs.storage.2 && lhs.storage.3 == rhs.storage.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.0)
        hasher.combine(storage.1)
        hasher.combine(storage.2)
        hasher.combine(storage.3)
    }

    public static func < (lhs: SHA256Digest, rhs: SHA256Digest) -> Bool {
        lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in a.lexicographicallyPrecedes(b) } }
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
            out.append(digit(byte >> 4))
            out.append(digit(byte & 0x0f))
        }
    }

    /// The lowercase digit of a value below 16.
    @inline(__always)
    static func digit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") - 10 + value
    }

    /// The value of one lowercase hexadecimal digit, or `nil` (computed, not looked up in a
    /// global table: a global is checked for its initialization at every use).
    @inline(__always)
    public static func nibble(_ char: UInt8) -> UInt8? {
        switch char {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): char - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): char - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    /// The four bytes that eight lowercase hexadecimal digits stand for (the word's bytes in
    /// memory order, the first digit in its lowest byte), in the low 32 bits of `value` with the
    /// first byte lowest, and `invalid` nonzero when a byte of the word is not such a digit.
    @inline(__always)
    static func nibbles(_ word: UInt64) -> (value: UInt64, invalid: UInt64) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        // A digit is 0x30–0x39 (high half 3), a letter 0x61–0x66 (high half 6): bit 6 tells them apart.
        let letter = (word >> 6) & ones
        let high = (word >> 4) & (ones &* 0x0F)
        let low = word & (ones &* 0x0F)
        let value = low &+ letter &* 9  // 0–9, or 10–15 for a–f; at most 24, so no byte carries
        var invalid = high ^ (ones &* 3 &+ letter &* 3)  // the high half is 3, or 6 for a letter
        invalid |= (value &+ (ones &- letter) &* 6) & (ones &* 0xF0)  // a digit at most 9, a letter at most f
        invalid |= (letter << 7) & ~((low &+ ones &* 0x7F) & (ones &* 0x80))  // a letter after "`"
        invalid |= word & (ones &* 0x80)
        // The first digit of each pair is the high half of its byte.
        var pairs = ((value & 0x000F_000F_000F_000F) << 4) | ((value >> 8) & 0x000F_000F_000F_000F)
        pairs = (pairs | (pairs >> 8)) & 0x0000_FFFF_0000_FFFF
        pairs = (pairs | (pairs >> 16)) & 0xFFFF_FFFF
        return (pairs, invalid)
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
