internal import CLibCrypto

/// SHA-256 (FIPS 180-4) computed by the system's OpenSSL libcrypto.
///
/// Use ``hash(_:)`` for one message, or an ``SHA256Hasher`` to feed a message in parts or to
/// hash many small messages with one reused context.
///
/// ```swift
/// let digest = SHA256.hash(Array("abc".utf8))
/// ```
public enum SHA256 {
    /// Hashes `bytes` in one call.
    public static func hash(_ bytes: some Collection<UInt8>) -> SHA256Digest {
        let hasher = SHA256Hasher()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Hashes the concatenation of `prefix` and `bytes` without copying them together.
    public static func hash(prefix: UInt8, _ bytes: some Collection<UInt8>) -> SHA256Digest {
        let hasher = SHA256Hasher()
        hasher.update(byte: prefix)
        hasher.update(bytes)
        return hasher.finalize()
    }
}

/// An incremental SHA-256 computation over one OpenSSL `EVP_MD_CTX`.
///
/// After ``finalize()`` the hasher is reset and may be reused for the next message, which
/// avoids allocating a context per message on hot paths (verify hashes millions of headers).
/// A hasher is a reference type owned by one task; it is not `Sendable`.
public final class SHA256Hasher {
    private let context: OpaquePointer
    /// The algorithm, fetched once: with OpenSSL 3 the legacy `EVP_sha256()` handle makes every
    /// `EVP_DigestInit_ex` look the implementation up again, which dominates for short messages.
    private let algorithm: OpaquePointer

    /// Creates a hasher ready for a new message.
    public init() {
        guard let context = EVP_MD_CTX_new(), let algorithm = EVP_MD_fetch(nil, "SHA256", nil) else {
            preconditionFailure("OpenSSL could not allocate a SHA-256 digest context (out of memory, or no default provider)")
        }
        self.context = context
        self.algorithm = algorithm
        reset()
    }

    deinit {
        EVP_MD_CTX_free(context)
        EVP_MD_free(algorithm)
    }

    /// Starts a new message, discarding anything fed so far.
    public func reset() {
        guard EVP_DigestInit_ex(context, algorithm, nil) == 1 else {
            preconditionFailure("OpenSSL refused to initialise SHA-256")
        }
    }

    /// Feeds bytes into the message.
    public func update(_ bytes: some Collection<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            updateRaw(UnsafeRawBufferPointer(buffer))
        }
        if done == nil {
            Array(bytes).withUnsafeBytes { updateRaw($0) }
        }
    }

    /// Feeds one byte into the message.
    public func update(byte: UInt8) {
        var value = byte
        Swift.withUnsafeBytes(of: &value) { updateRaw($0) }
    }

    /// Feeds a digest's 32 bytes into the message.
    public func update(_ digest: SHA256Digest) {
        digest.withUnsafeBytes { updateRaw($0) }
    }

    /// Feeds raw bytes into the message.
    public func updateRaw(_ buffer: UnsafeRawBufferPointer) {
        guard buffer.count > 0 else { return }
        guard EVP_DigestUpdate(context, buffer.baseAddress, buffer.count) == 1 else {
            preconditionFailure("OpenSSL refused a SHA-256 update")
        }
    }

    /// Finishes the message, returns its digest and resets the hasher for the next message.
    public func finalize() -> SHA256Digest {
        var out: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var length: UInt32 = 0
        let ok = Swift.withUnsafeMutableBytes(of: &out) {
            EVP_DigestFinal_ex(context, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), &length)
        }
        guard ok == 1, length == 32 else {
            preconditionFailure("OpenSSL failed to finish a SHA-256 digest")
        }
        reset()
        return Swift.withUnsafeBytes(of: &out) { SHA256Digest(copying: $0) }
    }
}
