import Governance
import LedgerCore
import Testing

/// Approval requests, signed board votes, decisions and sign-offs.
struct ApprovalRuleTests {
    typealias W = GovernanceWorld

    /// A Tier 1 model whose version 1.0.0 is in staging with an open request.
    func openRequest(_ world: GovernanceWorld) async throws -> ModelSlug {
        let slug = try await world.register("Fraud Detection Engine", tier: 1)
        try await world.release(slug, "1.0.0")
        try await world.validate(slug, "1.0.0")
        try await world.run(.transition(model: slug, version: W.v("1.0.0"), to: .staging, deployment: nil, reason: nil))
        try await world.run(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved))
        return slug
    }

    func request(_ world: GovernanceWorld, _ slug: ModelSlug) async throws -> ApprovalRequest {
        try #require(try await world.state().models[slug]?.activeRequest(for: W.v("1.0.0")))
    }

    @Test func theVoteSigningBytesAreTheDomainLineAndTheCanonicalBallot() throws {
        let ballot = VoteBallot(
            model: ModelSlug("fraud-detection-engine")!, version: W.v("3.2.1"), request: 41, board: W.board,
            member: Principal("cto@bank.example")!, decision: .approve, rationale: "Meets every gate", dissent: nil)
        let expected = "govledger-vote/v1\n" + #"{"board":"ml-review-board","decision":"approve","member":"cto@bank.example","model":"fraud-detection-engine","rationale":"Meets every gate","request":41,"version":"3.2.1"}"#
        #expect(ballot.signingBytes == Array(expected.utf8))
        var dissenting = ballot
        dissenting.decision = .reject
        dissenting.dissent = "Recall trails"
        #expect(String(decoding: dissenting.signingBytes, as: UTF8.self).contains(#""decision":"reject","dissent":"Recall trails","member""#))
        let key = W.key(ballot.member)
        let signature = try ballot.sign(with: key)
        #expect(ballot.isSigned(by: key.publicKey, signature: signature))
        #expect(!dissenting.isSigned(by: key.publicKey, signature: signature))
    }

    @Test func requestsTargetATransitionThatNeedsApprovals() async throws {
        let world = try await W.make()
        let slug = try await world.register("Churn", tier: 2)
        try await world.release(slug, "1.0.0")
        let early = try await world.expectRejection(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved), rule: .approvalTarget)
        #expect(early.contains("move it to staging first"))
        try await world.run(.transition(model: slug, version: W.v("1.0.0"), to: .staging, deployment: nil, reason: nil))
        try await world.expectRejection(.requestApproval(model: slug, version: W.v("1.0.0"), to: .production), rule: .approvalTarget)
        try await world.run(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved))
        try await world.expectRejection(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved), rule: .approvalRequest)
    }

    @Test func aBoardBelowQuorumCannotBeAskedToDecide() async throws {
        let world = try await W.make(board: false)
        let slug = try await world.register("Fraud Detection Engine", tier: 1)
        try await world.release(slug, "1.0.0")
        try await world.run(.transition(model: slug, version: W.v("1.0.0"), to: .staging, deployment: nil, reason: nil))
        let message = try await world.expectRejection(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved), rule: .approvalRequest)
        #expect(message.contains("has 0 members, fewer than its quorum 4"))
    }

    func castVote(_ world: GovernanceWorld, _ slug: ModelSlug, member: Principal, key: Ed25519PrivateKey, actor: Principal? = nil, tamper: Bool = false) async throws -> GovernanceCommand {
        let request = try await request(world, slug)
        let ballot = VoteBallot(model: slug, version: W.v("1.0.0"), request: request.seq, board: W.board, member: member, decision: .approve, rationale: "ok", dissent: nil)
        var signature = try ballot.sign(with: key)
        if tamper { signature[0] ^= 1 }
        return .castVote(ballot: ballot, keyFingerprint: key.publicKey.fingerprint, signature: signature)
    }

    @Test func aVoteByANonMemberIsRefused() async throws {
        let world = try await W.make()
        let slug = try await openRequest(world)
        let command = try await castVote(world, slug, member: W.outsider, key: W.key(W.outsider))
        let message = try await world.expectRejection(command, by: W.outsider, rule: .boardMember)
        #expect(message.contains("outsider@bank.example is not a member of board ml-review-board"))
        // A member's ballot recorded by someone else is refused too.
        let proxy = try await castVote(world, slug, member: W.members[0], key: W.key(W.members[0]))
        try await world.expectRejection(proxy, by: W.members[1], rule: .boardMember)
    }

    @Test func aVoteWithABadSignatureOrAnotherKeyIsRefused() async throws {
        let world = try await W.make()
        let slug = try await openRequest(world)
        let tampered = try await castVote(world, slug, member: W.members[0], key: W.key(W.members[0]), tamper: true)
        let message = try await world.expectRejection(tampered, by: W.members[0], rule: .voteSignature)
        #expect(message.contains("signature does not verify"))
        let otherKey = try await castVote(world, slug, member: W.members[0], key: W.key(W.members[1]))
        let keyMessage = try await world.expectRejection(otherKey, by: W.members[0], rule: .voteSignature)
        #expect(keyMessage.contains("appointed key"))
    }

    @Test func aMemberVotesOnce() async throws {
        let world = try await W.make()
        let slug = try await openRequest(world)
        _ = try await world.vote(W.members[0], slug, "1.0.0", .approve)
        let again = try await castVote(world, slug, member: W.members[0], key: W.key(W.members[0]))
        let message = try await world.expectRejection(again, by: W.members[0], rule: .voteOnce)
        #expect(message.contains("already voted approve"))
    }

    @Test func theDecidingVoteCarriesTheDecisionAndClosesTheRequest() async throws {
        let world = try await W.make()
        let slug = try await openRequest(world)
        _ = try await world.vote(W.members[0], slug, "1.0.0", .approve)
        _ = try await world.vote(W.members[1], slug, "1.0.0", .approve)
        let dissent = try await world.vote(W.members[2], slug, "1.0.0", .reject, dissent: "Recall on synthetic identities trails")
        #expect(dissent.count == 1)
        _ = try await world.vote(W.members[3], slug, "1.0.0", .approve)
        let deciding = try await world.vote(W.members[4], slug, "1.0.0", .approve)
        #expect(deciding.map(\.header.type) == [.voteCast, .approvalDecided])
        let decision = try ApprovalDecided(payload: try #require(deciding.last?.payload).object())
        #expect(decision.outcome == .approved)
        #expect(decision.tally == VoteTally(approve: 4, reject: 1, abstain: 0))
        #expect(decision.quorum == 4 && decision.members == 5)
        // The request is closed to votes.
        let late = try await castVote(world, slug, member: W.members[4], key: W.key(W.members[4]))
        let message = try await world.expectRejection(late, by: W.members[4], rule: .requestOpen)
        #expect(message.contains("already decided"))
    }

    @Test func theBoardRejectsAsSoonAsApprovalIsImpossible() async throws {
        let world = try await W.make()
        let slug = try await openRequest(world)
        _ = try await world.vote(W.members[0], slug, "1.0.0", .approve)
        #expect(try await world.vote(W.members[1], slug, "1.0.0", .reject).count == 1)
        let second = try await world.vote(W.members[2], slug, "1.0.0", .abstain)
        let decision = try ApprovalDecided(payload: try #require(second.last?.payload).object())
        #expect(decision.outcome == .rejected)
        #expect(decision.tally == VoteTally(approve: 1, reject: 1, abstain: 1))
        try await world.signOffAll(slug, "1.0.0", except: ["compliance", "legal", "business_owner"])
        let message = try await world.expectRejection(.transition(model: slug, version: W.v("1.0.0"), to: .approved, deployment: nil, reason: nil), rule: .approvals)
        #expect(message.contains("rejected request"))
        try await world.expectRejection(.signOff(model: slug, version: W.v("1.0.0"), role: RoleName("legal")!, note: nil), by: W.holders["legal"]!, rule: .requestOpen)
        // A new request may be opened after a rejection.
        try await world.run(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved))
    }

    @Test func signOffsNeedTheRoleARequiredRoleAndOnlyOnce() async throws {
        let world = try await W.make()
        let slug = try await openRequest(world)
        let compliance = RoleName("compliance")!
        let message = try await world.expectRejection(.signOff(model: slug, version: W.v("1.0.0"), role: compliance, note: nil), by: W.outsider, rule: .signoffRole)
        #expect(message.contains("outsider@bank.example does not hold the role compliance"))
        try await world.expectRejection(.signOff(model: slug, version: W.v("1.0.0"), role: RoleName("peer_reviewer")!, note: nil), by: W.holders["peer_reviewer"]!, rule: .signoffRequired)
        try await world.run(.signOff(model: slug, version: W.v("1.0.0"), role: compliance, note: "Model card reviewed"), by: W.holders["compliance"]!)
        try await world.expectRejection(.signOff(model: slug, version: W.v("1.0.0"), role: compliance, note: nil), by: W.holders["compliance"]!, rule: .signoffOnce)
        // A revoked holder can no longer sign off.
        try await world.run(.revokeRole(principal: W.holders["legal"]!, role: RoleName("legal")!, reason: "left"), by: W.holders["compliance"]!)
        try await world.expectRejection(.signOff(model: slug, version: W.v("1.0.0"), role: RoleName("legal")!, note: nil), by: W.holders["legal"]!, rule: .signoffRole)
    }

    @Test func signOffWithoutAnOpenRequestIsRefused() async throws {
        let world = try await W.make()
        let slug = try await world.register("Churn", tier: 2)
        try await world.release(slug, "1.0.0")
        let message = try await world.expectRejection(.signOff(model: slug, version: W.v("1.0.0"), role: RoleName("ml_engineer")!, note: nil), by: W.holders["ml_engineer"]!, rule: .requestOpen)
        #expect(message.contains("no approval request is open"))
    }

    @Test func boardMembershipRules() async throws {
        let world = try await W.make()
        let newcomer = Principal("newcomer@bank.example")!
        let full = try await world.expectRejection(.appointMember(board: W.board, member: newcomer, publicKey: W.key(newcomer).publicKey, seat: nil), rule: .boardSeat)
        #expect(full.contains("5 of 5 seats"))
        try await world.expectRejection(.appointMember(board: BoardName("shadow-board")!, member: newcomer, publicKey: W.key(newcomer).publicKey, seat: nil), rule: .boardDefined)
        try await world.run(.removeMember(board: W.board, member: W.members[4], reason: "Term ended"))
        try await world.expectRejection(.removeMember(board: W.board, member: W.members[4], reason: nil), rule: .boardMember)
        try await world.expectRejection(.appointMember(board: W.board, member: newcomer, publicKey: W.key(W.members[0]).publicKey, seat: nil), rule: .boardKey)
        try await world.expectRejection(.appointMember(board: W.board, member: newcomer, publicKey: W.key(newcomer).publicKey, seat: "CTO"), rule: .boardSeat)
        try await world.expectRejection(.appointMember(board: W.board, member: W.members[0], publicKey: W.key(newcomer).publicKey, seat: nil), rule: .boardMember)
        try await world.run(.appointMember(board: W.board, member: newcomer, publicKey: W.key(newcomer).publicKey, seat: "External Advisor"))
    }

    @Test func rolesMustBeDefinedAndAssignedOnce() async throws {
        let world = try await W.make()
        try await world.expectRejection(.assignRole(principal: W.outsider, role: RoleName("admin")!), rule: .roleDefined)
        try await world.expectRejection(.assignRole(principal: W.holders["legal"]!, role: RoleName("legal")!), rule: .roleHeld)
        try await world.expectRejection(.revokeRole(principal: W.outsider, role: RoleName("legal")!, reason: nil), rule: .roleHeld)
    }
}
