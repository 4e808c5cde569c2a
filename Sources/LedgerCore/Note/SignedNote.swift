/// A C2SP signed note (https://c2sp.org/signed-note) with Ed25519 signatures, compatible with
/// golang.org/x/mod/sumdb/note.
///
/// Format, byte by byte: the text, which ends in a newline (U+000A); a blank line (one newline);
/// then one or more signature lines, each an em dash (U+2014, bytes E2 80 94), a space, the key
/// name, a space, the standard padded base64 of the 4-byte big-endian key ID followed by the
/// signature, and a newline. The whole note is valid UTF-8 with no ASCII control characters other
/// than newline. The text may contain blank lines: it ends at the last blank line of the note.
/// Signatures sign the text including its final newline and excluding the blank line.
///
/// ```text
/// If you think cryptography is the answer to your problem,
/// then you don't know what your problem is.
///
/// — PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=
/// ```
///
/// ```swift
/// let bytes = try SignedNote.sign(text: checkpoint.text, signers: [logSigner])
/// let note = try SignedNote.open(bytes, verifiers: [logVerifier])
/// let opened = try Checkpoint(text: note.text)
/// ```
///
/// ## Topics
/// - ``sign(text:signers:)``
/// - ``open(_:verifiers:)``
public struct SignedNote: Hashable, Sendable {
    /// The most signature lines ``open(_:verifiers:)`` reads (the spec requires at least 16).
    public static let maxSignatures = 100

    /// The signed text, including its final newline.
    public let text: String
    /// Signatures by known keys that verified, in note order, one per key.
    public let verifiedSignatures: [NoteSignature]
    /// Signatures by keys not among the verifiers, in note order, without exact duplicates.
    public let unverifiedSignatures: [NoteSignature]

    /// Signs `text` with each signer and returns the encoded note.
    ///
    /// - Parameters:
    ///   - text: the note text: non-empty, ending in a newline, without ASCII control characters
    ///     other than newline.
    ///   - signers: one or more signers; their lines appear in this order.
    /// - Returns: the note bytes (UTF-8).
    /// - Throws: ``LedgerError`` `.malformedInput` for an unusable text or no signers, or a signing
    ///   failure from the crypto library.
    public static func sign(text: String, signers: [NoteSigner]) throws(LedgerError) -> [UInt8] {
        let textBytes = Array(text.utf8)
        guard textBytes.last == 0x0A else {
            throw LedgerError(.malformedInput, "A note text must end with a newline; add '\\n' at the end of the text.")
        }
        try checkCharacters(textBytes, what: "note text")
        guard !signers.isEmpty else {
            throw LedgerError(.malformedInput, "A signed note needs at least one signature; pass one or more signers.")
        }
        var out = textBytes
        out.append(0x0A)
        for signer in signers {
            let signature = NoteSignature(keyName: signer.name, keyID: signer.keyID, signature: try signer.signature(for: textBytes))
            out += Array(signature.line.utf8)
            out.append(0x0A)
        }
        return out
    }

