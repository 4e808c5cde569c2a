import Governance
import LedgerCore
import LedgerTestSupport
import Testing

/// `bias.test.recorded`: the ledger computes the fairness metrics from the input counts, judges
/// them against the policy's fairness suite, and the rule checker recomputes both.
struct BiasTestRuleTests {
    typealias W = GovernanceWorld

    /// Equal rates for both groups: every metric at its healthy value.
    static func fairGroups() throws -> [FairnessGroup] {
        [
            try FairnessGroup(name: "male", truePositives: 80, falsePositives: 20, trueNegatives: 80, falseNegatives: 20),
            try FairnessGroup(name: "female", truePositives: 40, falsePositives: 10, trueNegatives: 40, falseNegatives: 10,
                              probabilities: [0.9, 0.2, 0.7], labels: [1, 0, 1]),
        ]
    }

    /// The female group is selected at half the male rate: disparate impact 0.5.
    static func unfairGroups() throws -> [FairnessGroup] {
        [
            try FairnessGroup(name: "male", truePositives: 80, falsePositives: 20, trueNegatives: 80, falseNegatives: 20),
            try FairnessGroup(name: "female", truePositives: 40, falsePositives: 10, trueNegatives: 130, falseNegatives: 20),
        ]
    }

    func world() async throws -> (GovernanceWorld, ModelSlug) {
        let world = try await W.make(board: false, roles: false)
        let slug = try await world.register("Credit Scoring", tier: 1)
        try await world.release(slug, "1.0.0")
        return (world, slug)
    }

