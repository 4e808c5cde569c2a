import Foundation
import LedgerCore
import Testing
@testable import Projections

/// A small log with two models and the shared streams, one entry per day, and a pack of `alpha`.
struct PackFixture {
    let entries: [Entry]
    let tree: InMemoryMerkleTree
    let signer: NoteSigner
    let scope: AuditPackScope
    let files: [AuditPackFile]

    /// (stream, type) of each entry, in order; entry i is at day i of January 2025 (i < 31).
    static let plan: [(String, String)] = [
        ("policy/enterprise", "policy.adopted"), ("access/roles", "role.assigned"), ("board/ml-review-board", "board.member.appointed"),
        ("model/alpha", "model.registered"), ("model/beta", "model.registered"), ("model/alpha", "model.version.registered"),
        ("legal-hold/alpha", "legal.hold.placed"), ("model/beta", "model.version.registered"), ("model/alpha", "validation.recorded"),
        ("policy/enterprise", "policy.adopted"), ("model/alpha", "approval.requested"), ("board/ml-review-board", "vote.cast"),
        ("model/beta", "validation.recorded"), ("model/alpha", "model.version.transitioned"), ("lineage/alpha", "lineage.batch.recorded"),
        ("model/beta", "approval.requested"), ("model/alpha", "drift.alert.raised"), ("policy/enterprise", "policy.adopted"),
        ("model/alpha", "retraining.triggered"), ("model/beta", "drift.alert.raised"),
    ]

    init(from: String = "2025-01-06", to: String = "2025-01-17", documents: [(path: String, bytes: [UInt8])] = [], withFirstCheckpoint: Bool = true) throws {
        let signer = try NoteSigner(name: "ledger.test", privateKey: Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32)))
        var entries: [Entry] = []
        var head = ChainHead(nextSeq: 0, leafHash: .zero, time: nil)
        var versions: [StreamName: Int] = [:]
        for (index, (stream, type)) in Self.plan.enumerated() {
            let day = String(format: "2025-01-%02dT10:00:00.000Z", index + 1)
            let draft = EntryDraft(
                stream: StreamName(rawValue: stream)!, type: EventType(rawValue: type)!, actor: Principal(rawValue: "alice@bank.example")!,
                payload: ["n": .number(Double(index)), "note": .string("entry \(index)")])
            let sealed = try ChainBuilder.seal(
                [draft], after: head, streamVersion: { versions[$0] ?? 0 }, clock: .fixed(Timestamp(day)!), random: .deterministic(seed: UInt64(index)))
            versions[draft.stream, default: 0] += 1
            entries += sealed
            head = ChainHead(nextSeq: index + 1, leafHash: sealed[0].leafHash, time: sealed[0].header.time)
        }
        self.entries = entries
        self.tree = InMemoryMerkleTree(leafHashes: entries.map(\.leafHash))
        self.signer = signer
        let scope = try AuditPackScope(
            model: "alpha", from: AuditPackScope.bound(from, endOfDay: false)!, to: AuditPackScope.bound(to, endOfDay: true)!)
        self.scope = scope
        let included = entries.filter { scope.includes(stream: $0.header.stream.rawValue, time: $0.header.time) }
        let first = try Self.checkpoint(size: included.last!.header.seq + 1, entries: entries, signer: signer)
        let latest = try Self.checkpoint(size: entries.count, entries: entries, signer: signer)
        files = try AuditPackBuilder.build(
            scope: scope, entries: included, checkpointNote: latest, firstCheckpointNote: withFirstCheckpoint ? first : nil, documents: documents,
            createdAt: Timestamp("2025-02-01T00:00:00.000Z")!, signer: signer, reader: tree)
    }

    static func checkpoint(size: Int, entries: [Entry], signer: NoteSigner) throws -> [UInt8] {
        let root = InMemoryMerkleTree(leafHashes: entries.prefix(size).map(\.leafHash)).root
        return try SignedNote.sign(text: Checkpoint(origin: "ledger.test/log", size: size, rootHash: root).text, signers: [signer])
    }

    func file(_ path: String) -> [UInt8] { files.first { $0.path == path }!.bytes }

    func replacing(_ path: String, with bytes: [UInt8]?) -> [AuditPackFile] {
        files.compactMap { $0.path == path ? bytes.map { AuditPackFile(path: path, bytes: $0) } : $0 }
    }

    /// What an insider holding the ledger key could do: update the manifest to the changed files and sign it again.
    func resealed(_ changed: [AuditPackFile]) throws -> [AuditPackFile] {
        let old = try AuditPackManifest(bytes: file(AuditPackLayout.manifest))
        let content = changed.filter { $0.path != AuditPackLayout.manifest && $0.path != AuditPackLayout.manifestSignature }
        var manifest = old
        manifest.files = content.map(AuditPackManifest.FileRecord.init).sorted { $0.path < $1.path }
        let bytes = manifest.canonicalBytes
        let signature = try SignedNote.sign(text: AuditPackLayout.signedText(manifestDigest: SHA256.hash(bytes)), signers: [signer])
        return content + [AuditPackFile(path: AuditPackLayout.manifest, bytes: bytes), AuditPackFile(path: AuditPackLayout.manifestSignature, bytes: signature)]
    }

    func lines() -> [[UInt8]] {
        file(AuditPackLayout.entries).split(separator: 0x0A).map(Array.init)
    }

    static func joined(_ lines: [[UInt8]]) -> [UInt8] { lines.flatMap { $0 + [0x0A] } }

    func failure(_ files: [AuditPackFile], verifier: NoteVerifier? = nil) -> AuditPackFailure? {
        do {
            _ = try AuditPackVerifier.verify(files: files, verifier: verifier ?? signer.verifier)
            return nil
        } catch {
            return error
        }
    }
}