    /// Parses a signed note and verifies its signatures against `verifiers`.
    ///
    /// Follows the signed-note rules and Go's `note.Open`: a signature whose key name and key ID
    /// both match a verifier must verify, or the whole note is rejected; signatures by other keys
    /// are kept in ``unverifiedSignatures`` and not checked; at least one known signature must
    /// verify. Repeated signatures by one known key after the first are skipped.
    ///
    /// - Parameters:
    ///   - bytes: the note as received.
    ///   - verifiers: the trusted keys. Two different keys with the same name and key ID are refused.
    /// - Returns: the text and the signatures.
    /// - Throws: ``LedgerError``: `.malformedInput` for a truncated or malformed note (no blank
    ///   line, no final newline, a bad signature line, invalid UTF-8 or control characters);
    ///   `.limitExceeded` beyond ``maxSignatures``; `.integrityFailure` with evidence
    ///   `.invalidSignature` when a known key's signature fails, or `.unverifiedNote` when no
    ///   known key signed.
    public static func open(_ bytes: some Collection<UInt8>, verifiers: [NoteVerifier]) throws(LedgerError) -> SignedNote {
        let message = Array(bytes)
        try checkCharacters(message, what: "signed note")
        var known: [KeyRef: NoteVerifier] = [:]
        for verifier in verifiers {
            let ref = KeyRef(name: verifier.name, keyID: verifier.keyID)
            if let other = known[ref], other != verifier {
                throw LedgerError(
                    .malformedInput,
                    "Two different verifier keys share the name '\(verifier.name)' and key ID \(NoteKeys.hex8(verifier.keyID)). "
                        + "Remove the one that is not the log's real key.")
            }
            known[ref] = verifier
        }

        guard message.last == 0x0A else {
            throw LedgerError(
                .malformedInput,
                "The signed note does not end with a newline: it is truncated or is not a signed note. Obtain the complete note.")
        }
        guard let split = lastBlankLine(in: message) else {
            throw LedgerError(
                .malformedInput,
                "The signed note has no blank line between its text and its signatures. A signed note is the text, an empty line, then lines '— <key name> <signature>'.")
        }
        let textBytes = Array(message[..<(split + 1)])
        let signatureBlock = message[(split + 2)...]
        guard !signatureBlock.isEmpty else {
            throw LedgerError(
                .malformedInput,
                "The signed note has no signature lines after its blank line; it is truncated or was never signed.")
        }

        var verified: [NoteSignature] = []
        var unverified: [NoteSignature] = []
        var seenKnown: Set<KeyRef> = []
        let lines = signatureBlock.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false)
        guard lines.count <= maxSignatures else {
            throw LedgerError(.limitExceeded, "The signed note has \(lines.count) signature lines; at most \(maxSignatures) are read.")
        }
        for (number, line) in lines.enumerated() {
            let signature = try parseSignatureLine(Array(line), number: number + 1)
            let ref = KeyRef(name: signature.keyName, keyID: signature.keyID)
            guard let verifier = known[ref] else {
                if !unverified.contains(signature) { unverified.append(signature) }
                continue
            }
            guard seenKnown.insert(ref).inserted else { continue }
            guard verifier.isValidSignature(signature.signature, for: textBytes) else {
                throw LedgerError(
                    .integrityFailure,
                    "The signature by '\(signature.keyName)' (key ID \(signature.keyIDHex)) does not verify: the note text was altered after signing, "
                        + "or the signature is corrupted. Do not trust this note.",
                    evidence: .invalidSignature(keyName: signature.keyName, keyID: signature.keyID))
            }
            verified.append(signature)
        }
        guard !verified.isEmpty else {
            let found = unverified.map(\.description).joined(separator: ", ")
            let trusted = verifiers.map { "\($0.name)+\(NoteKeys.hex8($0.keyID))" }.joined(separator: ", ")
            throw LedgerError(
                .integrityFailure,
                "The note is not signed by any trusted key: it carries signatures by [\(found)], the trusted keys are [\(trusted)]. "
                    + "Add the signer's verifier key if you trust it.",
                evidence: .unverifiedNote(signatures: unverified))
        }
        return SignedNote(text: String(decoding: textBytes, as: UTF8.self), verifiedSignatures: verified, unverifiedSignatures: unverified)
    }

    private struct KeyRef: Hashable {
        var name: String
        var keyID: UInt32
    }

    /// The index of the first newline of the last `"\n\n"` in the message.
    private static func lastBlankLine(in message: [UInt8]) -> Int? {
        var index = message.count - 2
        while index >= 0 {
            if message[index] == 0x0A && message[index + 1] == 0x0A { return index }
            index -= 1
        }
        return nil
    }

    /// Parses `— <name> <base64>` (without the newline).
    private static func parseSignatureLine(_ line: [UInt8], number: Int) throws(LedgerError) -> NoteSignature {
        func malformed(_ reason: String) -> LedgerError {
            LedgerError(
                .malformedInput,
                "Signature line \(number) of the note is malformed: \(reason). Each signature line reads '— <key name> <base64 of key ID and signature>'.")
        }
        let dash: [UInt8] = [0xE2, 0x80, 0x94, 0x20]
        guard line.starts(with: dash) else { throw malformed("it does not start with an em dash (U+2014) and a space") }
        let rest = line.dropFirst(dash.count)
        guard let space = rest.firstIndex(of: 0x20) else { throw malformed("there is no space between the key name and the signature") }
        let name = String(decoding: rest[..<space], as: UTF8.self)
        let encoded = String(decoding: rest[(space + 1)...], as: UTF8.self)
        do {
            try NoteKeys.validateName(name)
        } catch {
            throw malformed(error.message)
        }
        guard let decoded = Base64.decode(encoded) else { throw malformed("the signature is not standard padded base64") }
        guard decoded.count >= 5 else { throw malformed("the signature has \(decoded.count) bytes, less than a key ID and a signature") }
        let keyID = decoded.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        return NoteSignature(keyName: name, keyID: keyID, signature: Array(decoded.dropFirst(4)))
    }

    /// Valid UTF-8 and no ASCII control characters other than newline (signed-note §Format).
    static func checkCharacters(_ bytes: [UInt8], what: String) throws(LedgerError) {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw LedgerError(.malformedInput, "The \(what) is not valid UTF-8. Signed notes and checkpoints are UTF-8 text.")
        }
        for (offset, byte) in bytes.enumerated() where byte < 0x20 && byte != 0x0A {
            throw LedgerError(
                .malformedInput,
                "The \(what) contains the control character 0x\(Hex.encode([byte])) at byte \(offset); only newline is allowed. "
                    + "Check for carriage returns (CRLF line ends) or tabs.")
        }
    }
}
