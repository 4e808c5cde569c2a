import Foundation
import LedgerCore
import Testing

struct SignedNoteTests {
    @Test func goExampleVerifies() throws {
        let go = try SignedNoteFixture.load().go
        let verifier = try NoteVerifier(verifierKey: go.verifierKey)
        #expect(verifier.name == "PeterNeumann")
        #expect(verifier.keyID == 0xc74f_20a3)
        #expect(verifier.verifierKey == go.verifierKey)

        let note = try SignedNote.open(Array(go.signed.utf8), verifiers: [verifier])
        #expect(note.text == go.text)
        #expect(note.verifiedSignatures.map(\.description) == ["PeterNeumann+c74f20a3"])
        #expect(note.unverifiedSignatures.isEmpty)
    }

    @Test func keyIDDerivationMatchesTheGoExample() throws {
        let go = try SignedNoteFixture.load().go
        let signer = try NoteSigner(signerKey: go.signerKey)
        #expect(signer.keyID == 0xc74f_20a3)
        #expect(NoteSignature(keyName: "x", keyID: signer.keyID, signature: []).keyIDHex == go.keyID)
        #expect(signer.verifier.verifierKey == go.verifierKey)
        #expect(signer.signerKey == go.signerKey)
        // The key ID is derived, not copied from the key string.
        let rebuilt = try NoteVerifier(name: "PeterNeumann", publicKey: signer.verifier.publicKey)
        #expect(rebuilt.keyID == 0xc74f_20a3)
    }

    @Test func signingWithTheGoKeyReproducesTheGoNote() throws {
        let go = try SignedNoteFixture.load().go
        let signer = try NoteSigner(signerKey: go.signerKey)
        // Ed25519 is deterministic: the same key and text give the published signature.
        let note = try SignedNote.sign(text: go.text, signers: [signer])
        #expect(String(decoding: note, as: UTF8.self) == go.signed)
    }

    @Test func c2spExampleVerifies() throws {
        let c2sp = try SignedNoteFixture.load().c2sp
        let verifier = try NoteVerifier(verifierKey: c2sp.verifierKey)
        #expect(verifier.keyID == 0x530d_903a)
        let note = try SignedNote.open(Array(c2sp.signed.utf8), verifiers: [verifier])
        #expect(note.text == c2sp.text)
        #expect(note.verifiedSignatures.map(\.keyName) == ["example.com/foo"])
    }

    @Test func sumGolangOrgCheckpointVerifies() throws {
        let sumdb = try SignedNoteFixture.load().sumdb
        let verifier = try NoteVerifier(verifierKey: sumdb.verifierKey)  // its base64 contains '+'
        #expect(verifier.verifierKey == sumdb.verifierKey)
        let note = try SignedNote.open(Array(sumdb.signed.utf8), verifiers: [verifier])
        let checkpoint = try Checkpoint(text: note.text)
        #expect(checkpoint.origin == "go.sum database tree")
        #expect(checkpoint.size == 65_664_258)
        #expect(checkpoint.text == note.text)
    }

    @Test func noteWeSignVerifiesWithTheSameCodePath() throws {
        let signer = try testSigner()
        let other = try testSigner("witness.example", seed: 99)
        let text = "ledger.example/audit\n3\n\(Base64.encode(MerkleTree.emptyRoot.bytes))\n"
        let bytes = try SignedNote.sign(text: text, signers: [signer, other])

        let note = try SignedNote.open(bytes, verifiers: [signer.verifier])
        #expect(note.text == text)
        #expect(note.verifiedSignatures.map(\.keyName) == ["ledger.example/audit"])
        #expect(note.unverifiedSignatures.map(\.keyName) == ["witness.example"])

        let both = try SignedNote.open(bytes, verifiers: [other.verifier, signer.verifier])
        #expect(both.verifiedSignatures.count == 2)
        #expect(both.unverifiedSignatures.isEmpty)

        // Text with blank lines inside is split at the last blank line.
        let poem = "line one\n\nline three\n"
        #expect(try SignedNote.open(SignedNote.sign(text: poem, signers: [signer]), verifiers: [signer.verifier]).text == poem)
    }

    @Test func wrongKeyFindsNoTrustedSignature() throws {
        let go = try SignedNoteFixture.load().go
        // Same name, different key: a different key ID, so the signature is unknown and ignored.
        let impostor = try testSigner("PeterNeumann", seed: 7)
        let error = #expect(throws: LedgerError.self) {
            try SignedNote.open(Array(go.signed.utf8), verifiers: [impostor.verifier])
        }
        #expect(error?.code == .integrityFailure)
        guard case .unverifiedNote(let signatures)? = error?.evidence else {
            Issue.record("expected unverifiedNote evidence, got \(String(describing: error?.evidence))")
            return
        }
        #expect(signatures.map(\.description) == ["PeterNeumann+c74f20a3"])
        #expect(error?.message.contains("PeterNeumann+c74f20a3") == true)

