import Foundation
import LedgerCore
import Testing

struct LineageProofTests {
    /// A log of three entries whose middle one is a lineage batch of five records, a signed
    /// checkpoint of it, and the two-level proof of record `position`.
    static func makeProof(position: Int, erased: Bool = false) throws -> (LineageProof, NoteVerifier) {
        let lines = (0..<5).map { LineageFixtures.line("t\($0)", subject: "cust-\($0 % 2)") }
        let batch = LineageBatch.plan(LineageFixtures.input(lines).records, size: 10)[0]
        let actor = Principal("ci@bank.example")!
        var drafts = [
            EntryDraft(stream: StreamName("model/fraud")!, type: EventType("model.version.registered")!, actor: actor, payload: ["version": "3.2.0"]),
            batch.entryDraft(actor: actor, retention: .sevenYears),
        ]
        let location = LineageRecordLocation(batchSeq: 1, position: position)
        drafts.append(EntryDraft(
            stream: LineageErasure.stream, type: LineageErasure.eventType, actor: actor,
            payload: LineageErasure.payload(subject: SubjectKey("cust-0")!, locations: [location], reason: "test")))
        let entries = try ChainBuilder.seal(drafts, after: .empty, streamVersion: { _ in 0 }, clock: LineageFixtures.clock, random: .deterministic(seed: 3))
        let tree = InMemoryMerkleTree(leafHashes: entries.map(\.leafHash))
        let signer = try NoteSigner(name: "ledger.bank.example", privateKey: Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32)))
        let note = try SignedNote.sign(text: Checkpoint(origin: "ledger.bank.example/models", size: 3, rootHash: tree.root).text, signers: [signer])
        func tlog(_ seq: Int) throws -> TlogProof {
            try TlogProof(index: seq, hashes: MerkleTree.inclusionProof(index: seq, size: 3, reader: tree), checkpointNote: note)
        }
        let proof = LineageProof(
            record: erased ? nil : Array(batch.records[position].canonicalBytes), recordLeafHash: try batch.tree.subtreeHash(level: 0, index: position),
            position: position, batchPath: try batch.tree.inclusionProof(position: position), batchEntry: entries[1], tlogProof: try tlog(1),
            erasure: erased ? LineageProof.Erasure(entry: entries[2], tlogProof: try tlog(2)) : nil)
        return (proof, signer.verifier)
    }

    @Test(arguments: [0, 2, 4])
    func bothLevelsVerifyAndSurviveTheFileRoundTrip(position: Int) throws {
        let (proof, verifier) = try Self.makeProof(position: position)
        let file = try proof.json.canonicalBytes()
        let reread = try LineageProof(json: JSONValue.parse(file))
        #expect(reread == proof)
        let verified = try reread.verify(origin: "ledger.bank.example/models", verifiers: [verifier])
        #expect(verified.record?.predictionId.rawValue == "t\(position)")
        #expect(verified.batchSeq == 1)
        #expect(verified.checkpoint.size == 3)
        #expect(verified.erasedBy == nil)
        #expect(throws: LedgerError.self) { try reread.verify(origin: "elsewhere/log", verifiers: [verifier]) }
    }

    @Test(arguments: [false, true])
    func changingAnyByteOfTheProofFileMakesItFail(erased: Bool) throws {
        let (proof, verifier) = try Self.makeProof(position: 2, erased: erased)
        let file = try proof.json.canonicalBytes()
        #expect(try LineageProof(json: JSONValue.parse(file)).verify(verifiers: [verifier]).erasedBy == (erased ? 2 : nil))
        var accepted: [Int] = []
        for index in file.indices {
            var altered = file
            altered[index] ^= 0x01
            let holds = (try? LineageProof(json: JSONValue.parse(altered)).verify(verifiers: [verifier])) != nil
            if holds { accepted.append(index) }
        }
        #expect(accepted.isEmpty, "bytes whose change went unnoticed: \(accepted.prefix(10).map { "\($0): \(String(decoding: file[max(0, $0 - 20)..<min(file.count, $0 + 20)], as: UTF8.self))" })")
    }

    @Test func anErasedRecordNeedsAnErasureEntryThatNamesIt() throws {
        let (proof, verifier) = try Self.makeProof(position: 3, erased: true)
        // The erasure entry names position 3; a proof that claims position 3 was erased holds.
        #expect(try proof.verify(verifiers: [verifier]).erasedBy == 2)
        // Without the erasure the file is incomplete, not merely unproven.
        var missing = try proof.json.objectValue!
        missing["erasure"] = .null
        #expect { try LineageProof(json: .object(missing)) } throws: { ($0 as? LedgerError)?.code == .malformedInput }
        // An erasure entry for another record does not excuse this one.
        let (other, _) = try Self.makeProof(position: 1, erased: true)
        var mixed = proof
        mixed.erasure = other.erasure
        mixed.erasure?.entry = try Self.makeProof(position: 4, erased: true).0.erasure!.entry
        #expect(throws: LedgerError.self) { try mixed.verify(verifiers: [verifier]) }
    }
}
