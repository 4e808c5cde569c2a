import Foundation
import LedgerCore
import Testing

/// One transparency-dev inclusion probe (`Fixtures/merkle-inclusion-probes.json`).
struct InclusionProbe: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var index: Int
    var size: Int
    var leafHash: String
    var root: String
    var proof: [String]
    var wantErr: Bool
    var expect: String
    var testDescription: String { name }
}

/// One transparency-dev consistency probe (`Fixtures/merkle-consistency-probes.json`).
struct ConsistencyProbe: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var oldSize: Int
    var newSize: Int
    var oldRoot: String
    var newRoot: String
    var proof: [String]
    var wantErr: Bool
    var expect: String
    var testDescription: String { name }
}

/// Decodes a probe hash; `nil` when it is not 32 bytes, which the typed API cannot hold.
private func probeDigest(_ hex: String) -> SHA256Digest? {
    try? SHA256Digest(bytes: Fixture.bytes(hex))
}

struct MerkleProofTests {
    static let inclusionProbes = Fixture.rows("merkle-inclusion-probes", as: [InclusionProbe].self)
    static let consistencyProbes = Fixture.rows("merkle-consistency-probes", as: [ConsistencyProbe].self)

    @Test func probeFixturesAreComplete() {
        #expect(Self.inclusionProbes.count == 98)
        #expect(Self.consistencyProbes.count == 98)
        #expect(Self.inclusionProbes.filter { $0.expect == "accept" }.count == 6)
        #expect(Self.consistencyProbes.filter { $0.expect == "accept" }.count == 5)
        // The one deliberate difference from upstream: equal sizes with equal 12-byte "roots".
        let differing = Self.consistencyProbes.filter { ($0.expect == "reject") != $0.wantErr }.map(\.name)
        #expect(differing == ["additional/sizes-are-equal-one-and-proof-is-empty"])
        #expect(Self.inclusionProbes.allSatisfy { ($0.expect == "reject") == $0.wantErr })
    }

    @Test(arguments: inclusionProbes)
    func inclusionProbe(_ probe: InclusionProbe) {
        guard let leaf = probeDigest(probe.leafHash), let root = probeDigest(probe.root) else {
            #expect(probe.expect == "reject", "a malformed hash can only be rejected")
            return
        }
        let proof = probe.proof.compactMap(probeDigest)
        guard proof.count == probe.proof.count else {
            #expect(probe.expect == "reject", "a malformed proof hash can only be rejected")
            return
        }
        do {
            try MerkleProof.verifyInclusion(leafHash: leaf, index: probe.index, size: probe.size, proof: proof, root: root)
            #expect(probe.expect == "accept", "verified, but the probe must fail")
        } catch {
            #expect(probe.expect == "reject", "rejected a valid proof: \(error.message)")
        }
    }

    @Test(arguments: consistencyProbes)
    func consistencyProbe(_ probe: ConsistencyProbe) {
        guard let oldRoot = probeDigest(probe.oldRoot), let newRoot = probeDigest(probe.newRoot) else {
            #expect(probe.expect == "reject", "a malformed hash can only be rejected")
            return
        }
        let proof = probe.proof.compactMap(probeDigest)
        guard proof.count == probe.proof.count else {
            #expect(probe.expect == "reject", "a malformed proof hash can only be rejected")
            return
        }
        do {
            try MerkleProof.verifyConsistency(oldSize: probe.oldSize, newSize: probe.newSize, oldRoot: oldRoot, newRoot: newRoot, proof: proof)
            #expect(probe.expect == "accept", "verified, but the probe must fail")
        } catch {
            #expect(probe.expect == "reject", "rejected a valid proof: \(error.message)")
        }
    }

    @Test func inclusionFailuresCarryEvidence() throws {
        let tree = try RFC6962Fixture.load().tree
        let root = try MerkleTree.root(size: 6, reader: tree)
        let leaf = try tree.subtreeHash(level: 0, index: 2)
        let proof = try MerkleTree.inclusionProof(index: 2, size: 6, reader: tree)

        let wrongRoot = #expect(throws: LedgerError.self) {
            try MerkleProof.verifyInclusion(leafHash: leaf, index: 2, size: 6, proof: proof, root: root.flipping(bit: 0))
        }
        #expect(wrongRoot?.code == .integrityFailure)
        #expect(wrongRoot?.evidence == .rootMismatch(expected: root.flipping(bit: 0), calculated: root))
        #expect(wrongRoot?.message.contains(root.hex) == true)

