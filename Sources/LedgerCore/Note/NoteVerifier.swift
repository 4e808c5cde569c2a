/// A public key that verifies C2SP signed-note signatures (Ed25519), with its name and key ID.
///
/// Its text form, the verifier key, is the one of golang.org/x/mod/sumdb/note:
/// `<name>+<key ID as 8 lowercase hex digits>+<base64(0x01 || 32-byte public key)>`, where the key
/// ID is the first four bytes, big-endian, of `SHA-256(name || 0x0A || 0x01 || public key)`.
/// ``init(verifierKey:)`` accepts exactly that form and checks that the key ID matches the key;
/// ``verifierKey`` produces it.
///
/// ```swift
/// let verifier = try NoteVerifier(verifierKey: "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
/// verifier.name   // "PeterNeumann"
/// verifier.keyID  // 0xc74f20a3
/// let note = try SignedNote.open(bytes, verifiers: [verifier])
/// ```
public struct NoteVerifier: Hashable, Sendable, CustomStringConvertible {
    /// The key name: non-empty, without Unicode spaces, `+` or control characters.
    public let name: String
    /// The key ID, derived from the name and the public key.
    public let keyID: UInt32
    /// The Ed25519 public key.
    public let publicKey: Ed25519PublicKey

    /// Creates a verifier for `publicKey` under `name`, deriving the key ID.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` when the name breaks the key name rules.
    public init(name: String, publicKey: Ed25519PublicKey) throws(LedgerError) {
        try NoteKeys.validateName(name)
        self.name = name
        self.publicKey = publicKey
        self.keyID = NoteKeys.keyID(name: name, publicKey: publicKey)
    }

    /// Parses a verifier key `<name>+<hex8 key ID>+<base64(0x01 || public key)>`.
    ///
    /// - Throws: ``LedgerError`` `.malformedInput` for a string of another form, an algorithm other
    ///   than Ed25519, a key of the wrong length or a key ID that does not match the key;
    ///   `.invalidField` for a bad name.
    public init(verifierKey: String) throws(LedgerError) {
        let parts = try NoteKeys.split(verifierKey[...], kind: "verifier")
        let publicKey = try Ed25519PublicKey(rawRepresentation: parts.key)
        try self.init(name: parts.name, publicKey: publicKey)
        guard keyID == parts.keyID else {
            throw LedgerError(
                .malformedInput,
                "The verifier key for '\(name)' states key ID \(NoteKeys.hex8(parts.keyID)), but its name and public key give \(NoteKeys.hex8(keyID)). "
                    + "The key string was edited or corrupted; obtain it again from the log operator.")
        }
    }

    /// The verifier key string: `<name>+<hex8 key ID>+<base64(0x01 || public key)>`.
    public var verifierKey: String {
        "\(name)+\(NoteKeys.hex8(keyID))+\(Base64.encode([NoteKeys.ed25519] + publicKey.rawRepresentation))"
    }

    /// Whether `signature` (without the 4-byte key ID) is this key's Ed25519 signature of `text`.
    public func isValidSignature(_ signature: some Collection<UInt8>, for text: some Collection<UInt8>) -> Bool {
        publicKey.isValidSignature(signature, for: text)
    }

    public var description: String { verifierKey }
}
