import Testing
@testable import LedgerCore

struct ChainTests {
    static func draft(_ stream: String, expected: Int? = nil, payload: JSONObject = ["k": "v"]) -> EntryDraft {
        EntryDraft(stream: StreamName(stream)!, type: EventType("test.recorded")!, actor: Principal("tester")!,
                   payload: payload, expectedVersion: expected)
    }

    static func seal(_ drafts: [EntryDraft], after head: ChainHead = .empty, versions: [String: Int] = [:],
                     time: String = "2025-01-15T09:30:00.000Z") throws -> [Entry] {
        try ChainBuilder.seal(drafts, after: head, streamVersion: { versions[$0.rawValue] ?? 0 },
                              clock: .fixed(Timestamp(time)!), random: .deterministic(seed: 7))
    }

    @Test func sealingLinksAndCountsStreamVersions() throws {
        let entries = try Self.seal([Self.draft("a"), Self.draft("b"), Self.draft("a", expected: 1)])
        #expect(entries.map(\.header.seq) == [0, 1, 2])
        #expect(entries.map(\.header.streamVersion) == [1, 1, 2])
        #expect(entries[0].header.prevSHA256 == .zero)
        #expect(entries[1].header.prevSHA256 == entries[0].leafHash)
        #expect(entries[2].header.prevSHA256 == entries[1].leafHash)
        var verifier = ChainVerifier()
        for entry in entries {
            try verifier.check(seq: entry.header.seq, headerBytes: entry.headerBytes, storedLeafHash: entry.leafHash, payload: entry.payload)
        }
        #expect(verifier.count == 3)
        #expect(verifier.payloadsChecked == 3)
    }

    @Test func aWrongExpectedVersionIsAConflictNamingBothVersions() {
        let error = #expect(throws: LedgerError.self) {
            try Self.seal([Self.draft("a"), Self.draft("b", expected: 3)], versions: ["b": 5])
        }
        #expect(error?.code == .streamConflict)
        #expect(error?.batchIndex == 1)
        #expect(error?.message.contains("version 5") == true)
        #expect(error?.message.contains("expected 3") == true)
    }

    @Test func timesNeverGoBackwards() throws {
        let head = ChainHead(nextSeq: 4, leafHash: .zero, time: Timestamp("2026-01-01T00:00:00.000Z"))
        let entries = try Self.seal([Self.draft("a")], after: head, time: "2025-01-01T00:00:00.000Z")
        #expect(entries[0].header.time == Timestamp("2026-01-01T00:00:00.000Z"))
        #expect(entries[0].header.seq == 4)
    }

    /// Every single-field mutation of a valid chain is caught, and the error names the seq.
    @Test func verifierCatchesEachKindOfTampering() throws {
        let entries = try Self.seal((0..<5).map { Self.draft($0 % 2 == 0 ? "a" : "b") })
        func run(_ rows: [(Int, [UInt8], SealedPayload?)]) throws(LedgerError) {
            var verifier = ChainVerifier()
            for (seq, header, payload) in rows {
                try verifier.check(seq: seq, headerBytes: header, storedLeafHash: nil, payload: payload)
            }
        }
        let good = entries.map { ($0.header.seq, $0.headerBytes, $0.payload) }
        try run(good)

        var flipped = good
        var bytes = flipped[2].1
        bytes[bytes.count - 30] ^= 0x01
        flipped[2].1 = bytes
        #expect((#expect(throws: LedgerError.self) { try run(flipped) })?.seq == 2)

        var missing = good
        missing.remove(at: 3)
        #expect((#expect(throws: LedgerError.self) { try run(missing) })?.seq == 3)

        var swapped = good
        swapped.swapAt(1, 2)
        #expect((#expect(throws: LedgerError.self) { try run(swapped) })?.seq == 1)

        var alteredPayload = good
        let original = alteredPayload[4].2!
        alteredPayload[4].2 = SealedPayload(canonicalBytes: Array(#"{"k":"w"}"#.utf8), salt: original.salt)
        #expect((#expect(throws: LedgerError.self) { try run(alteredPayload) })?.seq == 4)

        var alteredSalt = good
        var salt = original.salt
        salt[0] ^= 0xff
        alteredSalt[4].2 = SealedPayload(canonicalBytes: original.canonicalBytes, salt: salt)
        #expect((#expect(throws: LedgerError.self) { try run(alteredSalt) })?.seq == 4)

        var purged = good
        purged[0].2 = nil
        let error = #expect(throws: LedgerError.self) { try run(purged) }
        #expect(error?.seq == 0)
        #expect(error?.message.contains("missing") == true)
    }

    @Test func merkleAccumulatorMatchesTheRecursiveDefinition() {
        func reference(_ leaves: ArraySlice<SHA256Digest>) -> SHA256Digest {
            if leaves.isEmpty { return SHA256.hash([UInt8]()) }
            if leaves.count == 1 { return leaves.first! }
            var split = 1
            while split * 2 < leaves.count { split *= 2 }
            let mid = leaves.startIndex + split
            return MerkleAccumulator.node(reference(leaves[..<mid]), reference(leaves[mid...]))
        }
        var tree = MerkleAccumulator()
        var leaves: [SHA256Digest] = []
        #expect(tree.root == reference([]))
        for index in 0..<70 {
            let leaf = SHA256.hash(prefix: 0, [UInt8(index)])
            leaves.append(leaf)
            tree.append(leaf)
            #expect(tree.root == reference(leaves[...]), "size \(index + 1)")
        }
    }
}
