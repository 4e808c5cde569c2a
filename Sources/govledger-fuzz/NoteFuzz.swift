import LedgerCore

/// The C2SP signed-note parser, with the fixed fuzzing key trusted.
enum NoteFuzz {
    static let verifiers = [FuzzKeys.signer.verifier]

    static func run(_ bytes: [UInt8]) -> Bool {
        guard let note = try? SignedNote.open(bytes, verifiers: verifiers) else { return false }
        precondition(!note.verifiedSignatures.isEmpty, "a note opened without a verified signature: input \(FuzzTarget.describe(bytes))")
        precondition(bytes.starts(with: Array(note.text.utf8)), "the opened text is not the start of the note: input \(FuzzTarget.describe(bytes))")
        _ = try? Checkpoint(text: note.text)
        return true
    }

    static var seeds: [[UInt8]] {
        let root = SHA256.hash(Array("root".utf8))
        var notes: [[UInt8]] = []
        for (size, extensions) in [(0, [String]()), (5, []), (42, ["ext"])] {
            guard let checkpoint = try? Checkpoint(origin: FuzzKeys.origin, size: size, rootHash: root, extensions: extensions),
                let note = try? SignedNote.sign(text: checkpoint.text, signers: [FuzzKeys.signer])
            else { continue }
            notes.append(note)
        }
        return notes
    }
}
