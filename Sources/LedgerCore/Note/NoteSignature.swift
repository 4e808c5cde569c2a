/// One signature line of a C2SP signed note: `— <key name> <base64(key ID || signature)>`.
///
/// ```swift
/// let note = try SignedNote.open(bytes, verifiers: [verifier])
/// for signature in note.verifiedSignatures { print(signature.keyName, signature.keyIDHex) }
/// ```
public struct NoteSignature: Hashable, Sendable, CustomStringConvertible {
    /// The key name on the line.
    public let keyName: String
    /// The key ID: the first four bytes of the decoded signature, big-endian.
    public let keyID: UInt32
    /// The signature bytes after the key ID (64 for Ed25519).
    public let signature: [UInt8]

    /// Creates a signature record.
    public init(keyName: String, keyID: UInt32, signature: [UInt8]) {
        self.keyName = keyName
        self.keyID = keyID
        self.signature = signature
    }

    /// The key ID as 8 lowercase hexadecimal digits, as in key strings.
    public var keyIDHex: String { NoteKeys.hex8(keyID) }

    /// The line without its final newline: em dash (U+2014), space, key name, space, base64 of
    /// the key ID followed by the signature.
    public var line: String {
        "\u{2014} \(keyName) \(Base64.encode(NoteKeys.bytes(keyID) + signature))"
    }

    public var description: String { "\(keyName)+\(keyIDHex)" }
}