        let short = #expect(throws: LedgerError.self) {
            try MerkleProof.verifyInclusion(leafHash: leaf, index: 2, size: 6, proof: Array(proof.dropLast()), root: root)
        }
        #expect(short?.evidence == .proofLength(expected: 3, found: 2))

        let beyond = #expect(throws: LedgerError.self) {
            try MerkleProof.verifyInclusion(leafHash: leaf, index: 6, size: 6, proof: proof, root: root)
        }
        #expect(beyond?.evidence == .indexOutOfRange(index: 6, size: 6))

        let negative = #expect(throws: LedgerError.self) {
            try MerkleProof.verifyInclusion(leafHash: leaf, index: -1, size: 6, proof: proof, root: root)
        }
        #expect(negative?.code == .malformedInput)
    }

    @Test func consistencyFailuresCarryEvidence() throws {
        let tree = try RFC6962Fixture.load().tree
        let old = try MerkleTree.root(size: 3, reader: tree)
        let new = try MerkleTree.root(size: 7, reader: tree)
        let proof = try MerkleTree.consistencyProof(from: 3, to: 7, reader: tree)

        let wrongOld = #expect(throws: LedgerError.self) {
            try MerkleProof.verifyConsistency(oldSize: 3, newSize: 7, oldRoot: old.flipping(bit: 9), newRoot: new, proof: proof)
        }
        #expect(wrongOld?.evidence == .rootMismatch(expected: old.flipping(bit: 9), calculated: old))
        let wrongNew = #expect(throws: LedgerError.self) {
            try MerkleProof.verifyConsistency(oldSize: 3, newSize: 7, oldRoot: old, newRoot: new.flipping(bit: 9), proof: proof)
        }
        #expect(wrongNew?.evidence == .rootMismatch(expected: new.flipping(bit: 9), calculated: new))
        let long = #expect(throws: LedgerError.self) {
            try MerkleProof.verifyConsistency(oldSize: 3, newSize: 7, oldRoot: old, newRoot: new, proof: proof + [old])
        }
        #expect(long?.evidence == .proofLength(expected: proof.count, found: proof.count + 1))
        let shrunk = #expect(throws: LedgerError.self) {
            try MerkleProof.verifyConsistency(oldSize: 7, newSize: 3, oldRoot: new, newRoot: old, proof: proof)
        }
        #expect(shrunk?.evidence == .sizesOutOfOrder(oldSize: 7, newSize: 3))
        let fork = #expect(throws: LedgerError.self) {
            try MerkleProof.verifyConsistency(oldSize: 7, newSize: 7, oldRoot: new, newRoot: old, proof: [])
        }
        #expect(fork?.evidence == .rootMismatch(expected: new, calculated: old))
    }

    @Test func consistencyFromTheEmptyTreeNeedsTheEmptyRootAndNoProof() throws {
        let tree = try RFC6962Fixture.load().tree
        let new = try MerkleTree.root(size: 5, reader: tree)
        try MerkleProof.verifyConsistency(oldSize: 0, newSize: 5, oldRoot: MerkleTree.emptyRoot, newRoot: new, proof: [])
        try MerkleProof.verifyConsistency(oldSize: 0, newSize: 0, oldRoot: MerkleTree.emptyRoot, newRoot: MerkleTree.emptyRoot, proof: [])
        #expect(throws: LedgerError.self) {
            try MerkleProof.verifyConsistency(oldSize: 0, newSize: 5, oldRoot: new, newRoot: new, proof: [])
        }
        #expect(throws: LedgerError.self) {
            try MerkleProof.verifyConsistency(oldSize: 0, newSize: 5, oldRoot: MerkleTree.emptyRoot, newRoot: new, proof: [new])
        }
    }

    @Test(arguments: [(0, 1, 0), (0, 8, 3), (5, 8, 3), (7, 8, 3), (2, 5, 3), (4, 5, 1), (3, 4, 2)])
    func inclusionProofLength(index: Int, size: Int, expected: Int) {
        #expect(MerkleProof.inclusionProofLength(index: index, size: size) == expected)
    }

    @Test(arguments: [(0, 8, 0), (8, 8, 0), (1, 8, 3), (6, 8, 3), (2, 5, 2), (6, 7, 3), (4, 8, 1), (3, 7, 4)])
    func consistencyProofLength(oldSize: Int, newSize: Int, expected: Int) {
        #expect(MerkleProof.consistencyProofLength(oldSize: oldSize, newSize: newSize) == expected)
    }
}
