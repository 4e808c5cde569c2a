import Governance
import LedgerCore
import LedgerTestSupport
import Testing

/// A fresh governed ledger for one test: an in-memory store on a scripted clock, the shipped
/// policy, optionally adopted, a five-member board with known keys and one holder per role.
struct GovernanceWorld {
    let clock: ScriptedClock
    let store: InMemoryEventStore
    let service: GovernanceService<InMemoryEventStore>
    let policy: Policy

    static let start = Timestamp("2024-01-08T09:00:00.000Z")!
    static let engineer = Principal("eng@bank.example")!
    static let board = BoardName("ml-review-board")!
    static let members = (1...5).map { Principal("member\($0)@bank.example")! }
    static let outsider = Principal("outsider@bank.example")!
    static let holders: [String: Principal] = [
        "compliance": Principal("cco@bank.example")!, "legal": Principal("counsel@bank.example")!,
        "business_owner": Principal("owner@bank.example")!, "ml_engineering_lead": Principal("lead@bank.example")!,
        "ml_engineer": Principal("mle@bank.example")!, "data_scientist": Principal("ds@bank.example")!,
        "peer_reviewer": Principal("peer@bank.example")!,
    ]

    /// The shipped policy, loaded once: it is an immutable value.
    static let shippedPolicy: Policy = try! PolicyFixtures.shippedPolicy()
    /// Policies read from adoption entries, shared: entries of equal bytes read the same.
    static let policies = PolicyCache()

    static func key(_ member: Principal) -> Ed25519PrivateKey {
        try! Ed25519PrivateKey(rawRepresentation: SHA256.hash(Array("test key \(member)".utf8)).bytes)
    }

    /// - Parameters:
    ///   - adopt: adopt the shipped policy; `board` and `roles` need it.
    ///   - cached: keep the registry between commands (faster for long runs).
    static func make(adopt: Bool = true, board: Bool = true, roles: Bool = true, cached: Bool = true) async throws -> GovernanceWorld {
        let clock = ScriptedClock(start)
        let store = InMemoryEventStore(clock: clock.ledgerClock, random: .deterministic(seed: 1))
        let service = GovernanceService(store: store, clock: clock.ledgerClock, policies: policies, cache: cached ? RegistryCache() : nil)
        let world = GovernanceWorld(clock: clock, store: store, service: service, policy: shippedPolicy)
        if adopt { try await world.run(.adoptPolicy(world.policy)) }
        if adopt, board {
            for (index, member) in members.enumerated() {
                let seat = world.policy.tier(RiskTier(rawValue: 1)!)!.approval.board!.seats[index]
                try await world.run(.appointMember(board: Self.board, member: member, publicKey: key(member).publicKey, seat: seat))
            }
        }
        if adopt, roles {
            for (role, holder) in holders.sorted(by: { $0.key < $1.key }) {
                try await world.run(.assignRole(principal: holder, role: RoleName(role)!))
            }
        }
        return world
    }

    @discardableResult
    func run(_ command: GovernanceCommand, by actor: Principal = engineer) async throws -> [Entry] {
        clock.advance(milliseconds: 60_000)
        return try await service.execute(command, by: actor)
    }

    var entries: [Entry] { get async { await store.allEntries } }

