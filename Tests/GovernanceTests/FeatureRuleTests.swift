import Foundation
import Governance
import LedgerCore
import Testing

/// Feature governance: registration, versions, deprecations, feature sets and the consumer map.
struct FeatureRuleTests {
    typealias W = GovernanceWorld

    static func name(_ text: String) -> FeatureName { FeatureName(rawValue: text)! }

    static func register(_ world: W, _ feature: String) async throws {
        try await world.run(.registerFeature(
            name: name(feature), owner: "data-eng@bank.example", description: "A feature", dataType: "int", source: "CRM",
            refresh: "daily", freshnessSLA: PolicyDuration(rawValue: "25h")!, completenessSLA: 0.99))
    }

    static func release(_ world: W, _ feature: String, _ version: String, _ change: VersionBump) async throws {
        try await world.run(.releaseFeatureVersion(feature: name(feature), version: W.v(version), change: change, note: nil))
    }

    /// Registers a Tier 3 model version reading `featureSet` and takes it to production.
    static func ship(_ world: W, _ model: ModelSlug, _ version: String, featureSet: String) async throws {
        var lineage = W.lineage()
        lineage.featureSetVersion = featureSet
        try await world.run(.registerVersion(model: model, version: W.v(version), lineage: lineage))
        try await world.validate(model, version)
        try await world.run(.transition(model: model, version: W.v(version), to: .staging, deployment: nil, reason: nil))
        try await world.run(.requestApproval(model: model, version: W.v(version), to: .approved))
        try await world.signOffAll(model, version)
        try await world.run(.transition(model: model, version: W.v(version), to: .approved, deployment: nil, reason: nil))
        try await world.run(.transition(model: model, version: W.v(version), to: .production, deployment: "API", reason: nil))
    }

    @Test func versionsIncreaseWithTheDeclaredKindOfChange() async throws {
        let world = try await W.make()
        try await world.expectRejection(.releaseFeatureVersion(feature: Self.name("age"), version: W.v("1.0.0"), change: .major, note: nil), rule: .featureUnknown)
        try await Self.register(world, "age")
        try await world.expectRejection(.registerFeature(
            name: Self.name("age"), owner: "x", description: "y", dataType: "int", source: "s", refresh: "daily",
            freshnessSLA: PolicyDuration(rawValue: "1h")!, completenessSLA: 0.9), rule: .featureUnknown)
        try await Self.release(world, "age", "1.0.0", .major)
        try await Self.release(world, "age", "1.1.0", .minor)
        try await Self.release(world, "age", "1.1.1", .patch)
        let patchAsMinor = try await world.expectRejection(.releaseFeatureVersion(feature: Self.name("age"), version: W.v("1.2.0"), change: .patch, note: nil), rule: .featureVersion)
        #expect(patchAsMinor.contains("1.2.0 is a minor bump from 1.1.1, but the change is declared patch"), "\(patchAsMinor)")
        try await world.expectRejection(.releaseFeatureVersion(feature: Self.name("age"), version: W.v("1.1.0"), change: .patch, note: nil), rule: .featureVersion)
        try await world.expectRejection(.releaseFeatureVersion(feature: Self.name("age"), version: W.v("2.1.0"), change: .minor, note: nil), rule: .featureVersion)
        try await Self.release(world, "age", "2.0.0", .major)
        let entries = await world.entries
        let last = try #require(entries.last)
        #expect(last.header.stream.rawValue == "feature/age")
        #expect(last.header.retention == world.policy.longestRetention)
        #expect(try last.payload?.object()["previous"]?.stringValue == "1.1.1")
        let state = try await world.state()
        #expect(state.features[Self.name("age")]?.versions.map(\.version.description) == ["1.0.0", "1.1.0", "1.1.1", "2.0.0"])
        #expect(try await world.service.checkRules().violations.isEmpty)
    }

    @Test func featureSetsTakeReleasedVersionsUntilTheirGraceEnds() async throws {
        let world = try await W.make()
        try await Self.register(world, "age")
        try await Self.register(world, "risk")
        try await Self.release(world, "age", "1.0.0", .major)
        try await Self.release(world, "risk", "1.0.0", .major)
        let unreleased = try await world.expectRejection(.releaseFeatureSet(name: Self.name("fs"), version: W.v("1.0.0"), features: [Self.name("age"): W.v("1.5.0")], note: nil), rule: .featureSet)
        #expect(unreleased.contains("age has no released version 1.5.0 (latest: 1.0.0)"), "\(unreleased)")
        try await world.expectRejection(.releaseFeatureSet(name: Self.name("fs"), version: W.v("1.0.0"), features: [Self.name("nope"): W.v("1.0.0")], note: nil), rule: .featureSet)
        try await world.expectRejection(.deprecateFeatureVersion(feature: Self.name("risk"), version: W.v("9.0.0"), grace: nil, reason: "r"), rule: .featureDeprecation)
        try await world.run(.deprecateFeatureVersion(feature: Self.name("risk"), version: W.v("1.0.0"), grace: nil, reason: "Superseded"))
        try await world.expectRejection(.deprecateFeatureVersion(feature: Self.name("risk"), version: W.v("1.0.0"), grace: nil, reason: "again"), rule: .featureDeprecation)
        let deprecation = try #require(try await world.state().features[Self.name("risk")]?.version(W.v("1.0.0"))?.deprecation)
        #expect(deprecation.grace.rawValue == "3mo")
        // Within its grace, a deprecated version may still join a set
        try await world.run(.releaseFeatureSet(name: Self.name("fs"), version: W.v("1.0.0"), features: [Self.name("age"): W.v("1.0.0"), Self.name("risk"): W.v("1.0.0")], note: nil))
        try await world.expectRejection(.releaseFeatureSet(name: Self.name("fs"), version: W.v("1.0.0"), features: [Self.name("age"): W.v("1.0.0")], note: nil), rule: .featureSet)
        // After it, not
        world.advance(days: 92)
        let late = try await world.expectRejection(.releaseFeatureSet(name: Self.name("fs"), version: W.v("1.1.0"), features: [Self.name("age"): W.v("1.0.0"), Self.name("risk"): W.v("1.0.0")], note: nil), rule: .featureSet)
        #expect(late.contains("risk 1.0.0 was deprecated at"), "\(late)")
        #expect(late.contains("grace of 3mo ended"), "\(late)")
        try await world.run(.releaseFeatureSet(name: Self.name("fs"), version: W.v("1.1.0"), features: [Self.name("age"): W.v("1.0.0")], note: nil))
        #expect(try await world.service.checkRules().violations.isEmpty)
    }

