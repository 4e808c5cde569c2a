import Governance
import LedgerCore
import Testing

/// The registry's lineage rules: registered version, serving at the record's time, the
/// feature set of the version's lineage.
struct RegistryLineageValidatorTests {
    typealias W = GovernanceWorld

    static func record(_ model: ModelSlug, _ version: String, at time: Timestamp, featureSet: String = "features-v1") throws -> PredictionRecord {
        try PredictionRecord(
            predictionId: PredictionID("p-\(time.millisecondsSinceEpoch)")!, model: model.rawValue, version: version, featureSet: featureSet,
            inputSHA256: SHA256.hash([9]), output: PredictionRecord.Output(score: 0.5), time: time)
    }

    @Test func anEmptyRegistryAcceptsEveryRecord() throws {
        let validator = RegistryLineageValidator(registry: RegistryState())
        #expect(validator.problems(with: try Self.record(W.slug("Anything"), "1.0.0", at: W.start)).isEmpty)
    }

    @Test func recordsAreJudgedByTheStageTheVersionWasInAtTheirTime() async throws {
        let world = try await W.make()
        let slug = try await world.register("Churn Predictor", tier: 3)
        let beforeRelease = world.clock.now
        try await world.release(slug, "1.0.0")
        let inDevelopment = world.clock.now
        try await world.validate(slug, "1.0.0")
        try await world.run(.transition(model: slug, version: W.v("1.0.0"), to: .staging, deployment: nil, reason: nil))
        let inStaging = world.clock.now
        try await world.run(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved))
        if world.policy.tier(RiskTier(rawValue: 3)!)!.approval.board != nil {
            for member in W.members.prefix(4) { _ = try await world.vote(member, slug, "1.0.0", .approve) }
        }
        try await world.signOffAll(slug, "1.0.0")
        try await world.run(.transition(model: slug, version: W.v("1.0.0"), to: .approved, deployment: nil, reason: nil))
        let inApproved = world.clock.now
        try await world.run(.transition(model: slug, version: W.v("1.0.0"), to: .production, deployment: "API", reason: nil))
        let inProduction = world.clock.now
        let validator = RegistryLineageValidator(registry: try await world.state())

        #expect(validator.problems(with: try Self.record(slug, "1.0.0", at: inProduction)).isEmpty)
        let staging = validator.problems(with: try Self.record(slug, "1.0.0", at: inStaging))
        #expect(staging.first?.message.contains("was in staging") == true, "\(staging)")
        let development = validator.problems(with: try Self.record(slug, "1.0.0", at: inDevelopment))
        #expect(development.map(\.field) == ["version"])
        #expect(development.first?.message.contains("was in development") == true, "\(development)")
        let approved = validator.problems(with: try Self.record(slug, "1.0.0", at: inApproved))
        #expect(approved.map(\.field) == ["version"])
        #expect(approved.first?.message == "churn-predictor 1.0.0 was in approved at \(inApproved), neither in production nor deployed as shadow; record predictions only of a serving version, or fix the time")
        let early = validator.problems(with: try Self.record(slug, "1.0.0", at: beforeRelease))
        #expect(early.first?.message.contains("was not yet registered") == true, "\(early)")
        let unknownVersion = validator.problems(with: try Self.record(slug, "9.9.9", at: inProduction))
        #expect(unknownVersion.first?.message.contains("no registered version 9.9.9; registered: 1.0.0") == true, "\(unknownVersion)")
        let unknownModel = validator.problems(with: try Self.record(W.slug("Other Model"), "1.0.0", at: inProduction))
        #expect(unknownModel.map(\.field) == ["model"])
        let wrongFeatures = validator.problems(with: try Self.record(slug, "1.0.0", at: inProduction, featureSet: "features-v2"))
        #expect(wrongFeatures.map(\.field) == ["featureSet"])
        #expect(wrongFeatures.first?.message.contains("features-v1") == true)
    }

    /// An approved version serves nothing until it is promoted or deployed as shadow; a shadow
    /// run makes it serving from its start until its rollback.
    @Test func anApprovedVersionServesOnlyWhileDeployedAsShadow() async throws {
        let world = try await W.make()
        let slug = try await world.register("Churn Predictor", tier: 3)
        try await world.ship(slug, "1.0.0")
        try await world.approve(slug, "1.1.0")
        let approvedOnly = world.clock.now
        world.clock.advance(milliseconds: 60_000)
        try await world.run(.startDeployment(model: slug, version: W.v("1.1.0"), strategy: .shadow, steps: nil, environment: "us-east"))
        world.clock.advance(milliseconds: 60_000)
        let inShadow = world.clock.now
        world.clock.advance(milliseconds: 60_000)
        try await world.run(.rollbackDeployment(model: slug, reason: "shadow period over"))
        world.clock.advance(milliseconds: 60_000)
        let afterShadow = world.clock.now
        let state = try await world.state()
        #expect(state.models[slug]?.version(W.v("1.1.0"))?.stage == .approved)
        let validator = RegistryLineageValidator(registry: state)

        #expect(validator.problems(with: try Self.record(slug, "1.1.0", at: inShadow)).isEmpty)
        #expect(validator.problems(with: try Self.record(slug, "1.0.0", at: inShadow)).isEmpty)
        for time in [approvedOnly, afterShadow] {
            let problems = validator.problems(with: try Self.record(slug, "1.1.0", at: time))
            #expect(problems.map(\.field) == ["version"])
            #expect(problems.first?.message.contains("was in approved at \(time), neither in production nor deployed as shadow") == true, "\(problems)")
        }
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)
    }

    /// Ingestion lists an approved-only version's record with its line and reason and writes nothing.
    @Test func ingestionRefusesTheRecordOfAnApprovedOnlyVersionByLine() async throws {
        let world = try await W.make()
        let slug = try await world.register("Churn Predictor", tier: 3)
        try await world.ship(slug, "1.0.0")
        try await world.approve(slug, "1.1.0")
        let now = world.clock.now
        var input = LineageInput()
        input.records = [
            LineageInputRecord(line: 1, record: try Self.record(slug, "1.0.0", at: now)),
            LineageInputRecord(line: 2, record: try Self.record(slug, "1.1.0", at: now.adding(milliseconds: 1))),
        ]
        let validator = RegistryLineageValidator(registry: try await world.state())
        let checks = LineageChecks(clock: .fixed(now), validator: validator)
        let problems = checks.problems(in: input)
        // Ingestion judges a record by its members without reading it back: the same verdict.
        for item in input.records {
            #expect(validator.problems(with: item) == validator.problems(with: item.record))
        }
        #expect(problems.map(\.line) == [2])
        #expect(problems.first?.reasons.map(\.field) == ["version"])
        #expect(problems.first?.reasons.first?.message.contains("churn-predictor 1.1.0 was in approved") == true)
    }
}
