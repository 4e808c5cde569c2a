import LedgerCore

/// The parsers under fuzzing. Each `run` parses untrusted bytes, checks the parser's documented
/// round-trip property when the input is accepted, and returns whether it was accepted.
///
/// A broken property is a bug, reported by `preconditionFailure` so that libFuzzer records the
/// input as a crash; rejected input is the normal case and returns `false`.
enum FuzzTarget: String, CaseIterable, Sendable {
    /// `JSONValue.parse`, then RFC 8785 canonicalization: parse → canonicalize → parse is a fixed point.
    case json
    /// `Checkpoint(text:)`: accepted text is exactly the text of the parsed checkpoint.
    case checkpoint
    /// `SignedNote.open` with a fixed trusted key, then `Checkpoint(text:)` on the opened text.
    case note
    /// `TlogProof(bytes:)`: accepted bytes are exactly the bytes of the parsed proof.
    case tlogproof
    /// `PolicyLoader.load(yaml:)`: an accepted policy loads again, equal, from its canonical JSON.
    case policy

    /// Runs one input through the target.
    func run(_ bytes: [UInt8]) -> Bool {
        switch self {
        case .json: JSONFuzz.run(bytes)
        case .checkpoint: CheckpointFuzz.run(bytes)
        case .note: NoteFuzz.run(bytes)
        case .tlogproof: TlogProofFuzz.run(bytes)
        case .policy: PolicyFuzz.run(bytes)
        }
    }

    /// Valid inputs to start a corpus from, so that mutations reach past the first checks.
    var seeds: [[UInt8]] {
        switch self {
        case .json: JSONFuzz.seeds
        case .checkpoint: CheckpointFuzz.seeds
        case .note: NoteFuzz.seeds
        case .tlogproof: TlogProofFuzz.seeds
        case .policy: []  // fuzz.sh seeds this target with compliance/policy.yaml
        }
    }

    /// Hex of the first bytes of an input, for failure messages.
    static func describe(_ bytes: [UInt8]) -> String {
        Hex.encode(Array(bytes.prefix(256))) + (bytes.count > 256 ? "…" : "")
    }
}

/// The fixed key that signs seed notes and proofs, and the only key the note target trusts.
enum FuzzKeys {
    static let signer: NoteSigner = {
        do {
            return try NoteSigner(name: "fuzz.example", privateKey: Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: 32)))
        } catch {
            preconditionFailure("the fixed fuzzing key is invalid: \(error)")
        }
    }()
    static let origin = "fuzz.example/log"
}
