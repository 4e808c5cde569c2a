import Governance
import LedgerCore

/// SplitMix64: a small, seeded generator so that a failing run can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}

/// Generates plausible and implausible commands against a registry state: half of them move a
/// model's latest version along its pipeline, half are noise (wrong stages, outsiders, forged
/// signatures, failing evidence, regressions, rollbacks, tier changes, board changes).
struct RandomCommands {
    typealias W = GovernanceWorld
    var rng: SplitMix64
    let policy: Policy
    let models: [ModelSlug]

    /// A command to try next, its actor, and whether it is a clock jump instead.
    enum Step {
        case command(GovernanceCommand, Principal)
        case vote(ModelSlug, SemanticVersion, Principal, VoteDecision, tamper: Bool, signer: Principal)
        case wait(days: Int)
    }

    mutating func next(_ state: RegistryState) -> Step {
        let slug = models.randomElement(using: &rng)!
        guard let model = state.models[slug] else {
            return .command(.registerModel(name: slug.rawValue, owner: "Team", framework: "XGBoost", tier: RiskTier(rawValue: models.firstIndex(of: slug)! % 3 + 1)!, purpose: "Property"), W.engineer)
        }
        if rng.chance(0.55) { return pipeline(model, state) }
        return noise(model, state)
    }

    // MARK: Pipeline

    mutating func pipeline(_ model: ModelRecord, _ state: RegistryState) -> Step {
        guard let latest = model.latestVersion, ![LifecycleStage.production, .deprecated, .archived].contains(latest.stage) else {
            if model.productionVersion != nil, rng.chance(0.1) { return .command(.rollback(model: model.slug, reason: "criterion fired"), W.engineer) }
            return release(model)
        }
        let version = latest.version
        let tier = policy.tier(model.tier)!
        switch latest.stage {
        case .development:
            let required = policy.requiredSuites(tier: model.tier, bump: latest.bump)!
            if let suite = required.first(where: { latest.validations[$0]?.passed != true }) {
                return record(model.slug, version, suite, failing: rng.chance(0.1))
            }
            return .command(.transition(model: model.slug, version: version, to: .staging, deployment: nil, reason: nil), W.engineer)
        case .staging:
            // A version stuck in staging (a regression, a rejection) is sometimes abandoned.
            if rng.chance(0.12) { return release(model) }
            guard let request = model.activeRequest(for: version) else {
                return .command(.requestApproval(model: model.slug, version: version, to: .approved), W.engineer)
            }
            if let board = request.board, request.status == .open {
                let voters = Set(request.votes.map(\.member))
                if let member = state.members(of: board).first(where: { !voters.contains($0) }) {
                    let decision: VoteDecision = rng.chance(0.8) ? .approve : (rng.chance(0.5) ? .reject : .abstain)
                    return .vote(model.slug, version, member, decision, tamper: false, signer: member)
                }
            }
            if let role = tier.approval.signoffs.first(where: { request.signoff(for: $0) == nil }) {
                let holder = W.holders[role.rawValue]!
                guard state.holds(holder, role: role) else {
                    return .command(.assignRole(principal: holder, role: role), Principal("cco@bank.example")!)
                }
                return .command(.signOff(model: model.slug, version: version, role: role, note: nil), holder)
            }
            return .command(.transition(model: model.slug, version: version, to: .approved, deployment: nil, reason: nil), W.engineer)
        case .approved:
            return .command(.transition(model: model.slug, version: version, to: .production, deployment: "API", reason: nil), W.engineer)
        default:
            return release(model)
        }
    }

