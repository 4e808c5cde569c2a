import Governance
import LedgerCore
import LedgerTestSupport
import Testing

/// Tags, aliases, descriptions, renames, moves along the lifecycle and OpenLineage events:
/// decided through the rules, and caught by the rule checker when forged.
struct AnnotationRuleTests {
    typealias W = GovernanceWorld

    func staged(_ world: W, tier: Int = 3) async throws -> ModelSlug {
        let slug = try await world.register("Document Classifier", tier: tier)
        try await world.release(slug, "1.0.0")
        try await world.run(.transition(model: slug, version: W.v("1.0.0"), to: .staging, deployment: nil, reason: nil))
        return slug
    }

    @Test func tagsDescriptionsAndRenamesAreRecordedInTheRegistry() async throws {
        let world = try await W.make()
        let slug = try await staged(world)
        try await world.run(.sequence([
            .setTag(model: slug, version: nil, key: "team", value: "legal"),
            .setTag(model: slug, version: W.v("1.0.0"), key: "qa", value: "passed"),
            .describe(model: slug, version: nil, description: "Classifies contracts"),
        ]))
        try await world.run(.rename(model: slug, to: "Contract Classifier"))
        let model = try #require(try await world.state().models[slug])
        #expect(model.tags == ["team": "legal"])
        #expect(model.version(W.v("1.0.0"))?.tags == ["qa": "passed"])
        #expect(model.description == "Classifies contracts")
        #expect(model.name == "Contract Classifier")
        try await world.run(.deleteTag(model: slug, version: nil, key: "team"))
        try await world.expectRejection(.deleteTag(model: slug, version: nil, key: "team"), rule: .annotation)
        try await world.expectRejection(.setTag(model: slug, version: W.v("9.0.0"), key: "k", value: "v"), rule: .versionUnknown)
        try await world.expectRejection(.setTag(model: slug, version: nil, key: String(repeating: "k", count: 251), value: "v"), rule: .annotation)
        _ = try await world.register("Fraud Engine", tier: 3)
        try await world.expectRejection(.rename(model: slug, to: "fraud-engine"), rule: .modelName)
        try await world.expectRejection(.rename(model: slug, to: " padded"), rule: .modelName)
        // A sequence is all or nothing: the bad tag refuses the good one before it
        try await world.expectRejection(.sequence([
            .setTag(model: slug, version: nil, key: "ok", value: "1"), .deleteTag(model: slug, version: nil, key: "absent"),
        ]), rule: .annotation)
        #expect(RuleChecker.check(await world.entries).isValid)
    }

