internal import CLibCrypto

/// HMAC-SHA256 (RFC 2104, FIPS 198-1) computed by the system's OpenSSL libcrypto.
///
/// Used to authenticate webhook deliveries: the sender and the ledger share a secret key, and
/// a delivery is accepted only when its signature equals the HMAC of what it signs.
///
/// ```swift
/// let tag = HMACSHA256.authenticate(Array("message".utf8), key: Array("secret".utf8))
/// HMACSHA256.constantTimeEqual(tag, presented) // compare without leaking the position of a difference
/// ```
public enum HMACSHA256 {
    /// The length of a tag in bytes.
    public static let tagLength = 32

    /// The 32-byte HMAC-SHA256 of `message` under `key` (a key of any length, empty included).
    public static func authenticate(_ message: some Collection<UInt8>, key: some Collection<UInt8>) -> [UInt8] {
        let keyBytes = Array(key)
        let messageBytes = Array(message)
        var tag = [UInt8](repeating: 0, count: tagLength)
        var length: UInt32 = 0
        let done = keyBytes.withUnsafeBytes { keyBuffer in
            messageBytes.withUnsafeBytes { messageBuffer in
                tag.withUnsafeMutableBufferPointer { out in
                    HMAC(
                        EVP_sha256(), keyBuffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(keyBuffer.count),
                        messageBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self), messageBuffer.count,
                        out.baseAddress, &length) != nil
                }
            }
        }
        guard done, length == UInt32(tagLength) else {
            preconditionFailure("OpenSSL could not compute HMAC-SHA256 (out of memory, or no default provider)")
        }
        return tag
    }

    /// Whether `a` and `b` are equal, in time that depends only on their lengths.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { left in
            b.withUnsafeBytes { right in CRYPTO_memcmp(left.baseAddress, right.baseAddress, a.count) == 0 }
        }
    }
}
