import Governance
import LedgerCore
import Testing

/// Re-checks the guards of every accepted transition from the log alone, with its own naive
/// bookkeeping: it shares no code with the registry state or the rules, only the policy and the
/// payload types, so a bug in the rules cannot hide itself.
struct GuardOracle {
    struct Request {
        let model: ModelSlug, version: SemanticVersion, to: LifecycleStage, board: BoardName?, quorum: Int?
        var votes: [Principal: VoteDecision] = [:]
        var decided: ApprovalOutcome?
        var signoffs: [RoleName: Principal] = [:]
    }

    var policy: Policy?
    var tiers: [ModelSlug: RiskTier] = [:]
    var bumps: [String: VersionBump] = [:]
    var metrics: [String: [MetricName: Double]] = [:]
    var stages: [String: LifecycleStage] = [:]
    var since: [String: Timestamp] = [:]
    var versions: [ModelSlug: [SemanticVersion]] = [:]
    var suites: [String: [SuiteName: Bool]] = [:]
    var requests: [Int: Request] = [:]
    var holders: [RoleName: Set<Principal>] = [:]
    var stacks: [ModelSlug: [SemanticVersion]] = [:]
    /// Transitions whose guards were re-checked.
    var checked = 0
    var problems: [String] = []

    static func key(_ model: ModelSlug, _ version: SemanticVersion) -> String { "\(model)/\(version)" }

    /// Recomputes a suite's outcome from the recorded values and the thresholds.
    static func passes(_ e: ValidationRecorded, _ policy: Policy) -> Bool {
        guard let suite = policy.suites[e.suite] else { return false }
        for (name, threshold) in suite.metrics where !threshold.isOptional && e.metrics[name] == nil { return false }
        for (name, result) in e.metrics {
            guard let threshold = suite.metrics[name] else { return false }
            switch result.value {
            case .number(let value): if !threshold.accepts(value) { return false }
            case .bool(let value): if !threshold.accepts(value) { return false }
            }
        }
        return true
    }

    mutating func read(_ entries: [Entry]) throws {
        for entry in entries {
            guard let event = try RegistryState.event(of: entry) else { continue }
            let seq = entry.header.seq, time = entry.header.time, actor = entry.header.actor
            switch event {
            case .policyAdopted(let e): policy = e.policy
            case .modelRegistered(let e): tiers[e.model] = e.tier
            case .tierChanged(let e): tiers[e.model] = e.to
            case .versionRegistered(let e):
                let key = Self.key(e.model, e.version)
                bumps[key] = e.bump
                metrics[key] = e.lineage.metrics
                stages[key] = policy!.lifecycle.initial
                since[key] = time
                versions[e.model, default: []].append(e.version)
            case .validationRecorded(let e): suites[Self.key(e.model, e.version), default: [:]][e.suite] = Self.passes(e, policy!)
            case .approvalRequested(let e): requests[seq] = Request(model: e.model, version: e.version, to: e.to, board: e.board, quorum: e.quorum)
            case .voteCast(let e): requests[e.ballot.request]?.votes[e.ballot.member] = e.ballot.decision
            case .approvalDecided(let e): requests[e.request]?.decided = e.outcome
            case .signoffRecorded(let e):
                if holders[e.role]?.contains(actor) == true { requests[e.request]?.signoffs[e.role] = actor }
            case .roleAssigned(let e): holders[e.role, default: []].insert(e.principal)
            case .roleRevoked(let e): holders[e.role]?.remove(e.principal)
            case .versionTransitioned(let e):
                if e.cause == .transition { check(e, at: time, seq: seq) }
                let key = Self.key(e.model, e.version)
                stages[key] = e.to
                since[key] = time
                if e.to == .production, e.cause == .transition { stacks[e.model, default: []].append(e.version) }
                if e.cause == .rollback, e.from == .production, stacks[e.model]?.last == e.version { stacks[e.model]?.removeLast() }
            case .memberAppointed, .memberRemoved, .biasTestRecorded, .snapshotRecorded, .alertRaised, .alertResolved, .retrainingTriggered, .retrainingCompleted, .deploymentStarted, .deploymentAdvanced, .deploymentReported, .deploymentRolledBack, .abTestRecorded, .costRecorded, .explainabilityRecorded,
                .cardSectionSet, .cardReviewed, .findingRecorded, .findingRemediated,
                .tagSet, .tagDeleted, .aliasSet, .aliasDeleted, .descriptionSet, .renamed, .openLineageRecorded,
                .featureRegistered, .featureVersionReleased, .featureVersionDeprecated, .featureSetReleased: break
            }
        }
    }

    mutating func check(_ e: VersionTransitioned, at time: Timestamp, seq: Int) {
        guard let policy, let transition = policy.lifecycle.transition(from: e.from, to: e.to) else {
            problems.append("seq \(seq): \(e.from) → \(e.to) is not a lifecycle transition")
            return
        }
        checked += 1
        let key = Self.key(e.model, e.version)
        let tier = tiers[e.model]!
        for guardName in transition.guards {
            switch guardName {
            case .validation:
                for suite in policy.requiredSuites(tier: tier, bump: bumps[key]!)! where suites[key]?[suite] != true {
                    problems.append("seq \(seq): \(key) → \(e.to) without a passing \(suite)")
                }
            case .noRegression:
                let production = stacks[e.model]?.last { stages[Self.key(e.model, $0)] == .production && $0 != e.version }
                guard let production else { continue }
                let rule = policy.promotion.noRegression
                for metric in rule.metrics {
                    guard let old = metrics[Self.key(e.model, production)]?[metric] else { continue }
                    guard let new = metrics[key]?[metric], new >= old - rule.maxDegradation - 1e-12 else {
                        problems.append("seq \(seq): \(key) regresses \(metric) against \(production)")
                        continue
                    }
                }
            case .approvals:
                guard let number = e.request, let request = requests[number], request.model == e.model, request.version == e.version, request.to == e.to else {
                    problems.append("seq \(seq): \(key) → \(e.to) names no matching approval request")
                    continue
                }
                let tierPolicy = policy.tier(tier)!
                if let board = tierPolicy.approval.board {
                    let approvals = request.votes.values.filter { $0 == .approve }.count
                    if request.decided != .approved || approvals < board.quorum || request.board != board.name {
                        problems.append("seq \(seq): \(key) without the board's approval at quorum (\(approvals))")
                    }
                }
                for role in tierPolicy.approval.signoffs where request.signoffs[role] == nil {
                    problems.append("seq \(seq): \(key) without a \(role) sign-off by a holder")
                }
            case .archiveWindow:
                let kept = stacks[e.model]?.suffix(policy.deprecation.keepProductionVersions) ?? []
                let elapsed = Double(time.millisecondsSinceEpoch - since[key]!.millisecondsSinceEpoch) / 1000
                let newer = versions[e.model]!.filter { $0 > e.version }.count
                if kept.contains(e.version) || (elapsed < policy.deprecation.archiveAfterDeprecated.approximateSeconds && newer < policy.deprecation.archiveAfterSupersedingVersions) {
                    problems.append("seq \(seq): \(key) archived outside its window")
                }
            }
        }
    }
}