    /// Expects `command` to be refused by `rule`, with nothing written; returns the message.
    @discardableResult
    func expectRejection(
        _ command: GovernanceCommand, by actor: Principal = engineer, rule: GovernanceRule, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> String {
        let before = await store.allEntries.count
        do {
            try await run(command, by: actor)
            Issue.record("expected a refusal by rule \(rule), but the command was accepted", sourceLocation: sourceLocation)
            return ""
        } catch let error as LedgerError {
            #expect(error.code == .invalidField, sourceLocation: sourceLocation)
            #expect(error.message.contains("refused by rule \(rule.rawValue):"), "\(error.message)", sourceLocation: sourceLocation)
            let after = await store.allEntries.count
            #expect(after == before, "a refused command wrote \(after - before) entries", sourceLocation: sourceLocation)
            return error.message
        }
    }

    func advance(days: Int) { clock.advance(milliseconds: Int64(days) * 86_400_000) }

    func state() async throws -> RegistryState { try await service.registry() }

    // MARK: Building blocks

    static func slug(_ name: String) -> ModelSlug { ModelSlug(displayName: name)! }
    static func v(_ text: String) -> SemanticVersion { SemanticVersion(text)! }

    @discardableResult
    func register(_ name: String, tier: Int) async throws -> ModelSlug {
        try await run(.registerModel(name: name, owner: "Risk Team", framework: "XGBoost", tier: RiskTier(rawValue: tier)!, purpose: "Testing"))
        return Self.slug(name)
    }

    static func lineage(accuracy: Double = 0.97, precision: Double = 0.96, recall: Double = 0.97) -> Lineage {
        Lineage(
            datasetSHA256: SHA256.hash([1]), featureSetVersion: "features-v1", hyperparameters: ["depth": 8],
            imageDigest: "sha256:" + SHA256.hash([2]).hex, languageVersion: "Python 3.11", trainingHours: 1.5,
            metrics: [MetricName("accuracy")!: accuracy, MetricName("precision")!: precision, MetricName("recall")!: recall],
            artifactSHA256: SHA256.hash([3]), sbomSHA256: SHA256.hash([4]))
    }

    func release(_ model: ModelSlug, _ version: String, accuracy: Double = 0.97) async throws {
        try await run(.registerVersion(model: model, version: Self.v(version), lineage: Self.lineage(accuracy: accuracy)))
    }

    /// Records every suite the version needs with passing values.
    func validate(_ model: ModelSlug, _ version: String, except skipped: Set<String> = []) async throws {
        let state = try await state()
        let record = try #require(state.models[model]?.version(Self.v(version)))
        let tier = try #require(state.models[model]?.tier)
        for suite in policy.requiredSuites(tier: tier, bump: record.bump)! where !skipped.contains(suite.rawValue) {
            try await run(.recordValidation(model: model, version: Self.v(version), suite: suite, measurements: Evidence.passing(policy.suites[suite]!), note: nil), by: Principal("ci@bank.example")!)
        }
    }

    func vote(_ member: Principal, _ model: ModelSlug, _ version: String, _ decision: VoteDecision, dissent: String? = nil) async throws -> [Entry] {
        let ballot = try await service.prepareBallot(model: model, version: Self.v(version), member: member, decision: decision, rationale: "Reviewed", dissent: dissent)
        let key = Self.key(member)
        return try await run(.castVote(ballot: ballot, keyFingerprint: key.publicKey.fingerprint, signature: try ballot.sign(with: key)), by: member)
    }

    func signOffAll(_ model: ModelSlug, _ version: String, except skipped: Set<String> = []) async throws {
        let tier = try #require(try await state().models[model]?.tier)
        for role in policy.tier(tier)!.approval.signoffs where !skipped.contains(role.rawValue) {
            try await run(.signOff(model: model, version: Self.v(version), role: role, note: nil), by: Self.holders[role.rawValue]!)
        }
    }

    /// Takes a version from registration to approved: validations, staging, request, votes, sign-offs.
    func approve(_ model: ModelSlug, _ version: String, accuracy: Double = 0.97) async throws {
        try await release(model, version, accuracy: accuracy)
        try await validate(model, version)
        try await run(.transition(model: model, version: Self.v(version), to: .staging, deployment: nil, reason: nil))
        try await run(.requestApproval(model: model, version: Self.v(version), to: .approved))
        let tier = try #require(try await state().models[model]?.tier)
        if policy.tier(tier)!.approval.board != nil {
            for member in Self.members.prefix(4) { _ = try await vote(member, model, version, .approve) }
        }
        try await signOffAll(model, version)
        try await run(.transition(model: model, version: Self.v(version), to: .approved, deployment: nil, reason: nil))
    }

    /// Approves and promotes a version to production.
    func ship(_ model: ModelSlug, _ version: String, accuracy: Double = 0.97) async throws {
        try await approve(model, version, accuracy: accuracy)
        try await run(.transition(model: model, version: Self.v(version), to: .production, deployment: "API", reason: nil))
    }
}

/// Measurements derived from thresholds.
enum Evidence {
    /// A value every threshold of `suite` accepts, for each non-optional metric.
    static func passing(_ suite: ValidationSuite) -> [MetricName: Measurement] {
        var values: [MetricName: Measurement] = [:]
        for (name, threshold) in suite.metrics where !threshold.isOptional {
            values[name] = passingValue(threshold)
        }
        return values
    }

    static func passingValue(_ threshold: MetricThreshold) -> Measurement {
        if let expected = threshold.expected { return .bool(expected) }
        let step = threshold.unit.isWhole ? 1.0 : 0.001
        var candidates: [Double] = []
        if let lower = threshold.lowerBound { candidates.append(lower.isInclusive ? lower.value : lower.value + step) }
        if let upper = threshold.upperBound { candidates.append(upper.isInclusive ? upper.value : (threshold.unit.isWhole ? upper.value - 1 : upper.value / 2)) }
        return .number(candidates.first(where: threshold.accepts) ?? 0)
    }

    /// A value `threshold` refuses.
    static func failingValue(_ threshold: MetricThreshold) -> Measurement {
        if let expected = threshold.expected { return .bool(!expected) }
        if let upper = threshold.upperBound { return .number(upper.value + (threshold.unit.isWhole ? 1 : 0.001)) }
        if let lower = threshold.lowerBound { return .number(lower.value - (threshold.unit.isWhole ? 1 : 0.001)) }
        return .number(0)
    }
}