    @Test func aMoveFollowsTheShortestChainWithEachGuardAndNeverPassesThroughProduction() async throws {
        let world = try await W.make()
        let slug = try await staged(world)
        // From staging, production needs approved first: its guards refuse
        try await world.expectRejection(.moveVersion(model: slug, version: W.v("1.0.0"), to: .production, reason: nil), rule: .validation)
        // deprecated is only reachable through production: refused, not a promotion
        let message = try await world.expectRejection(.moveVersion(model: slug, version: W.v("1.0.0"), to: .deprecated, reason: nil), rule: .lifecycle)
        #expect(message.contains("no chain of transitions from staging to deprecated"))
        // Already there: nothing written
        #expect(try await world.run(.moveVersion(model: slug, version: W.v("1.0.0"), to: .staging, reason: nil)).isEmpty)
        try await world.validate(slug, "1.0.0")
        try await world.run(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved))
        try await world.signOffAll(slug, "1.0.0")
        let written = try await world.run(.moveVersion(model: slug, version: W.v("1.0.0"), to: .production, reason: "release"))
        #expect(written.count == 2)
        #expect(try await world.state().models[slug]?.productionVersion?.version == W.v("1.0.0"))
        #expect(RuleChecker.check(await world.entries).isValid)
    }

    @Test func anAliasMappedToProductionIsAPromotion() async throws {
        let world = try await W.make()
        let slug = try await staged(world)
        try await world.expectRejection(.setAlias(model: slug, alias: "champion", version: W.v("1.0.0")), rule: .validation)
        try await world.run(.setAlias(model: slug, alias: "challenger", version: W.v("1.0.0")))
        try await world.expectRejection(.setAlias(model: slug, alias: "latest", version: W.v("1.0.0")), rule: .alias)
        try await world.expectRejection(.setAlias(model: slug, alias: "V12", version: W.v("1.0.0")), rule: .alias)
        try await world.expectRejection(.deleteAlias(model: slug, alias: "champion"), rule: .alias)
        try await world.validate(slug, "1.0.0")
        try await world.run(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved))
        try await world.signOffAll(slug, "1.0.0")
        let written = try await world.run(.setAlias(model: slug, alias: "champion", version: W.v("1.0.0")))
        #expect(written.map(\.header.type) == [.versionTransitioned, .versionTransitioned, .modelAliasSet])
        let model = try #require(try await world.state().models[slug])
        #expect(model.aliases == ["challenger": W.v("1.0.0"), "champion": W.v("1.0.0")])
        #expect(RuleChecker.check(await world.entries).isValid)
    }

    @Test func aForgedChampionAliasOnAStagingVersionIsReported() async throws {
        let world = try await W.make()
        let slug = try await staged(world)
        let state = try await world.state()
        let event = GovernanceEvent.aliasSet(ModelAliasSet(model: slug, alias: "champion", version: W.v("1.0.0"), policyDigest: world.policy.digest))
        world.clock.advance(milliseconds: 60_000)
        _ = try await world.store.appendUnchecked([EntryDraft(
            stream: event.stream, type: event.type, actor: W.engineer, retention: GovernanceRules.retention(for: event, in: state), payload: event.payload)])
        let found = RuleChecker.check(await world.entries).violations
        #expect(found.map(\.rule) == [.aliasStage])
    }

    static func runEvent(job: String, type: String = "COMPLETE") throws -> OpenLineageEvent {
        try OpenLineageEvent(json: [
            "eventType": .string(type), "eventTime": "2026-01-15T09:30:00.000Z", "producer": "https://example.com/pipeline",
            "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
            "run": ["runId": "0176A8C2-FE01-7439-87E6-56A1A1B4029F"], "job": ["namespace": "pipelines", "name": .string(job)],
            "inputs": [["namespace": "s3://data", "name": "contracts", "facets": ["version": ["datasetVersion": "7"]]]],
        ])
    }

    @Test func openLineageRunsLinkByJobNameAndFillTheVersionsLineage() async throws {
        let world = try await W.make()
        let slug = try await staged(world)
        try await world.run(.recordOpenLineage(try Self.runEvent(job: "model/document-classifier@1", type: "START")))
        let complete = try await world.run(.recordOpenLineage(try Self.runEvent(job: "model/Document Classifier@1.0.0")))
        #expect(complete.first?.header.stream == slug.stream)
        let runs = try #require(try await world.state().models[slug]?.version(W.v("1.0.0"))?.trainingRuns)
        #expect(runs.count == 1)
        #expect(runs.first?.runID == "0176a8c2-fe01-7439-87e6-56a1a1b4029f")
        #expect(runs.first?.inputs.first?.version == "7")
        try await world.expectRejection(.recordOpenLineage(try Self.runEvent(job: "model/document-classifier@2")), rule: .openLineageLink)
        try await world.expectRejection(.recordOpenLineage(try Self.runEvent(job: "model/unknown-model@1")), rule: .openLineageLink)
        let unlinked = try await world.run(.recordOpenLineage(try Self.runEvent(job: "nightly")))
        #expect(unlinked.first?.header.stream.rawValue == "openlineage/pipelines")
        #expect(RuleChecker.check(await world.entries).isValid)
    }

    @Test func namespacesBecomeStreamSegments() {
        #expect(OpenLineageRecorded.stream(forNamespace: "s3://Data Lake").rawValue == "openlineage/s3---data-lake")
        #expect(OpenLineageRecorded.stream(forNamespace: "_private").rawValue == "openlineage/ns-_private")
        #expect(OpenLineageRecorded.stream(forNamespace: "").rawValue == "openlineage/default")
        #expect(OpenLineageRecorded.stream(forNamespace: String(repeating: "x", count: 500)).rawValue.utf8.count == StreamName.maxBytes)
    }
}