@Suite struct AuditPackTests {
    @Test func aBuiltPackVerifiesAndHoldsExactlyTheScopedEntries() throws {
        let pack = try PackFixture()
        let report = try AuditPackVerifier.verify(files: pack.files, verifier: pack.signer.verifier)
        let seqs = pack.lines().map { try! Entry(exportLine: $0).header.seq }
        // alpha from Jan 6 to Jan 17 (seqs 5, 6, 8, 10, 13, 14, 16) and shared entries up to Jan 17.
        #expect(seqs == [0, 1, 2, 5, 6, 8, 9, 10, 11, 13, 14, 16])
        #expect(report.manifest.entries == 12)
        #expect(report.checkpoint.size == 20)
        #expect(report.consistentFrom == 17)
        #expect(report.payloadsPresent == 12)
        // The policies in force: the one adopted before the period and the one adopted during it.
        let policies = pack.files.filter { $0.path.hasPrefix("policy/") }
        #expect(policies.count == 2)
        #expect(Set(policies.map(\.bytes)) == Set([0, 9].map { pack.entries[$0].payload!.canonicalBytes }))
        #expect(pack.files.suffix(2).map(\.path) == [AuditPackLayout.manifest, AuditPackLayout.manifestSignature])
    }

    @Test func documentsGoUnderReportsAndBadPathsAreRefused() throws {
        let pack = try PackFixture(documents: [(path: "model-card.html", bytes: Array("<h1>alpha</h1>".utf8))])
        #expect(pack.file("reports/model-card.html") == Array("<h1>alpha</h1>".utf8))
        _ = try AuditPackVerifier.verify(files: pack.files, verifier: pack.signer.verifier)
        for bad in ["../escape.html", "/etc/passwd", "a\\b.html", "a//b", "", "x/../y"] {
            #expect(throws: LedgerError.self, "\(bad)") { _ = try PackFixture(documents: [(path: bad, bytes: [1])]) }
        }
    }

    @Test func changedFilesAreNamed() throws {
        let pack = try PackFixture()
        for file in pack.files {
            for position in [0, file.bytes.count / 2, file.bytes.count - 1] {
                var bytes = file.bytes
                bytes[position] ^= 0x01
                let failure = try #require(pack.failure(pack.replacing(file.path, with: bytes)), "\(file.path) at \(position)")
                let expected = file.path == AuditPackLayout.manifest ? AuditPackLayout.manifestSignature : file.path
                #expect(failure.file == expected, "\(file.path) at \(position): \(failure)")
            }
        }
    }