    mutating func release(_ model: ModelRecord) -> Step {
        var version = W.v("1.0.0")
        if let latest = model.latestVersion?.version {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: version = latest  // does not increase
            case 1...2: version = SemanticVersion(major: latest.major + 1, minor: 0, patch: 0)!
            case 3...6: version = SemanticVersion(major: latest.major, minor: latest.minor + 1, patch: 0)!
            default: version = SemanticVersion(major: latest.major, minor: latest.minor, patch: latest.patch + 1)!
            }
        }
        let base = model.productionVersion?.lineage.metrics[MetricName("accuracy")!] ?? 0.95
        let accuracy = min(0.999, max(0.5, base + Double.random(in: -0.014...0.012, using: &rng)))
        var lineage = W.lineage(accuracy: (accuracy * 1000).rounded() / 1000)
        if rng.chance(0.08) { lineage.sbomSHA256 = nil; lineage.artifactSHA256 = nil }
        return .command(.registerVersion(model: model.slug, version: version, lineage: lineage), W.engineer)
    }

    mutating func record(_ slug: ModelSlug, _ version: SemanticVersion, _ suite: SuiteName, failing: Bool) -> Step {
        let definition = policy.suites[suite]!
        var values = Evidence.passing(definition)
        if failing, let name = values.keys.sorted().randomElement(using: &rng) {
            values[name] = Evidence.failingValue(definition.metrics[name]!)
        }
        if rng.chance(0.03), let name = values.keys.sorted().first { values[name] = nil }
        return .command(.recordValidation(model: slug, version: version, suite: suite, measurements: values, note: nil), Principal("ci@bank.example")!)
    }

    // MARK: Noise

    mutating func noise(_ model: ModelRecord, _ state: RegistryState) -> Step {
        let version = model.versions.randomElement(using: &rng)?.version ?? W.v("1.0.0")
        let stages = policy.lifecycle.stages
        switch Int.random(in: 0..<13, using: &rng) {
        case 0: return .wait(days: Int.random(in: 1...200, using: &rng))
        case 1: return .command(.transition(model: model.slug, version: version, to: stages.randomElement(using: &rng)!, deployment: nil, reason: nil), W.engineer)
        case 2: return .command(.rollback(model: model.slug, reason: "noise"), W.engineer)
        case 3:
            let member = (W.members + [W.outsider]).randomElement(using: &rng)!
            let signer = rng.chance(0.8) ? member : W.members.randomElement(using: &rng)!
            return .vote(model.slug, version, member, VoteDecision.allCases.randomElement(using: &rng)!, tamper: rng.chance(0.3), signer: signer)
        case 4:
            let role = policy.roles.keys.sorted().randomElement(using: &rng)!
            let actor = rng.chance(0.6) ? W.holders[role.rawValue]! : W.outsider
            return .command(.signOff(model: model.slug, version: version, role: role, note: nil), actor)
        case 5: return .command(.requestApproval(model: model.slug, version: version, to: stages.randomElement(using: &rng)!), W.engineer)
        case 6:
            let suite = policy.suites.keys.sorted().randomElement(using: &rng)!
            return record(model.slug, version, suite, failing: rng.chance(0.4))
        case 7: return .command(.changeTier(model: model.slug, tier: RiskTier(rawValue: Int.random(in: 1...4, using: &rng))!, reason: "reclassified"), Principal("cco@bank.example")!)
        case 8:
            let members = state.members(of: W.board)
            if members.count > 4, rng.chance(0.5) {
                return .command(.removeMember(board: W.board, member: members.randomElement(using: &rng)!, reason: nil), Principal("cco@bank.example")!)
            }
            let candidate = (W.members + [W.outsider]).randomElement(using: &rng)!
            return .command(.appointMember(board: W.board, member: candidate, publicKey: W.key(candidate).publicKey, seat: nil), Principal("cco@bank.example")!)
        case 9:
            let deprecated = model.versions.filter { $0.stage == .deprecated }.randomElement(using: &rng)?.version ?? version
            return .command(.transition(model: model.slug, version: deprecated, to: .archived, deployment: nil, reason: nil), W.engineer)
        case 10: return release(model)
        case 11:
            let role = policy.roles.keys.sorted().randomElement(using: &rng)!
            let holder = W.holders[role.rawValue]!
            return rng.chance(0.5)
                ? .command(.revokeRole(principal: holder, role: role, reason: nil), Principal("cco@bank.example")!)
                : .command(.assignRole(principal: holder, role: role), Principal("cco@bank.example")!)
        default:
            return .command(.transition(model: model.slug, version: version, to: .production, deployment: nil, reason: nil), W.engineer)
        }
    }
}