    @Test func modelVersionsReadFeatureSetsAndTheConsumerMapGoesBothWays() async throws {
        let world = try await W.make()
        try await Self.register(world, "age")
        try await Self.register(world, "risk")
        try await Self.register(world, "weather")
        for feature in ["age", "risk", "weather"] { try await Self.release(world, feature, "1.0.0", .major) }
        try await world.run(.releaseFeatureSet(name: Self.name("churn-features"), version: W.v("1.0.0"), features: [Self.name("age"): W.v("1.0.0"), Self.name("risk"): W.v("1.0.0")], note: nil))
        let slug = try await world.register("Churn Predictor", tier: 3)
        // A version of an existing set must be released; free-form text stays valid
        var lineage = W.lineage()
        lineage.featureSetVersion = "churn-features@2.0.0"
        try await world.expectRejection(.registerVersion(model: slug, version: W.v("0.9.0"), lineage: lineage), rule: .featureSet)
        lineage.featureSetVersion = "other-store@2.0.0"
        try await world.run(.registerVersion(model: slug, version: W.v("0.9.0"), lineage: lineage))
        try await Self.ship(world, slug, "1.0.0", featureSet: "churn-features@1.0.0")

        var state = try await world.state()
        #expect(state.featureVersions(of: slug, W.v("1.0.0")) == [Self.name("age"): W.v("1.0.0"), Self.name("risk"): W.v("1.0.0")])
        #expect(state.featureVersions(of: slug, W.v("0.9.0")).isEmpty)
        #expect(state.consumers(of: Self.name("age")).map { "\($0.model) \($0.version) \($0.stage)" } == ["churn-predictor 1.0.0 production"])
        #expect(state.consumers(of: Self.name("weather")).isEmpty)
        let now = world.clock.now
        #expect(!state.isUnused(Self.name("age"), at: now))
        #expect(!state.isUnused(Self.name("weather"), at: now))  // registered less than 90 days ago
        #expect(state.isUnused(Self.name("weather"), at: now.adding(milliseconds: 91 * 86_400_000)))
        #expect(!state.isUnused(Self.name("age"), at: now.adding(milliseconds: 400 * 86_400_000)))

        // A deprecated version still read in production is flagged once its grace has ended
        try await world.run(.deprecateFeatureVersion(feature: Self.name("risk"), version: W.v("1.0.0"), grace: PolicyDuration(rawValue: "30d")!, reason: "Replaced"))
        state = try await world.state()
        #expect(state.consumersPastGrace(of: Self.name("risk"), at: world.clock.now).isEmpty)
        let later = world.clock.now.adding(milliseconds: 31 * 86_400_000)
        #expect(state.consumersPastGrace(of: Self.name("risk"), at: later).map(\.version) == [W.v("1.0.0")])

        // Once the version leaves production, the clock for "unused" starts
        world.advance(days: 10)
        try await world.run(.transition(model: slug, version: W.v("1.0.0"), to: .deprecated, deployment: nil, reason: "retired"))
        state = try await world.state()
        let retired = world.clock.now
        #expect(state.lastServed(Self.name("age"), at: retired.adding(milliseconds: 1000)) == retired)
        #expect(!state.isUnused(Self.name("age"), at: retired.adding(milliseconds: 89 * 86_400_000)))
        #expect(state.isUnused(Self.name("age"), at: retired.adding(milliseconds: 90 * 86_400_000)))
        #expect(state.consumersPastGrace(of: Self.name("risk"), at: later).isEmpty)
        #expect(try await world.service.checkRules().violations.isEmpty)
    }

    @Test func thePolicysFeatureSectionIsOptionalAndKeepsOldDigests() throws {
        let shipped = W.shippedPolicy
        #expect(shipped.featuresSection?.deprecationGrace.rawValue == "3mo")
        #expect(shipped.features.unusedAfter.rawValue == "90d")
        let yaml = try PolicyFixtures.shippedYAML()
        let withoutSection = String(yaml[..<yaml.range(of: "\nfeatures:")!.lowerBound]) + "\n"
        let older = try PolicyLoader.load(yaml: withoutSection)
        #expect(older.featuresSection == nil)
        #expect(older.features == FeaturePolicy.defaults)
        #expect(older.canonicalJSON["features"] == nil)
        #expect(shipped.canonicalJSON["features"]?["unused_after"]?.stringValue == "90d")
        let custom = try PolicyLoader.load(yaml: withoutSection + "features:\n  unused_after: 30d\n")
        #expect(custom.features.unusedAfter.rawValue == "30d")
        #expect(custom.features.deprecationGrace.rawValue == "3mo")
        #expect(throws: (any Error).self) { try PolicyLoader.load(yaml: withoutSection + "features:\n  unused_after: soon\n") }
        #expect(throws: (any Error).self) { try PolicyLoader.load(yaml: withoutSection + "features:\n  grace: 3mo\n") }
    }
}
