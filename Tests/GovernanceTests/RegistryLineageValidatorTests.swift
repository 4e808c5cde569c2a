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

        #expect(validator.problems(with: try Self.record(slug, "1.0.0", at: inStaging)).isEmpty)
        #expect(validator.problems(with: try Self.record(slug, "1.0.0", at: inProduction)).isEmpty)
        let development = validator.problems(with: try Self.record(slug, "1.0.0", at: inDevelopment))
        #expect(development.map(\.field) == ["version"])
        #expect(development.first?.message.contains("was in development") == true, "\(development)")
        let approved = validator.problems(with: try Self.record(slug, "1.0.0", at: inApproved))
        #expect(approved.first?.message.contains("was in approved") == true, "\(approved)")
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
}
