import Governance
import LedgerCore
import Testing

/// Lifecycle transitions and their guards, promotion, rollback and archiving.
struct LifecycleRuleTests {
    typealias W = GovernanceWorld

    @Test func onlyTheTransitionsOfThePolicyAreAllowed() async throws {
        let world = try await W.make()
        let slug = try await world.register("Churn", tier: 2)
        try await world.release(slug, "1.0.0")
        let message = try await world.expectRejection(.transition(model: slug, version: W.v("1.0.0"), to: .production, deployment: nil, reason: nil), rule: .lifecycle)
        #expect(message.contains("no transition development → production; from development a version may move to staging"))
        try await world.expectRejection(.transition(model: slug, version: W.v("1.0.0"), to: .archived, deployment: nil, reason: nil), rule: .lifecycle)
        try await world.expectRejection(.transition(model: slug, version: W.v("2.0.0"), to: .staging, deployment: nil, reason: nil), rule: .versionUnknown)
    }

    @Test func approvalsAreRequiredAndTheMessageSaysHowManyVotesAreMissing() async throws {
        let world = try await W.make()
        let slug = try await world.register("Fraud Detection Engine", tier: 1)
        try await world.release(slug, "3.3.0")
        try await world.validate(slug, "3.3.0")
        try await world.run(.transition(model: slug, version: W.v("3.3.0"), to: .staging, deployment: nil, reason: nil))
        let noRequest = try await world.expectRejection(.transition(model: slug, version: W.v("3.3.0"), to: .approved, deployment: nil, reason: nil), rule: .approvals)
        #expect(noRequest.contains("open one with govledger approval request fraud-detection-engine 3.3.0 --to approved"))
        try await world.run(.requestApproval(model: slug, version: W.v("3.3.0"), to: .approved))
        _ = try await world.vote(W.members[0], slug, "3.3.0", .approve)
        _ = try await world.vote(W.members[1], slug, "3.3.0", .approve)
        let message = try await world.expectRejection(.transition(model: slug, version: W.v("3.3.0"), to: .approved, deployment: nil, reason: nil), rule: .approvals)
        #expect(message.hasPrefix("transition fraud-detection-engine 3.3.0 staging → approved refused by rule approvals: the Tier 1 board ml-review-board has 2 approving votes of the quorum 4"))
        #expect(message.contains("2 more members must approve (govledger vote fraud-detection-engine 3.3.0"))
        _ = try await world.vote(W.members[2], slug, "3.3.0", .approve)
        _ = try await world.vote(W.members[3], slug, "3.3.0", .approve)
        try await world.signOffAll(slug, "3.3.0", except: ["legal"])
        let signoff = try await world.expectRejection(.transition(model: slug, version: W.v("3.3.0"), to: .approved, deployment: nil, reason: nil), rule: .approvals)
        #expect(signoff.contains("lacks the sign-off of legal"))
        try await world.run(.signOff(model: slug, version: W.v("3.3.0"), role: RoleName("legal")!, note: nil), by: W.holders["legal"]!)
        let moved = try await world.run(.transition(model: slug, version: W.v("3.3.0"), to: .approved, deployment: nil, reason: nil))
        let payload = try VersionTransitioned(payload: try #require(moved.first?.payload).object())
        #expect(payload.request != nil)
        // The request is used: it takes no more sign-offs or votes.
        try await world.expectRejection(.signOff(model: slug, version: W.v("3.3.0"), role: RoleName("legal")!, note: nil), by: W.holders["legal"]!, rule: .requestOpen)
    }

    @Test func promotionSupersedesTheProductionVersionInTheSameBatch() async throws {
        let world = try await W.make()
        let slug = try await world.register("Churn", tier: 2)
        try await world.ship(slug, "1.0.0")
        try await world.approve(slug, "1.1.0")
        let written = try await world.run(.transition(model: slug, version: W.v("1.1.0"), to: .production, deployment: "Batch", reason: nil))
        #expect(written.count == 2)
        let promotion = try VersionTransitioned(payload: try #require(written.first?.payload).object())
        let supersession = try VersionTransitioned(payload: try #require(written.last?.payload).object())
        #expect(promotion.counterpart == W.v("1.0.0"))
        #expect(supersession.version == W.v("1.0.0") && supersession.cause == .supersession && supersession.to == .deprecated)
        #expect(written[0].header.time == written[1].header.time)
        let model = try #require(try await world.state().models[slug])
        #expect(model.productionVersion?.version == W.v("1.1.0"))
        #expect(model.previousProductionVersion?.version == W.v("1.0.0"))
    }

    @Test func regressionBeyondTheLimitBlocksPromotion() async throws {
        let world = try await W.make()
        let slug = try await world.register("Churn", tier: 2)
        try await world.ship(slug, "1.0.0", accuracy: 0.978)
        try await world.release(slug, "1.1.0", accuracy: 0.962)
        try await world.validate(slug, "1.1.0")
        try await world.run(.transition(model: slug, version: W.v("1.1.0"), to: .staging, deployment: nil, reason: nil))
        try await world.run(.requestApproval(model: slug, version: W.v("1.1.0"), to: .approved))
        try await world.signOffAll(slug, "1.1.0")
        let message = try await world.expectRejection(.transition(model: slug, version: W.v("1.1.0"), to: .approved, deployment: nil, reason: nil), rule: .noRegression)
        #expect(message.contains("accuracy 0.962 is 1.6 points below production 1.0.0's 0.978, more than the limit of 1 point"))
        // Exactly at the limit passes.
        try await world.release(slug, "1.2.0", accuracy: 0.968)
        try await world.validate(slug, "1.2.0")
        try await world.run(.transition(model: slug, version: W.v("1.2.0"), to: .staging, deployment: nil, reason: nil))
        try await world.run(.requestApproval(model: slug, version: W.v("1.2.0"), to: .approved))
        try await world.signOffAll(slug, "1.2.0")
        try await world.run(.transition(model: slug, version: W.v("1.2.0"), to: .approved, deployment: nil, reason: nil))
    }

    @Test func rollbackReturnsThePreviousProductionVersion() async throws {
        let world = try await W.make()
        let slug = try await world.register("Recommender", tier: 2)
        try await world.ship(slug, "2.8.3")
        let alone = try await world.expectRejection(.rollback(model: slug, reason: "error spike"), rule: .rollback)
        #expect(alone.contains("no previous production version to return to"))
        try await world.ship(slug, "2.9.0")
        let written = try await world.run(.rollback(model: slug, reason: "error rate 0.8% > 0.5%"))
        #expect(written.count == 2)
        let model = try #require(try await world.state().models[slug])
        #expect(model.productionVersion?.version == W.v("2.8.3"))
        #expect(model.productionVersion?.deployment == "API")
        #expect(model.version(W.v("2.9.0"))?.stage == .deprecated)
        // 2.8.3 was the first production version: nothing left to roll back to.
        try await world.expectRejection(.rollback(model: slug, reason: "again"), rule: .rollback)
    }

    @Test func aModelWithoutProductionCannotRollBack() async throws {
        let world = try await W.make()
        let slug = try await world.register("Recommender", tier: 2)
        try await world.release(slug, "1.0.0")
        try await world.expectRejection(.rollback(model: slug, reason: "nothing"), rule: .rollback)
    }

    @Test func archivingWaitsForTheWindowAndKeepsRollbackVersions() async throws {
        let world = try await W.make()
        let slug = try await world.register("Segments", tier: 3)
        try await world.ship(slug, "1.0.0")
        try await world.ship(slug, "1.1.0")
        let kept = try await world.expectRejection(.transition(model: slug, version: W.v("1.0.0"), to: .archived, deployment: nil, reason: nil), rule: .archiveWindow)
        #expect(kept.contains("kept for rollback"))
        try await world.ship(slug, "1.2.0")
        let early = try await world.expectRejection(.transition(model: slug, version: W.v("1.0.0"), to: .archived, deployment: nil, reason: nil), rule: .archiveWindow)
        #expect(early.contains("archiving needs 12mo deprecated or 3 superseding versions"))
        world.advance(days: 366)
        try await world.run(.transition(model: slug, version: W.v("1.0.0"), to: .archived, deployment: nil, reason: nil))
        try await world.expectRejection(.recordValidation(model: slug, version: W.v("1.0.0"), suite: SuiteName("smoke")!, measurements: [:], note: nil), rule: .lifecycle)
    }
}
