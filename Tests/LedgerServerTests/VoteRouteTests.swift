import Foundation
import Governance
import HTTPTypes
import HummingbirdTesting
import LedgerCore
import LedgerServer
import LedgerStore
import Testing

@Suite struct VoteRouteTests {
    static let board = BoardName(rawValue: "ml-review-board")!
    static let members = ["cto", "head-ds", "head-mle", "head-risk"].map { Principal(rawValue: "\($0)@bank.example")! }

    /// A Tier 1 model whose version 1.0.0 is in staging with an open board request; returns the members' keys.
    static func openRequest(_ fixture: ServerFixture) async throws -> [Principal: Ed25519PrivateKey] {
        let service = GovernanceService(store: fixture.store, clock: .system)
        let admin = ServerFixture.principal(.admin)
        var keys: [Principal: Ed25519PrivateKey] = [:]
        for member in members {
            let key = try Ed25519PrivateKey.generate()
            keys[member] = key
            try await service.execute(.appointMember(board: board, member: member, publicKey: key.publicKey, seat: nil), by: admin)
        }
        let lineage = Lineage(
            datasetSHA256: SHA256.hash([1]), featureSetVersion: "features-v1", hyperparameters: ["depth": 8],
            imageDigest: "sha256:" + SHA256.hash([2]).hex, languageVersion: "Python 3.11", trainingHours: 1.5,
            metrics: [MetricName("accuracy")!: 0.97, MetricName("precision")!: 0.96, MetricName("recall")!: 0.97],
            artifactSHA256: SHA256.hash([3]), sbomSHA256: SHA256.hash([4]))
        let slug = ModelSlug(rawValue: "fraud-detection-engine")!
        let version = SemanticVersion("1.0.0")!
        try await service.execute(.registerModel(name: "Fraud Detection Engine", owner: "Risk Team", framework: "XGBoost", tier: RiskTier(rawValue: 1)!, purpose: "Score card transactions"), by: admin)
        try await service.execute(.registerVersion(model: slug, version: version, lineage: lineage), by: admin)
        try await service.execute(.transition(model: slug, version: version, to: .staging, deployment: nil, reason: nil), by: admin)
        try await service.execute(.requestApproval(model: slug, version: version, to: .approved), by: admin)
        return keys
    }

    @Test func aMemberCastsAVoteSignedLocally() async throws {
        let fixture = try await ServerFixture()
        let keys = try await Self.openRequest(fixture)
        let member = Self.members[0]
        let token = try fixture.store.createToken(principal: member, role: APIRole.boardMember.rawValue, expires: nil)
        // The member signs the ballot locally, as `govledger vote --sign-only` does
        let service = GovernanceService(store: fixture.store, clock: .system)
        let ballot = try await service.prepareBallot(
            model: ModelSlug(rawValue: "fraud-detection-engine")!, version: SemanticVersion("1.0.0")!, member: member,
            decision: .approve, rationale: "Meets every gate", dissent: nil)
        let key = try #require(keys[member])
        let signature = Base64.encode(try ballot.sign(with: key))
        let body = #"{"member": "\#(member)", "decision": "approve", "rationale": "Meets every gate", "signature": "\#(signature)", "keyFingerprint": "\#(key.publicKey.fingerprint.hex)"}"#
        try await fixture.test { client in
            let response = try await client.send(.post, "/v1/models/fraud-detection-engine/versions/1.0.0/votes", token: token, json: body)
            #expect(response.status == .created, "\(response.text)")
            let seq = try #require(try response.json()["entries"]?.arrayValue?.first?["seq"]?.intValue)
            let entry = try #require(try fixture.store.entriesNow(EntryQuery(fromSeq: seq, limit: 1)).first)
            #expect(entry.header.actor == member)
            #expect(entry.header.type.rawValue == "approval.vote.cast")

            // The same signature sent with another member's token is refused and writes nothing
            let before = try fixture.entryCount()
            let other = try fixture.store.createToken(principal: Self.members[1], role: APIRole.boardMember.rawValue, expires: nil)
            let forged = try await client.send(.post, "/v1/models/fraud-detection-engine/versions/1.0.0/votes", token: other,
                json: body.replacingOccurrences(of: #""member": "\#(member)", "#, with: ""))
            #expect(forged.status == .unprocessableContent, "\(forged.text)")
            #expect(try fixture.entryCount() == before)
        }
    }
}
