import Governance
import LedgerCore
import LedgerTestSupport
import Testing

/// Level-3 verification: entries a compromised writer appended without the decisions, with
/// intact hashes, are each reported with their seq and rule.
struct RuleCheckerTests {
    typealias W = GovernanceWorld

    /// Appends `event` as is, bypassing every rule, with the retention its tier would give.
    @discardableResult
    func forge(_ world: GovernanceWorld, _ event: GovernanceEvent, by actor: Principal = W.engineer, retention: RetentionClass? = nil) async throws -> Entry {
        let state = try await world.state()
        try await forge(world, stream: event.stream, type: event.type, payload: event.payload, by: actor,
                        retention: retention ?? GovernanceRules.retention(for: event, in: state))
        return await world.entries.last!
    }

    func forge(_ world: GovernanceWorld, stream: StreamName, type: EventType, payload: JSONObject, by actor: Principal = W.engineer, retention: RetentionClass) async throws {
        world.clock.advance(milliseconds: 60_000)
        _ = try await world.store.appendUnchecked([EntryDraft(stream: stream, type: type, actor: actor, retention: retention, payload: payload)])
    }

    func violations(_ world: GovernanceWorld) async -> [RuleViolation] {
        RuleChecker.check(await world.entries).violations
    }

    func staged(_ world: GovernanceWorld, tier: Int = 1) async throws -> ModelSlug {
        let slug = try await world.register("Fraud Detection Engine", tier: tier)
        try await world.release(slug, "1.0.0")
        try await world.validate(slug, "1.0.0")
        try await world.run(.transition(model: slug, version: W.v("1.0.0"), to: .staging, deployment: nil, reason: nil))
        return slug
    }

    @Test func aLogBuiltThroughTheDecisionsHasNoViolation() async throws {
        let world = try await W.make()
        let slug = try await world.register("Churn", tier: 2)
        try await world.ship(slug, "1.0.0")
        try await world.ship(slug, "1.1.0")
        _ = try await world.run(.rollback(model: slug, reason: "errors"))
        let report = RuleChecker.check(await world.entries)
        #expect(report.isValid, "\(report.violations)")
        #expect(report.eventsChecked == report.entriesChecked)
    }

    @Test func aTransitionWithoutItsApprovalsIsReported() async throws {
        let world = try await W.make()
        let slug = try await staged(world)
        let entry = try await forge(world, .versionTransitioned(VersionTransitioned(
            model: slug, version: W.v("1.0.0"), from: .staging, to: .approved, cause: .transition, policyDigest: world.policy.digest)))
        let found = await violations(world)
        #expect(found.count == 1)
        #expect(found.first?.seq == entry.header.seq)
        #expect(found.first?.rule == .approvals)
        #expect(found.first?.description.contains("transition fraud-detection-engine 1.0.0 staging → approved breaks rule approvals") == true)
    }

