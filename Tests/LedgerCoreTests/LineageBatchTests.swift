import LedgerCore
import Testing

struct LineageBatchTests {
    @Test(arguments: [1, 2, 3, 7, 8, 9, 100, 1025])
    func theBatchTreeMatchesTheReferenceTreeForEveryLeaf(count: Int) throws {
        let leaves = (0..<count).map { MerkleTree.leafHash(Array("record \($0)".utf8)) }
        let tree = LineageBatchTree(leaves: leaves)
        let reference = InMemoryMerkleTree(leafHashes: leaves)
        #expect(tree.root == reference.root)
        #expect(tree.bytes.count == LineageBatchTree.byteCount(leaves: count))
        #expect(tree.firstDamagedNode() == nil)
        for position in Set([0, count / 2, count - 1]) {
            #expect(try tree.inclusionProof(position: position) == MerkleTree.inclusionProof(index: position, size: count, reader: reference))
        }
        let reread = try LineageBatchTree(count: count, bytes: tree.bytes)
        #expect(reread.root == tree.root)
        #expect(throws: LedgerError.self) { try LineageBatchTree(count: count + 1, bytes: tree.bytes) }
        if count >= 2 {
            var damaged = tree.bytes
            damaged[damaged.count - 1] ^= 1
            #expect(try LineageBatchTree(count: count, bytes: damaged).firstDamagedNode() != nil)
        }
    }

    @Test func recordsAreGroupedByModelInFileOrderAndCutIntoBatches() throws {
        let lines = (0..<7).map { LineageFixtures.line("t\($0)", model: $0 % 3 == 0 ? "churn" : "fraud", time: "2025-01-15T09:3\($0):00.000Z") }
        let batches = LineageBatch.plan(LineageFixtures.input(lines).records, size: 2)
        #expect(batches.map(\.model) == ["churn", "churn", "fraud", "fraud"])
        #expect(batches.map { $0.records.map(\.predictionId.rawValue) } == [["t0", "t3"], ["t6"], ["t1", "t2"], ["t4", "t5"]])
        let commitment = try LineageBatchCommitment(payload: batches[0].payload)
        #expect(commitment.count == 2)
        #expect(commitment.root == batches[0].tree.root)
        #expect(commitment.from.description == "2025-01-15T09:30:00.000Z")
        #expect(commitment.to.description == "2025-01-15T09:33:00.000Z")
        #expect(commitment.versions == ["3.2.0"])
        #expect(batches[0].entryDraft(actor: Principal("ci")!, retention: .sevenYears).stream.rawValue == "lineage/churn")
    }
}
