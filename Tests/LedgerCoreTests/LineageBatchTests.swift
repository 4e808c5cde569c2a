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

    /// The worked example of docs/lineage.md, computed there with Python's json and hashlib.
    @Test func theDocumentedExampleBatchHasTheDocumentedLeavesAndRoot() throws {
        let lines = [
            #"{"predictionId":"txn-2025-01-15-000001","model":"fraud-detection-engine","version":"3.2.0","featureSet":"fraud-features@1.4.0","inputSHA256":"41a707420409c2afc72175b6f8635323c46ae766e1b92adde49a901fe4d713f3","output":{"score":0.93,"label":"deny","reasonCodes":["R01","R17"]},"time":"2025-01-15T09:30:00.250Z","subject":"cust-7f3a9c"}"#,
            #"{"predictionId":"txn-2025-01-15-000002","model":"fraud-detection-engine","version":"3.2.0","featureSet":"fraud-features@1.4.0","inputSHA256":"e4866a8e71763b9beffd3caef940b6fa822ebb34008b8b2c221c5229c592543d","output":{"score":0.12,"label":"allow"},"time":"2025-01-15T09:30:01.250Z"}"#,
            #"{"predictionId":"txn-2025-01-15-000003","model":"fraud-detection-engine","version":"3.2.0","featureSet":"fraud-features@1.4.0","inputSHA256":"48b1c7faa17ed8bae982c4ba4440f419664ba9f309e4d43adc3df53e5bb321e9","output":{"score":0.57,"label":"review","reasonCodes":["R01","R17"]},"time":"2025-01-15T09:30:02.250Z","subject":"cust-7f3a9c"}"#,
        ]
        let batch = try #require(LineageBatch.plan(LineageFixtures.input(lines).records, size: 10).first)
        #expect(batch.records.map(\.canonicalBytes.count) == [333, 282, 335])
        #expect(try (0..<3).map { try batch.tree.subtreeHash(level: 0, index: $0).hex } == [
            "a3917b6b980a46287636d683cc5eb72148ddf7b093676696271ca44356064837",
            "0ecd3076e215ba673955942e7be1468468b1774e497f3b50543aff29b4e3551d",
            "19a44ce437afd8d6fd2ca2e684b6f9915b9adf4af81b4661d71ec80f344a1640",
        ])
        #expect(try batch.tree.subtreeHash(level: 1, index: 0).hex == "7259262dba4464f1d56c09ace1c9fb6bc7ab836694ebe7261a5fb6daefc78a0f")
        #expect(batch.tree.root.hex == "cab8386320266a9855007870029814102d0e0f2a488eb9938e262d1342d967dd")
        #expect(SubjectKey("cust-7f3a9c")!.digest.hex == "4bebc3159e14235cace525b562383ddc92547a50ca38281c2946b0cef0e73d4d")
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

    /// Parsing and planning spread over several tasks give exactly the one-task results: the same
    /// records and problems with the same line numbers, the same batches in the same order.
    @Test(arguments: [2, 3, 7])
    func parsingAndPlanningInPartsGiveTheOneCoreResults(parts: Int) async throws {
        // Over a megabyte, so the file is really cut: good lines, a bad one, blank ones, CRLF.
        var lines: [String] = []
        for index in 0..<6_000 {
            switch index % 997 {
            case 5: lines.append(#"{"predictionId":"bad-\#(index)"}"#)
            case 6: lines.append("")
            default:
                let line = LineageFixtures.line("t\(index)", model: index % 3 == 0 ? "churn" : "fraud", subject: "cust-\(index % 11)")
                lines.append(index % 5 == 0 ? line + "\r" : line)
            }
        }
        let bytes = Array(lines.joined(separator: "\n").utf8)
        #expect(bytes.count > 1 << 20)
        let serial = LineageInput.readJSONLines(bytes)
        let parallel = await LineageInput.readJSONLines(bytes, parts: parts)
        #expect(parallel.records == serial.records)
        #expect(parallel.problems == serial.problems)
        #expect(serial.problems.map(\.line) == [6, 1003, 2000, 2997, 3994, 4991, 5988])
        let batches = LineageBatch.plan(serial.records, size: 700)
        let planned = await LineageBatch.plan(serial.records, size: 700, parts: parts)
        #expect(planned.map(\.model) == batches.map(\.model))
        #expect(planned.map(\.records) == batches.map(\.records))
        #expect(planned.map(\.tree.root) == batches.map(\.tree.root))
        #expect(planned.map(\.payload) == batches.map(\.payload))
    }
}
