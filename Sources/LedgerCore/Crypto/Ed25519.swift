internal import CLibCrypto

/// An Ed25519 private key (RFC 8032), held as its 32-byte seed.
///
/// The raw seed is what ``rawRepresentation`` exports and ``init(rawRepresentation:)`` imports;
/// signing uses the system's OpenSSL libcrypto. A private key never enters the ledger, an export
/// or a log message: its `description` does not print the seed.
///
/// ```swift
/// let key = try Ed25519PrivateKey.generate()
/// let signature = try key.sign(Array("message".utf8))
/// try key.publicKey.isValidSignature(signature, for: Array("message".utf8)) // true
/// ```
public struct Ed25519PrivateKey: Sendable, CustomStringConvertible {
    /// The 32-byte seed.
    public let rawRepresentation: [UInt8]
    /// The matching public key.
    public let publicKey: Ed25519PublicKey

    /// Imports a key from its 32-byte seed.
    ///
    /// - Throws: ``LedgerError`` `.malformedInput` when the seed is not 32 bytes.
    public init(rawRepresentation seed: some Collection<UInt8>) throws(LedgerError) {
        let seed = Array(seed)
        guard seed.count == 32 else {
            throw LedgerError(.malformedInput, "An Ed25519 private key has 32 bytes, found \(seed.count).")
        }
        let key = try PKey(privateSeed: seed)
        self.rawRepresentation = seed
        self.publicKey = try Ed25519PublicKey(rawRepresentation: key.rawPublicKey())
    }

    /// Generates a new key from the operating system's cryptographic random source.
    public static func generate() throws(LedgerError) -> Ed25519PrivateKey {
        try Ed25519PrivateKey(rawRepresentation: SystemRandom.bytes(count: 32))
    }

    /// Signs `message` (pure Ed25519, no pre-hashing).
    public func sign(_ message: some Collection<UInt8>) throws(LedgerError) -> [UInt8] {
        let key = try PKey(privateSeed: rawRepresentation)
        return try key.sign(Array(message))
    }

    public var description: String { "Ed25519PrivateKey(public: \(Hex.encode(publicKey.rawRepresentation)))" }
}

/// An Ed25519 public key (RFC 8032), held as its 32 raw bytes.
public struct Ed25519PublicKey: Hashable, Sendable {
    /// The 32 raw bytes.
    public let rawRepresentation: [UInt8]

    /// Imports a public key from its 32 raw bytes.
    ///
    /// - Throws: ``LedgerError`` `.malformedInput` when the key is not 32 bytes or not a valid point.
    public init(rawRepresentation raw: some Collection<UInt8>) throws(LedgerError) {
        let raw = Array(raw)
        guard raw.count == 32 else {
            throw LedgerError(.malformedInput, "An Ed25519 public key has 32 bytes, found \(raw.count).")
        }
        _ = try PKey(publicKey: raw)
        self.rawRepresentation = raw
    }

    /// Whether `signature` is a valid Ed25519 signature of `message` by this key.
    ///
    /// A signature of the wrong length is simply invalid; this never throws.
    public func isValidSignature(_ signature: some Collection<UInt8>, for message: some Collection<UInt8>) -> Bool {
        let signature = Array(signature)
        guard signature.count == 64, let key = try? PKey(publicKey: rawRepresentation) else { return false }
        return key.verify(signature: signature, message: Array(message))
    }
}

/// Owns one OpenSSL `EVP_PKEY` and frees it on deinit.
private final class PKey {
    let pointer: OpaquePointer

    init(privateSeed seed: [UInt8]) throws(LedgerError) {
        guard let key = seed.withUnsafeBufferPointer({
            EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
        }) else {
            throw LedgerError(.malformedInput, "OpenSSL rejected the Ed25519 private key bytes.")
        }
        pointer = key
    }

    init(publicKey raw: [UInt8]) throws(LedgerError) {
        guard let key = raw.withUnsafeBufferPointer({
            EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count)
        }) else {
            throw LedgerError(.malformedInput, "The bytes are not a valid Ed25519 public key.")
        }
        pointer = key
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    func rawPublicKey() throws(LedgerError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length = 32
        let ok = out.withUnsafeMutableBufferPointer { EVP_PKEY_get_raw_public_key(pointer, $0.baseAddress, &length) }
        guard ok == 1, length == 32 else {
            throw LedgerError(.malformedInput, "OpenSSL could not derive the Ed25519 public key.")
        }
        return out
    }

    func sign(_ message: [UInt8]) throws(LedgerError) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else {
            throw LedgerError(.internalFailure, "OpenSSL could not allocate a signing context.")
        }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, nil, nil, pointer) == 1 else {
            throw LedgerError(.internalFailure, "OpenSSL could not start an Ed25519 signature.")
        }
        var signature = [UInt8](repeating: 0, count: 64)
        var length = 64
        let ok = signature.withUnsafeMutableBufferPointer { sig in
            message.withUnsafeBufferPointer { msg in
                EVP_DigestSign(context, sig.baseAddress, &length, msg.baseAddress, msg.count)
            }
        }
        guard ok == 1, length == 64 else {
            throw LedgerError(.internalFailure, "OpenSSL failed to produce an Ed25519 signature.")
        }
        return signature
    }

    func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        guard let context = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestVerifyInit(context, nil, nil, nil, pointer) == 1 else { return false }
        let ok = signature.withUnsafeBufferPointer { sig in
            message.withUnsafeBufferPointer { msg in
                EVP_DigestVerify(context, sig.baseAddress, sig.count, msg.baseAddress, msg.count)
            }
        }
        ERR_clear_error()
        return ok == 1
    }
}