    @Test func aTransitionWithoutValidationsIsReported() async throws {
        let world = try await W.make()
        let slug = try await world.register("Churn", tier: 2)
        try await world.release(slug, "1.0.0")
        try await world.run(.transition(model: slug, version: W.v("1.0.0"), to: .staging, deployment: nil, reason: nil))
        try await world.run(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved))
        try await world.signOffAll(slug, "1.0.0")
        let request = try #require(try await world.state().models[slug]?.activeRequest(for: W.v("1.0.0")))
        try await forge(world, .versionTransitioned(VersionTransitioned(
            model: slug, version: W.v("1.0.0"), from: .staging, to: .approved, cause: .transition, request: request.seq, policyDigest: world.policy.digest)))
        #expect(await violations(world).map(\.rule) == [.validation])
    }

    @Test func forgedVotesAreReported() async throws {
        let world = try await W.make()
        let slug = try await staged(world)
        try await world.run(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved))
        let request = try #require(try await world.state().models[slug]?.activeRequest(for: W.v("1.0.0")))
        func ballot(_ member: Principal) -> VoteBallot {
            VoteBallot(model: slug, version: W.v("1.0.0"), request: request.seq, board: W.board, member: member, decision: .approve, rationale: "ok", dissent: nil)
        }
        let outsider = ballot(W.outsider)
        let nonMember = try await forge(world, .voteCast(VoteCast(ballot: outsider, keyFingerprint: W.key(W.outsider).publicKey.fingerprint, signature: try outsider.sign(with: W.key(W.outsider)), policyDigest: world.policy.digest)), by: W.outsider)
        let member = ballot(W.members[0])
        var signature = try member.sign(with: W.key(W.members[0]))
        signature[10] ^= 0x80
        let badSignature = try await forge(world, .voteCast(VoteCast(ballot: member, keyFingerprint: W.key(W.members[0]).publicKey.fingerprint, signature: signature, policyDigest: world.policy.digest)), by: W.members[0])
        _ = try await world.vote(W.members[1], slug, "1.0.0", .approve)
        let second = ballot(W.members[1])
        let double = try await forge(world, .voteCast(VoteCast(ballot: second, keyFingerprint: W.key(W.members[1]).publicKey.fingerprint, signature: try second.sign(with: W.key(W.members[1])), policyDigest: world.policy.digest)), by: W.members[1])
        let found = await violations(world)
        #expect(found.map(\.seq) == [nonMember.header.seq, badSignature.header.seq, double.header.seq])
        #expect(found.map(\.rule) == [.boardMember, .voteSignature, .voteOnce])
    }

    @Test func aDecisionThatDoesNotMatchTheTallyIsReported() async throws {
        let world = try await W.make()
        let slug = try await staged(world)
        try await world.run(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved))
        _ = try await world.vote(W.members[0], slug, "1.0.0", .approve)
        _ = try await world.vote(W.members[1], slug, "1.0.0", .approve)
        let request = try #require(try await world.state().models[slug]?.activeRequest(for: W.v("1.0.0")))
        let forged = try await forge(world, .approvalDecided(ApprovalDecided(
            model: slug, version: W.v("1.0.0"), request: request.seq, board: W.board, outcome: .approved,
            tally: VoteTally(approve: 4), quorum: 4, members: 5, policyDigest: world.policy.digest)))
        let found = await violations(world)
        #expect(found.map(\.rule) == [.decisionTally])
        #expect(found.first?.seq == forged.header.seq)
    }

    @Test func entriesWithoutOrWithAnotherPolicyDigestAreReported() async throws {
        let world = try await W.make(board: false, roles: false)
        var payload = ModelRegistered(model: W.slug("Shadow Model"), name: "Shadow Model", owner: "X", framework: "Y", tier: RiskTier(rawValue: 3)!, purpose: "Z", policyDigest: world.policy.digest).payload
        payload["policyDigest"] = nil
        try await forge(world, stream: W.slug("Shadow Model").stream, type: .modelRegistered, payload: payload, retention: RetentionClass("1y")!)
        payload["policyDigest"] = .string(SHA256.hash([9]).hex)
        try await forge(world, stream: W.slug("Shadow Model").stream, type: .modelRegistered, payload: payload, retention: RetentionClass("1y")!)
        let found = await violations(world)
        #expect(found.map(\.rule) == [.policyDigest, .policyDigest])
        #expect(found.first?.reason.contains("names no policyDigest") == true)
    }

    @Test func aVersionThatDoesNotIncreaseIsReported() async throws {
        let world = try await W.make(board: false, roles: false)
        let slug = try await world.register("Churn", tier: 2)
        try await world.release(slug, "2.0.0")
        try await forge(world, .versionRegistered(VersionRegistered(model: slug, version: W.v("1.5.0"), baseline: W.v("2.0.0"), bump: .major, lineage: W.lineage(), policyDigest: world.policy.digest)))
        #expect(await violations(world).map(\.rule) == [.versionIncreasing])
    }

    @Test func aShorterRetentionClassIsReported() async throws {
        let world = try await W.make(board: false, roles: false)
        try await forge(world, .modelRegistered(ModelRegistered(model: W.slug("Credit Scoring"), name: "Credit Scoring", owner: "Risk", framework: "XGBoost", tier: RiskTier(rawValue: 1)!, purpose: "Credit", policyDigest: world.policy.digest)), retention: RetentionClass("1y")!)
        let found = await violations(world)
        #expect(found.map(\.rule) == [.retention])
        #expect(found.first?.reason.contains("keeps this entry 7y") == true)
    }

    @Test func aValidationWhoseOutcomeWasGivenRatherThanComputedIsReported() async throws {
        let world = try await W.make(board: false, roles: false)
        let slug = try await world.register("Churn", tier: 2)
        try await world.release(slug, "1.0.0")
        let smoke = SuiteName("smoke")!
        try await forge(world, .validationRecorded(ValidationRecorded(
            model: slug, version: W.v("1.0.0"), suite: smoke,
            metrics: [MetricName("checks_run")!: .init(value: .number(12), passed: true), MetricName("checks_failed")!: .init(value: .number(3), passed: true)],
            passed: true, note: nil, policyDigest: world.policy.digest)))
        let found = await violations(world)
        #expect(found.map(\.rule) == [.validationOutcome])
        #expect(found.first?.reason.contains("checks_failed = 3 as passed, but the threshold ≤ 0 gives failed") == true)
    }

    @Test func aPromotionWithoutItsSupersessionIsReportedOnce() async throws {
        let world = try await W.make()
        let slug = try await world.register("Churn", tier: 2)
        try await world.ship(slug, "1.0.0")
        try await world.approve(slug, "1.1.0")
        let promotion = try await forge(world, .versionTransitioned(VersionTransitioned(
            model: slug, version: W.v("1.1.0"), from: .approved, to: .production, cause: .transition, counterpart: W.v("1.0.0"), policyDigest: world.policy.digest)))
        let next = try await forge(world, .versionRegistered(VersionRegistered(model: slug, version: W.v("1.2.0"), baseline: W.v("1.1.0"), bump: .minor, lineage: W.lineage(), policyDigest: world.policy.digest)))
        let found = await violations(world)
        #expect(found.map(\.rule) == [.followUp])
        #expect(found.first?.seq == next.header.seq)
        #expect(found.first?.reason.contains("supersession of 1.0.0 by 1.1.0") == true)
        _ = promotion
    }

    @Test func aLogEndingBeforeAFollowUpIsReported() async throws {
        let world = try await W.make()
        let slug = try await world.register("Churn", tier: 2)
        try await world.ship(slug, "1.0.0")
        try await world.ship(slug, "1.1.0")
        let rollback = try await forge(world, .versionTransitioned(VersionTransitioned(
            model: slug, version: W.v("1.1.0"), from: .production, to: .deprecated, cause: .rollback, counterpart: W.v("1.0.0"), policyDigest: world.policy.digest)))
        let found = await violations(world)
        #expect(found.map(\.rule) == [.followUp])
        #expect(found.first?.seq == rollback.header.seq)
        #expect(found.first?.reason.contains("the log ends without it") == true)
    }

    @Test func aPayloadOutsideTheCatalogIsReported() async throws {
        let world = try await W.make(board: false, roles: false)
        var payload = RoleAssigned(principal: W.outsider, role: RoleName("legal")!, policyDigest: world.policy.digest).payload
        payload["expires"] = "2030-01-01"
        try await forge(world, stream: .roles, type: .roleAssigned, payload: payload, retention: world.policy.longestRetention)
        let found = await violations(world)
        #expect(found.map(\.rule) == [.catalog])
        #expect(found.first?.reason.contains("field 'expires' is not part of role.assigned") == true)
    }

    @Test func entriesOutsideTheCatalogAreNotGovernanceEvents() async throws {
        let world = try await W.make(board: false, roles: false)
        try await forge(world, stream: StreamName("monitoring/fraud")!, type: EventType("pipeline.run.noted")!, payload: ["psi": 0.2], retention: RetentionClass("1y")!)
        let report = RuleChecker.check(await world.entries)
        #expect(report.isValid)
        #expect(report.eventsChecked == report.entriesChecked - 1)
    }
}
