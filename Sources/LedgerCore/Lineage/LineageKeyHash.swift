/// The 64-bit key under which the lineage index keeps a prediction id or a subject key: the first
/// 8 bytes of `SHA-256(text)`, big-endian, read as a signed integer (docs/lineage.md#storage-informative).
///
/// A hash is only a key: the store compares ids exactly wherever two could share one.
public enum LineageKeyHash {
    public static func of(_ text: String, using hasher: SHA256Hasher) -> Int64 {
        let utf8 = text.utf8
        if let hash = utf8.withContiguousStorageIfAvailable({ of(utf8: UnsafeRawBufferPointer($0), using: hasher) }) { return hash }
        return Array(utf8).withUnsafeBytes { of(utf8: $0, using: hasher) }
    }

    /// The key of the text whose UTF-8 is `bytes`.
    static func of(utf8 bytes: UnsafeRawBufferPointer, using hasher: SHA256Hasher) -> Int64 {
        hasher.updateRaw(bytes)
        let digest = hasher.finalize()
        return digest.withUnsafeBytes { bytes in
            var value: UInt64 = 0
            for index in 0..<8 { value = value << 8 | UInt64(bytes[index]) }
            return Int64(bitPattern: value)
        }
    }

    public static func of(_ text: String) -> Int64 { of(text, using: SHA256Hasher()) }
}