    @Test func missingAddedAndDuplicatedFilesAreNamed() throws {
        let pack = try PackFixture()
        for file in pack.files {
            #expect(pack.failure(pack.replacing(file.path, with: nil))?.file == file.path)
        }
        #expect(pack.failure(pack.files + [AuditPackFile(path: "reports/extra.pdf", bytes: [1, 2])])?.file == "reports/extra.pdf")
        #expect(pack.failure(pack.files + [pack.files[0]])?.file == pack.files[0].path)
    }

    @Test func theWrongKeyFailsOnTheSignature() throws {
        let pack = try PackFixture()
        let other = try NoteSigner(name: "ledger.test", privateKey: Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 9, count: 32)))
        #expect(pack.failure(pack.files, verifier: other.verifier)?.file == AuditPackLayout.manifestSignature)
    }

    @Test func aRehashedManifestWithoutANewSignatureFails() throws {
        let pack = try PackFixture()
        var lines = pack.lines()
        lines.remove(at: 4)
        let changed = pack.replacing(AuditPackLayout.entries, with: PackFixture.joined(lines))
        var manifest = try AuditPackManifest(bytes: pack.file(AuditPackLayout.manifest))
        manifest.files = changed.filter { !$0.path.hasPrefix("manifest.") }.map(AuditPackManifest.FileRecord.init).sorted { $0.path < $1.path }
        let failure = pack.failure(changed.map { $0.path == AuditPackLayout.manifest ? AuditPackFile(path: $0.path, bytes: manifest.canonicalBytes) : $0 })
        #expect(failure?.file == AuditPackLayout.manifestSignature)
    }

    @Test func entryTamperingSignedByAnInsiderIsFoundAtItsLine() throws {
        let pack = try PackFixture()
        let lines = pack.lines()
        func check(_ newLines: [[UInt8]], line: Int?, seq: Int?, says words: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let files = try pack.resealed(pack.replacing(AuditPackLayout.entries, with: PackFixture.joined(newLines)))
            let failure = try #require(pack.failure(files), sourceLocation: sourceLocation)
            #expect(failure.file == AuditPackLayout.entries || failure.file == AuditPackLayout.multiproof, "\(failure)", sourceLocation: sourceLocation)
            #expect(failure.line == line && failure.seq == seq, "\(failure)", sourceLocation: sourceLocation)
            #expect(failure.message.contains(words), "\(failure)", sourceLocation: sourceLocation)
        }
        // A payload byte changed (line 5 is seq 6): the commitment no longer matches.
        var payloadChanged = lines
        let text = String(decoding: lines[4], as: UTF8.self).replacingOccurrences(of: "entry 6", with: "entry 7")
        payloadChanged[4] = Array(text.utf8)
        try check(payloadChanged, line: 5, seq: 6, says: "payloadSHA256")
        // Two lines swapped.
        var swapped = lines
        swapped.swapAt(3, 4)
        try check(swapped, line: 5, seq: 5, says: "strictly increase")
        // A model entry removed (seq 8, version 3 of model/alpha): version 4 follows version 2.
        var removed = lines
        removed.remove(at: 5)
        try check(removed, line: 7, seq: 10, says: "missing")
        // The link of seq 6 to seq 5 changed.
        var relinked = lines
        let previous = try Entry(exportLine: lines[4]).header.prevSHA256.hex
        relinked[4] = Array(String(decoding: lines[4], as: UTF8.self).replacingOccurrences(of: previous, with: String(repeating: "ab", count: 32)).utf8)
        try check(relinked, line: 5, seq: 6, says: "chain is broken")
        // An entry of another model slipped in.
        var foreign = lines
        foreign.insert(pack.entries[7].exportLine(), at: 5)
        try check(foreign, line: 6, seq: 7, says: "neither a stream of the model")
        // A line that is not canonical.
        var spaced = lines
        spaced[0] = Array(" ".utf8) + lines[0]
        try check(spaced, line: 1, seq: 0, says: "canonical")
    }

    @Test func proofHashesChangedAndSignedAgainAreNamed() throws {
        let pack = try PackFixture()
        for path in [AuditPackLayout.multiproof, AuditPackLayout.consistency] {
            let text = String(decoding: pack.file(path), as: UTF8.self)
            let hash = try #require(text.split(separator: "\"").first { $0.count == 64 && $0.allSatisfy(\.isHexDigit) })
            let changed = text.replacingOccurrences(of: String(hash), with: String(repeating: "0", count: 64))
            let failure = pack.failure(try pack.resealed(pack.replacing(path, with: Array(changed.utf8))))
            #expect(failure?.file == path, "\(String(describing: failure))")
        }
    }

    @Test func aPackWithoutAnEarlierCheckpointVerifiesAndSaysSo() throws {
        let pack = try PackFixture(withFirstCheckpoint: false)
        #expect(!pack.files.contains { $0.path == AuditPackLayout.firstCheckpoint || $0.path == AuditPackLayout.consistency })
        let report = try AuditPackVerifier.verify(files: pack.files, verifier: pack.signer.verifier)
        #expect(report.consistentFrom == nil)
        #expect(report.manifest.firstCheckpointSize == nil)
        // With the first checkpoint, dropping only the consistency proof (and signing again) is refused.
        let full = try PackFixture()
        let failure = full.failure(try full.resealed(full.replacing(AuditPackLayout.consistency, with: nil)))
        #expect(failure?.message.contains("together") == true, "\(String(describing: failure))")
    }

    @Test func periodBoundsAndScope() throws {
        #expect(AuditPackScope.bound("2025-01-17", endOfDay: true)?.description == "2025-01-17T23:59:59.999Z")
        #expect(AuditPackScope.bound("2025-01-17", endOfDay: false)?.description == "2025-01-17T00:00:00.000Z")
        #expect(AuditPackScope.bound("2025-01-17T10:00:00Z", endOfDay: true)?.description == "2025-01-17T10:00:00.000Z")
        #expect(AuditPackScope.bound("2025-02-30", endOfDay: false) == nil)
        #expect(AuditPackScope.bound("yesterday", endOfDay: false) == nil)
        let scope = try AuditPackScope(model: "alpha", from: Timestamp("2025-01-01T00:00:00.000Z")!, to: Timestamp("2025-01-31T23:59:59.999Z")!)
        #expect(scope.membership(of: "model/alpha") == .model)
        #expect(scope.membership(of: "retention/alpha") == .model)
        #expect(scope.membership(of: "model/alphabet") == nil)
        #expect(scope.membership(of: "model/alpha/extra") == nil)
        #expect(scope.membership(of: "board/ml-review-board") == .shared)
        #expect(scope.membership(of: "access/roles") == .shared)
        #expect(scope.membership(of: "access/tokens") == nil)
        #expect(throws: LedgerError.self) { try AuditPackScope(model: "Alpha", from: scope.from, to: scope.to) }
        #expect(throws: LedgerError.self) { try AuditPackScope(model: "alpha", from: scope.to, to: scope.from) }
    }

    @Test func theArchiveRoundTripsAndIsReadWithoutWriting() throws {
        let pack = try PackFixture()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("pack.zip").path
        try AuditPackArchive.write(pack.files, to: path, modified: Timestamp("2025-02-01T00:00:00.000Z")!)
        let read = try AuditPackArchive.read(path)
        #expect(read == pack.files)
        _ = try AuditPackVerifier.verify(files: read, verifier: pack.signer.verifier)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["pack.zip"])
        let notZip = folder.appendingPathComponent("not.zip").path
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notZip))
        #expect(throws: AuditPackFailure.self) { try AuditPackArchive.read(notZip) }
        #expect((try? AuditPackArchive.read(folder.appendingPathComponent("absent.zip").path)) == nil)
    }
}
