import Governance
import LedgerCore
import Testing

/// Registration rules: policy first, unique models, defined tiers, increasing versions, lineage.
struct ModelRuleTests {
    typealias W = GovernanceWorld

    @Test func everyDecisionNeedsAnAdoptedPolicy() async throws {
        let world = try await W.make(adopt: false)
        let message = try await world.expectRejection(
            .registerModel(name: "Fraud Detection Engine", owner: "Risk Team", framework: "XGBoost", tier: RiskTier(rawValue: 1)!, purpose: "Fraud"),
            rule: .policyAdopted)
        #expect(message.contains("govledger policy adopt compliance/policy.yaml"))
    }

    @Test func adoptingThePolicyInForceAgainIsRefused() async throws {
        let world = try await W.make(board: false, roles: false)
        try await world.expectRejection(.adoptPolicy(world.policy), rule: .policyAdopted)
    }

    @Test func registrationDerivesTheSlugAndNamesThePolicyDigest() async throws {
        let world = try await W.make(board: false, roles: false)
        let written = try await world.run(.registerModel(name: "Image Classifier v2", owner: "Eng Team", framework: "PyTorch", tier: RiskTier(rawValue: 4)!, purpose: "Experiments"))
        let entry = try #require(written.first)
        #expect(entry.header.stream.rawValue == "model/image-classifier-v2")
        #expect(entry.header.retention.rawValue == "1y")
        let payload = try #require(entry.payload).object()
        #expect(payload["policyDigest"]?.stringValue == world.policy.digest.hex)
        #expect(payload["name"]?.stringValue == "Image Classifier v2")
    }

    @Test func aModelIsRegisteredOnce() async throws {
        let world = try await W.make(board: false, roles: false)
        try await world.register("Fraud Detection Engine", tier: 1)
        let message = try await world.expectRejection(
            .registerModel(name: "fraud detection  engine", owner: "Other", framework: "X", tier: RiskTier(rawValue: 2)!, purpose: "Again"),
            rule: .modelUnique)
        #expect(message.contains("already registered"))
    }

    @Test func theTierMustBeDefinedByThePolicy() async throws {
        let world = try await W.make(board: false, roles: false)
        try await world.expectRejection(
            .registerModel(name: "Fancy", owner: "X", framework: "Y", tier: RiskTier(rawValue: 7)!, purpose: "Z"), rule: .tierDefined)
        let slug = try await world.register("Fancy", tier: 3)
        try await world.expectRejection(.changeTier(model: slug, tier: RiskTier(rawValue: 3)!, reason: "same"), rule: .tierChange)
        try await world.run(.changeTier(model: slug, tier: RiskTier(rawValue: 1)!, reason: "Now scores credit"))
        #expect(try await world.state().models[slug]?.tier.rawValue == 1)
    }

    @Test func commandsOnAnUnknownModelAreRefused() async throws {
        let world = try await W.make(board: false, roles: false)
        let ghost = ModelSlug("ghost")!
        try await world.expectRejection(.registerVersion(model: ghost, version: W.v("1.0.0"), lineage: W.lineage()), rule: .modelUnknown)
        try await world.expectRejection(.transition(model: ghost, version: W.v("1.0.0"), to: .staging, deployment: nil, reason: nil), rule: .modelUnknown)
        try await world.expectRejection(.requestApproval(model: ghost, version: W.v("1.0.0"), to: .approved), rule: .modelUnknown)
    }

    @Test(arguments: ["3.2.1", "3.2.0", "3.1.9", "0.0.1"])
    func versionsMustIncrease(_ lower: String) async throws {
        let world = try await W.make(board: false, roles: false)
        let slug = try await world.register("Fraud Detection Engine", tier: 1)
        try await world.release(slug, "3.2.1")
        let message = try await world.expectRejection(.registerVersion(model: slug, version: W.v(lower), lineage: W.lineage()), rule: .versionIncreasing)
        #expect(message.contains("register 3.2.2, 3.3.0, 4.0.0 or higher"))
    }

    @Test func theBumpIsMeasuredAgainstProductionElseTheLatestVersion() async throws {
        let world = try await W.make()
        let slug = try await world.register("Churn", tier: 2)
        try await world.ship(slug, "4.0.0")
        try await world.release(slug, "4.1.0")
        try await world.release(slug, "4.1.1")
        let state = try await world.state()
        let model = try #require(state.models[slug])
        #expect(model.version(W.v("4.0.0"))?.bump == .major)
        #expect(model.version(W.v("4.1.0"))?.bump == .minor)
        // Production is still 4.0.0, so 4.1.1 is a minor change against it, not a patch of 4.1.0.
        #expect(model.version(W.v("4.1.1"))?.baseline == W.v("4.0.0"))
        #expect(model.version(W.v("4.1.1"))?.bump == .minor)
    }

    @Test(arguments: [(1, "full", ["sbomSHA256", "trainingHours"]), (2, "standard", ["metrics"]), (3, "basic", ["artifactSHA256"])])
    func lineageDepthFollowsTheTier(_ tier: Int, _ depth: String, _ missing: [String]) async throws {
        let world = try await W.make(board: false, roles: false)
        let slug = try await world.register("Model \(tier)", tier: tier)
        var lineage = W.lineage()
        lineage.sbomSHA256 = nil
        lineage.trainingHours = nil
        if tier == 2 { lineage.metrics = [:] }
        if tier == 3 { lineage.artifactSHA256 = nil }
        let message = try await world.expectRejection(.registerVersion(model: slug, version: W.v("1.0.0"), lineage: lineage), rule: .lineage)
        #expect(message.contains("\(depth) lineage"))
        for key in missing { #expect(message.contains(key)) }
    }

    @Test(arguments: [
        ("Fraud Detection Engine", "fraud-detection-engine"), ("Image Classifier v2", "image-classifier-v2"),
        ("  NLP  Intent_Classifier. ", "nlp-intent-classifier"), ("Ünïcode Ok 3", "ncode-ok-3"),
    ])
    func slugsAreDerivedFromNames(_ name: String, _ slug: String) {
        #expect(ModelSlug(displayName: name)?.rawValue == slug)
    }

    @Test func semanticVersionsHaveOneSpelling() {
        for bad in ["1.0", "1.0.0.0", "01.0.0", "1.0.0-rc1", "v1.0.0", "1..0", ""] { #expect(SemanticVersion(bad) == nil, "\(bad)") }
        #expect(SemanticVersion("10.0.3")! > SemanticVersion("9.12.40")!)
        #expect(SemanticVersion("3.3.0")!.bump(from: SemanticVersion("3.2.1")!) == .minor)
        #expect(SemanticVersion("4.0.0")!.bump(from: SemanticVersion("3.2.1")!) == .major)
        #expect(SemanticVersion("3.2.2")!.bump(from: SemanticVersion("3.2.1")!) == .patch)
    }
}
