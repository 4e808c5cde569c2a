/// A private key that signs C2SP signed notes (Ed25519), with its name and key ID.
///
/// Its text form, the signer key, is the one of golang.org/x/mod/sumdb/note:
/// `PRIVATE+KEY+<name>+<key ID as 8 lowercase hex digits>+<base64(0x01 || 32-byte seed)>`. The
/// key ID is derived from the public key (see ``NoteVerifier``), so ``init(signerKey:)`` checks it
/// after deriving the public key from the seed.
///
/// - Warning: ``signerKey`` is a secret. It never enters the log, an export or a log message;
///   `description` shows only the verifier key.
///
/// ```swift
/// let signer = try NoteSigner(signerKey: "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
/// let note = try SignedNote.sign(text: "hello\n", signers: [signer])
/// signer.verifier.verifierKey // "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
/// ```
public struct NoteSigner: Sendable, CustomStringConvertible {
    /// The matching verifier: name, key ID and public key.
    public let verifier: NoteVerifier
    private let privateKey: Ed25519PrivateKey

    /// The key name.
    public var name: String { verifier.name }
    /// The key ID.
    public var keyID: UInt32 { verifier.keyID }

    /// Creates a signer for `privateKey` under `name`.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` when the name breaks the key name rules.
    public init(name: String, privateKey: Ed25519PrivateKey) throws(LedgerError) {
        self.verifier = try NoteVerifier(name: name, publicKey: privateKey.publicKey)
        self.privateKey = privateKey
    }

    /// Parses a signer key `PRIVATE+KEY+<name>+<hex8 key ID>+<base64(0x01 || seed)>`.
    ///
    /// Error messages never repeat the key data.
    ///
    /// - Throws: ``LedgerError`` `.malformedInput` for a string of another form, an algorithm other
    ///   than Ed25519, a seed of the wrong length or a key ID that does not match the key;
    ///   `.invalidField` for a bad name.
    public init(signerKey: String) throws(LedgerError) {
        let prefix = "PRIVATE+KEY+"
        guard signerKey.hasPrefix(prefix) else {
            throw LedgerError(
                .malformedInput,
                "A note signer key starts with 'PRIVATE+KEY+'. This string does not; if it is a verifier key, use it to verify, not to sign.")
        }
        let parts = try NoteKeys.split(signerKey.dropFirst(prefix.count), kind: "signer")
        let privateKey = try Ed25519PrivateKey(rawRepresentation: parts.key)
        try self.init(name: parts.name, privateKey: privateKey)
        guard keyID == parts.keyID else {
            throw LedgerError(
                .malformedInput,
                "The signer key for '\(name)' states key ID \(NoteKeys.hex8(parts.keyID)), but its name and key give \(NoteKeys.hex8(keyID)). "
                    + "The key string was edited or corrupted.")
        }
    }

    /// The signer key string `PRIVATE+KEY+<name>+<hex8 key ID>+<base64(0x01 || seed)>`.
    ///
    /// - Warning: a secret: whoever holds it can sign as this key.
    public var signerKey: String {
        "PRIVATE+KEY+\(name)+\(NoteKeys.hex8(keyID))+\(Base64.encode([NoteKeys.ed25519] + privateKey.rawRepresentation))"
    }

    /// The Ed25519 signature of `text` (without the key ID prefix).
    public func signature(for text: some Collection<UInt8>) throws(LedgerError) -> [UInt8] {
        try privateKey.sign(text)
    }

    public var description: String { "NoteSigner(\(verifier.verifierKey))" }
}
