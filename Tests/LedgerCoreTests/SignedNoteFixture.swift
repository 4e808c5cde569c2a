import LedgerCore

/// `Fixtures/signed-notes.json`: published signed-note, checkpoint and tlog-proof examples.
struct SignedNoteFixture: Decodable {
    struct Go: Decodable { var signerKey: String; var verifierKey: String; var keyID: String; var text: String; var signed: String }
    struct C2SP: Decodable { var verifierKey: String; var text: String; var signed: String }
    struct SumDB: Decodable { var verifierKey: String; var signed: String }
    struct CheckpointExample: Decodable { var signed: String; var origin: String; var size: Int; var rootHash: String }
    struct ProofExample: Decodable { var text: String; var index: Int; var hashCount: Int }

    var go: Go
    var c2sp: C2SP
    var sumdb: SumDB
    var tlogCheckpointExample: CheckpointExample
    var tlogProofExample: ProofExample

    static func load() throws -> SignedNoteFixture { try Fixture.load("signed-notes") }
}

/// A signer with a fixed test key (never a real one): its seed is the 32 bytes seed, seed + 1, ….
func testSigner(_ name: String = "ledger.example/audit", seed: UInt8 = 1) throws -> NoteSigner {
    try NoteSigner(name: name, privateKey: Ed25519PrivateKey(rawRepresentation: (0..<32).map { seed &+ UInt8($0) }))
}