    @Test func aFairTestIsComputedJudgedAndPasses() async throws {
        let (world, slug) = try await world()
        let written = try await world.run(.recordBiasTest(model: slug, version: W.v("1.0.0"), attribute: "gender", reference: "male", groups: try Self.fairGroups(), note: nil))
        #expect(written.map(\.header.type) == [.biasTestRecorded])
        let event = try #require(try RegistryState.event(of: written[0]))
        guard case .biasTestRecorded(let test) = event else { Issue.record("not a bias test"); return }
        #expect(test.passed)
        #expect(test.verdict[MetricName("disparate_impact_ratio")!] == .init(value: .number(1), passed: true))
        #expect(test.verdict[MetricName("equal_opportunity_difference")!] == .init(value: .number(0), passed: true))
        #expect(test.groups == (try Self.fairGroups()))
        #expect(test.results["groups"]?.arrayValue?.count == 2)
        let state = try await world.state()
        #expect(state.models[slug]?.version(W.v("1.0.0"))?.biasTests["gender"]?.passed == true)
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)
    }

    @Test func anUnfairTestIsRecordedAsFailed() async throws {
        let (world, slug) = try await world()
        let written = try await world.run(.recordBiasTest(model: slug, version: W.v("1.0.0"), attribute: "gender", reference: "male", groups: try Self.unfairGroups(), note: "Q3"))
        guard case .biasTestRecorded(let test)? = try RegistryState.event(of: written[0]) else { Issue.record("not a bias test"); return }
        #expect(!test.passed)
        #expect(test.verdict[MetricName("disparate_impact_ratio")!] == .init(value: .number(0.5), passed: false))
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)
    }

    @Test func theSameGroupsFailAtTier1AndAreNotJudgedAtTier3() async throws {
        let (strict, slug) = try await world()
        let world3 = try await W.make(board: false, roles: false)
        let slug3 = try await world3.register("Internal Search", tier: 3)
        try await world3.release(slug3, "1.0.0")
        let groups = try Self.unfairGroups()
        let tier1 = try await strict.run(.recordBiasTest(model: slug, version: W.v("1.0.0"), attribute: "gender", reference: "male", groups: groups, note: nil))
        let tier3 = try await world3.run(.recordBiasTest(model: slug3, version: W.v("1.0.0"), attribute: "gender", reference: "male", groups: groups, note: nil))
        guard case .biasTestRecorded(let one)? = try RegistryState.event(of: tier1[0]), case .biasTestRecorded(let three)? = try RegistryState.event(of: tier3[0])
        else { Issue.record("not bias tests"); return }
        // Tier 1: the seed's thresholds (four-fifths rule, equal opportunity below 0.05).
        #expect(!one.passed)
        #expect(one.verdict.keys.map(\.rawValue).sorted() == ["demographic_parity_difference", "disparate_impact_ratio", "equal_opportunity_difference"])
        // Tier 3: bias testing is not required; the same metrics are computed and nothing is judged.
        #expect(three.passed)
        #expect(three.verdict.isEmpty)
        #expect(three.results == one.results)
        #expect(RuleChecker.check(await strict.entries).violations.isEmpty)
        #expect(RuleChecker.check(await world3.entries).violations.isEmpty)
    }

    @Test func aTierTakesItsOwnThresholdsOrElseTheFairnessSuite() throws {
        let shipped = try PolicyFixtures.shippedPolicy()
        let tier = { (n: Int) in RiskTier(rawValue: n)! }
        #expect(try EvidenceEvaluator.fairnessThresholds(tier: tier(1), policy: shipped)[MetricName("equal_opportunity_difference")!]?.upperBound?.value == 0.05)
        #expect(try EvidenceEvaluator.fairnessThresholds(tier: tier(3), policy: shipped).isEmpty)
        // A Tier 3 that sets a looser limit is judged by it.
        func policy(_ edits: [JSONEdit]) throws -> Policy {
            var document = try PolicyFixtures.shippedJSON()
            for edit in edits { document = try edit.applied(to: document) }
            return try PolicyLoader.load(yaml: PolicyFixtures.text(document))
        }
        let looser = try policy([JSONEdit(path: ["tiers", "3", "fairness"], value: ["equal_opportunity_difference": ["unit": "rate", "below": 0.30, "description": "Looser, for sensitive data"]])])
        let outcome = try EvidenceEvaluator.bias(groups: try Self.unfairGroups(), reference: "male", policy: looser, tier: tier(3))
        #expect(outcome.verdict.keys.map(\.rawValue) == ["equal_opportunity_difference"])
        #expect(outcome.passed)
        // A policy whose tiers give no thresholds falls back to the fairness suite, as before.
        let suiteOnly = try policy((1...4).map { JSONEdit(path: ["tiers", "\($0)", "fairness"], value: nil) })
        #expect(suiteOnly.tier(tier(3))?.fairness == nil)
        let fallback = try EvidenceEvaluator.bias(groups: try Self.unfairGroups(), reference: "male", policy: suiteOnly, tier: tier(3))
        #expect(!fallback.passed)
        #expect(fallback.verdict.count == 3)
        // A boolean metric cannot judge a bias test.
        var document = try PolicyFixtures.shippedJSON()
        document = try JSONEdit(path: ["tiers", "1", "fairness"], value: ["model_card_updated": ["unit": "boolean", "expect": true, "description": "Card updated"]]).applied(to: document)
        let problems = PolicyLoader.problems(in: PolicyFixtures.text(document))
        #expect(problems.contains { "\($0)".contains("a bias test judges numbers") })
    }

    @Test func badInputIsRefusedAndNothingIsWritten() async throws {
        let (world, slug) = try await world()
        let groups = try Self.fairGroups()
        let message = try await world.expectRejection(.recordBiasTest(model: slug, version: W.v("1.0.0"), attribute: "gender", reference: "nobody", groups: groups, note: nil), rule: .evidenceInput)
        #expect(message.contains("reference: 'nobody' is not one of the groups"))
        try await world.expectRejection(.recordBiasTest(model: slug, version: W.v("9.0.0"), attribute: "gender", reference: "male", groups: groups, note: nil), rule: .versionUnknown)
        try await world.expectRejection(.recordBiasTest(model: W.slug("Nothing"), version: W.v("1.0.0"), attribute: "gender", reference: "male", groups: groups, note: nil), rule: .modelUnknown)
        #expect(throws: LedgerError.self) { try FairnessGroup(json: ["name": "a", "tp": -1, "fp": 0, "tn": 1, "fn": 0], field: "groups[0]") }
        #expect(throws: LedgerError.self) { try FairnessGroup(json: ["name": "a", "tp": 1, "fp": 0, "tn": 1, "fn": 0, "probabilities": [1.5], "labels": [1]], field: "groups[0]") }
    }

    @Test func forgedResultsAndVerdictsAreReported() async throws {
        let (world, slug) = try await world()
        let written = try await world.run(.recordBiasTest(model: slug, version: W.v("1.0.0"), attribute: "gender", reference: "male", groups: try Self.unfairGroups(), note: nil))
        guard case .biasTestRecorded(var test)? = try RegistryState.event(of: written[0]) else { Issue.record("not a bias test"); return }
        // A writer claims the unfair test passed.
        var forged = test
        forged.passed = true
        forged.verdict = forged.verdict.mapValues { .init(value: $0.value, passed: true) }
        try await append(world, .biasTestRecorded(forged))
        // A writer edits a computed number.
        test.results["disparate_impact_ratio"] = .number(0.9)
        try await append(world, .biasTestRecorded(test))
        let found = RuleChecker.check(await world.entries).violations
        #expect(found.map(\.rule) == [.evidenceResult, .evidenceResult])
        #expect(found.last?.reason.contains("disparate_impact_ratio") == true)
    }

    @Test func thePayloadRoundTripsAndRefusesUnknownFields() throws {
        let test = BiasTestRecorded(
            model: W.slug("Credit Scoring"), version: W.v("1.0.0"), attribute: "gender", reference: "male", groups: try Self.fairGroups(),
            results: ["x": .number(1)], verdict: [MetricName("disparate_impact_ratio")!: .init(value: .number(1), passed: true)],
            passed: true, tier: RiskTier(rawValue: 1)!, note: nil, policyDigest: SHA256.hash([9]))
        let bytes = JSONValue.object(test.payload).canonicalBytes()
        let parsed = try #require(try JSONValue.parse(bytes).objectValue)
        #expect(try BiasTestRecorded(payload: parsed) == test)
        var extra = test.payload
        extra["extra"] = .bool(true)
        #expect(throws: LedgerError.self) { try BiasTestRecorded(payload: extra) }
    }

    func append(_ world: GovernanceWorld, _ event: GovernanceEvent) async throws {
        let state = try await world.state()
        world.clock.advance(milliseconds: 60_000)
        _ = try await world.store.appendUnchecked([EntryDraft(
            stream: event.stream, type: event.type, actor: W.engineer, retention: GovernanceRules.retention(for: event, in: state), payload: event.payload)])
    }
}