        #expect(throws: LedgerError.self) { try SignedNote.open(Array(go.signed.utf8), verifiers: []) }
    }

    @Test func alteredTextFailsTheKnownKeysSignature() throws {
        let go = try SignedNoteFixture.load().go
        let verifier = try NoteVerifier(verifierKey: go.verifierKey)
        let altered = go.signed.replacingOccurrences(of: "cryptography", with: "cryptographY")
        let error = #expect(throws: LedgerError.self) { try SignedNote.open(Array(altered.utf8), verifiers: [verifier]) }
        #expect(error?.code == .integrityFailure)
        #expect(error?.evidence == .invalidSignature(keyName: "PeterNeumann", keyID: 0xc74f_20a3))

        // A corrupted signature by the known key also fails, even next to a valid one by another key.
        let signer = try testSigner()
        var bytes = try SignedNote.sign(text: go.text, signers: [signer])
        let goSignatureLine = try #require(go.signed.utf8.firstIndex(of: 0xE2))
        bytes += Array(go.signed.utf8[goSignatureLine...])
        let corrupted = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "x08go/", with: "x08go+")
        let mixed = #expect(throws: LedgerError.self) {
            try SignedNote.open(Array(corrupted.utf8), verifiers: [verifier, signer.verifier])
        }
        #expect(mixed?.evidence == .invalidSignature(keyName: "PeterNeumann", keyID: 0xc74f_20a3))
    }

    @Test func repeatedSignaturesByOneKeyCountOnce() throws {
        let signer = try testSigner()
        let bytes = try SignedNote.sign(text: "hello\n", signers: [signer, signer])
        let note = try SignedNote.open(bytes, verifiers: [signer.verifier, signer.verifier])
        #expect(note.verifiedSignatures.count == 1)
    }

    @Test func verifierKeyWithAnotherKeysIDIsRefused() throws {
        let signer = try testSigner()
        let stranger = try testSigner(seed: 50)
        // The name and key ID of one key with the public key of another: the ID does not derive.
        let forged = "ledger.example/audit+\(NoteSignature(keyName: "x", keyID: signer.keyID, signature: []).keyIDHex)+"
            + Base64.encode([0x01] + stranger.verifier.publicKey.rawRepresentation)
        let error = #expect(throws: LedgerError.self) { try NoteVerifier(verifierKey: forged) }
        #expect(error?.message.contains("key ID") == true)
    }

    static let malformedNotes: [(String, String)] = [
        ("truncated mid-signature", "hello\n\n\u{2014} k AAAA"),
        ("no signature lines", "hello\n\n"),
        ("no blank line", "hello\n\u{2014} k AAAAAAAAAA==\n"),
        ("no text and no blank line", "\u{2014} k AAAAAAAAAA==\n"),
        ("empty", ""),
        ("hyphen instead of em dash", "hello\n\n- k AAAAAAAAAA==\n"),
        ("en dash instead of em dash", "hello\n\n\u{2013} k AAAAAAAAAA==\n"),
        ("no space after the dash", "hello\n\n\u{2014}k AAAAAAAAAA==\n"),
        ("no signature after the name", "hello\n\n\u{2014} k\n"),
        ("empty key name", "hello\n\n\u{2014}  AAAAAAAAAA==\n"),
        ("plus in key name", "hello\n\n\u{2014} a+b AAAAAAAAAA==\n"),
        ("signature not base64", "hello\n\n\u{2014} k not!base64\n"),
        ("unpadded base64", "hello\n\n\u{2014} k AAAAAAAAAA\n"),
        ("signature too short", "hello\n\n\u{2014} k AAAAAA==\n"),
        ("trailing space", "hello\n\n\u{2014} k AAAAAAAAAA== \n"),
        ("carriage returns", "hello\r\n\r\n\u{2014} k AAAAAAAAAA==\r\n"),
        ("tab in text", "hel\tlo\n\n\u{2014} k AAAAAAAAAA==\n"),
    ]

    @Test(arguments: malformedNotes)
    func malformedNotesAreRejected(name: String, note: String) throws {
        let verifier = try testSigner().verifier
        let error = #expect(throws: LedgerError.self, "\(name)") { try SignedNote.open(Array(note.utf8), verifiers: [verifier]) }
        #expect(error?.code == .malformedInput, "\(name): \(error?.message ?? "")")
    }

    @Test func truncatedGoNoteIsRejectedClearly() throws {
        let go = try SignedNoteFixture.load().go
        let verifier = try NoteVerifier(verifierKey: go.verifierKey)
        let bytes = Array(go.signed.utf8)
        for cut in [1, 10, 60, bytes.count - go.text.utf8.count, bytes.count - 5] {
            let error = #expect(throws: LedgerError.self, "cut \(cut)") { try SignedNote.open(bytes.dropLast(cut), verifiers: [verifier]) }
            #expect(error?.code == .malformedInput, "cut \(cut): \(error?.message ?? "")")
        }
        let truncated = #expect(throws: LedgerError.self) { try SignedNote.open(bytes.dropLast(), verifiers: [verifier]) }
        #expect(truncated?.message.contains("truncated") == true)
    }

    @Test func invalidUTF8IsRejected() throws {
        let verifier = try testSigner().verifier
        let bytes: [UInt8] = Array("hel".utf8) + [0xFF] + Array("lo\n\n\u{2014} k AAAAAAAAAA==\n".utf8)
        #expect(throws: LedgerError.self) { try SignedNote.open(bytes, verifiers: [verifier]) }
    }

    @Test func tooManySignaturesHitTheLimit() throws {
        let verifier = try testSigner().verifier
        let lines = String(repeating: "\u{2014} k AAAAAAAAAA==\n", count: SignedNote.maxSignatures + 1)
        let error = #expect(throws: LedgerError.self) { try SignedNote.open(Array("hello\n\n\(lines)".utf8), verifiers: [verifier]) }
        #expect(error?.code == .limitExceeded)
    }

    @Test func signRefusesUnusableInput() throws {
        let signer = try testSigner()
        #expect(throws: LedgerError.self) { try SignedNote.sign(text: "no final newline", signers: [signer]) }
        #expect(throws: LedgerError.self) { try SignedNote.sign(text: "", signers: [signer]) }
        #expect(throws: LedgerError.self) { try SignedNote.sign(text: "tab\there\n", signers: [signer]) }
        #expect(throws: LedgerError.self) { try SignedNote.sign(text: "hello\n", signers: []) }
    }
}
