/// Shared rules of C2SP signed-note keys: names, Ed25519 key IDs and the `+`-separated key strings.
enum NoteKeys {
    /// The signature type byte of Ed25519 in signed notes and key strings.
    static let ed25519: UInt8 = 0x01

    /// Checks a key name: non-empty, no Unicode spaces, no `+` (signed-note §Format), and no ASCII
    /// control characters, which a note may not contain.
    static func validateName(_ name: String) throws(LedgerError) {
        guard !name.isEmpty else {
            throw LedgerError(.invalidField, "A note key name cannot be empty. Use the log's origin, such as 'example.com/log'.")
        }
        for scalar in name.unicodeScalars {
            if scalar == "+" {
                throw LedgerError(.invalidField, "The note key name \(name.debugDescription) contains '+', which separates the parts of a key string. Choose a name without '+'.")
            }
            if scalar.properties.isWhitespace {
                throw LedgerError(.invalidField, "The note key name \(name.debugDescription) contains a space (U+\(hex(scalar))). Key names may not contain Unicode spaces.")
            }
            if scalar.value < 0x20 || scalar.value == 0x7F {
                throw LedgerError(.invalidField, "The note key name \(name.debugDescription) contains the control character U+\(hex(scalar)). Key names are printable text.")
            }
        }
    }

    /// `SHA-256(name || 0x0A || 0x01 || public key)[:4]` read big-endian (signed-note §Ed25519 signatures).
    static func keyID(name: String, publicKey: Ed25519PublicKey) -> UInt32 {
        let hasher = SHA256Hasher()
        hasher.update(Array(name.utf8))
        hasher.update([0x0A, ed25519])
        hasher.update(publicKey.rawRepresentation)
        let digest = hasher.finalize().bytes
        return digest.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The 8 lowercase hexadecimal digits of a key ID.
    static func hex8(_ id: UInt32) -> String {
        Hex.encode(withUnsafeBytes(of: id.bigEndian) { Array($0) })
    }

    /// The 4 big-endian bytes of a key ID.
    static func bytes(_ id: UInt32) -> [UInt8] {
        withUnsafeBytes(of: id.bigEndian) { Array($0) }
    }

    /// The parts of `<name>+<hex8 key ID>+<base64(type || key)>`, checked for form only.
    struct Parts {
        var name: String
        var keyID: UInt32
        var type: UInt8
        var key: [UInt8]
    }

    /// Splits a key string at its first two `+` (the base64 part may itself contain `+`).
    ///
    /// - Parameter kind: "verifier" or "signer", for messages.
    static func split(_ text: Substring, kind: String) throws(LedgerError) -> Parts {
        let fields = text.split(separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            throw LedgerError(.malformedInput, "A note \(kind) key has the form <name>+<key ID>+<key data>; this one has \(fields.count) part(s). Copy the whole key string.")
        }
        let name = String(fields[0])
        try validateName(name)
        guard fields[1].utf8.count == 8, let idBytes = Hex.decodeLowercase(fields[1].utf8) else {
            throw LedgerError(.malformedInput, "The key ID of a note \(kind) key is 8 lowercase hexadecimal digits, found '\(fields[1])'.")
        }
        guard let data = Base64.decode(fields[2]), let type = data.first else {
            throw LedgerError(.malformedInput, "The key data of a note \(kind) key must be standard padded base64 of the signature type and key; it is not.")
        }
        guard type == ed25519 else {
            throw LedgerError(.malformedInput, "The note \(kind) key has signature type 0x\(Hex.encode([type])); only Ed25519 (0x01) is supported.")
        }
        guard data.count == 33 else {
            throw LedgerError(.malformedInput, "An Ed25519 note \(kind) key carries 1 + 32 bytes of key data, found \(data.count). The key string is truncated or corrupted.")
        }
        let keyID = idBytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return Parts(name: name, keyID: keyID, type: type, key: Array(data.dropFirst()))
    }

    private static func hex(_ scalar: Unicode.Scalar) -> String {
        let digits = String(scalar.value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
