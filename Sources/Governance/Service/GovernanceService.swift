public import LedgerCore

/// Carries out governance commands against an event store: reads the streams a command needs,
/// rebuilds the registry state, decides, and appends the entries atomically.
///
/// The service holds no rules: decisions are ``GovernanceDecider``'s, checks are
/// ``GovernanceRules``'. It is what the CLI and the HTTP server call.
///
/// Concurrency: every draft carries the `expectedVersion` of its stream as read, so two writers
/// deciding on the same model conflict instead of racing; the service then reads again, decides
/// again on the fresh state and retries (at most ``maxAttempts`` times in all).
///
/// ```swift
/// let service = GovernanceService(store: store, clock: .system)
/// let written = try await service.execute(.registerModel(name: "Fraud Detection Engine", owner: "Risk Team",
///     framework: "XGBoost", tier: RiskTier(rawValue: 1)!, purpose: "Score card transactions"), by: actor)
/// ```
///
/// ## Topics
/// - ``execute(_:by:)``
/// - ``state(for:)``
/// - ``registry()``
/// - ``prepareBallot(model:version:member:decision:rationale:dissent:)``
/// - ``history(of:)``
/// - ``checkRules()``
public struct GovernanceService<Store: EventStore>: Sendable {
    /// The store read and appended to.
    public let store: Store
    /// The clock decisions are taken at; the same the store stamps entries with.
    public let clock: LedgerClock
    /// Attempts of a command when its streams change under it.
    public let maxAttempts = 3
    /// The policies read so far, so that each command does not parse them again.
    public let policies: PolicyCache
    /// The registry kept across commands, if the caller lives long enough to use one.
    public let cache: RegistryCache?

    /// - Parameters:
    ///   - clock: the clock decisions are taken at; give the store the same one.
    ///   - cache: keeps the whole registry between commands (servers, the demo); `nil` rebuilds
    ///     each command's state from the streams it needs (one-shot processes such as the CLI).
    public init(store: Store, clock: LedgerClock, policies: PolicyCache = PolicyCache(), cache: RegistryCache? = nil) {
        self.store = store
        self.clock = clock
        self.policies = policies
        self.cache = cache
    }

    /// Decides `command` on the current state and appends its entries atomically.
    ///
    /// - Returns: the entries written (none when the command changes nothing, such as a move
    ///   to the stage a version is in).
    /// - Throws: ``LedgerError`` `.invalidField` when a rule rejects the command (nothing is
    ///   written; the message names the rule and the remedy), `.streamConflict` when other
    ///   writers kept changing the streams, or the store's errors.
    @discardableResult
    public func execute(_ command: GovernanceCommand, by actor: Principal) async throws -> [Entry] {
        var attempt = 1
        while true {
            let (state, versions) = try await state(for: command)
            let decided = try GovernanceDecider.decision(command, by: actor, in: state, at: clock.now())
            var drafts = decided.map(\.draft)
            if drafts.isEmpty { return [] }
            var next = versions
            for index in drafts.indices {
                let stream = drafts[index].stream
                let current = next[stream] ?? 0
                drafts[index].expectedVersion = current
                next[stream] = current + 1
            }
            do {
                let written = try await store.append(drafts)
                // The cache takes the decided events as they are, instead of reading back and
                // decoding what was just written (a monitoring snapshot is a large payload).
                cache?.record(written, events: decided.map(\.event), policies: policies)
                return written
            } catch let error as LedgerError where error.code == .streamConflict && attempt < maxAttempts {
                attempt += 1
            }
        }
    }

    /// The state a command is decided on, and the versions of the streams read.
    ///
    /// Without a ``cache``, it is built from every `policy.adopted` entry, the command's model stream, the streams
    /// of the boards the policy in force defines (and the board the command names), and
    /// `access/roles`, applied in seq order.
    ///
    /// Of a stream's monitoring snapshots only the latest with a payload is read
    /// (``RegistryState/supersededTypes``): applying a snapshot replaces all that the earlier
    /// ones left in the state, so the state is the same and the cost of a command does not grow
    /// with the number of snapshots recorded before it.
    public func state(for command: GovernanceCommand) async throws -> (RegistryState, [StreamName: Int]) {
        try await state(models: command.models, boards: command.board.map { [$0] } ?? [], streams: command.extraStreams)
    }

    /// The state of the given models, the policy in force, the boards and the roles.
    public func state(models: [ModelSlug], boards: [BoardName] = [], streams extra: [StreamName] = []) async throws -> (RegistryState, [StreamName: Int]) {
        if let cache { return try await cache.refresh(from: store, policies: policies) }
        let adoptions = try await store.entries(EntryQuery(type: .policyAdopted))
        var boardNames = boards
        if let latest = try adoptions.last?.payload?.object() {
            for tier in latest["policy"]?["tiers"]?.objectValue ?? JSONObject() {
                if let name = tier.value["approval"]?["board"]?["name"]?.stringValue.flatMap(BoardName.init(rawValue:)),
                    !boardNames.contains(name)
                {
                    boardNames.append(name)
                }
            }
        }
        var streams: [StreamName] = models.map(\.stream) + boardNames.map(StreamName.board) + [.roles] + extra
        streams = Array(Set(streams)).sorted()
        var entries = adoptions
        var versions: [StreamName: Int] = [:]
        for entry in adoptions { versions[entry.header.stream] = entry.header.streamVersion }
        for stream in streams {
            let read = try await store.entries(EntryQuery(stream: stream, supersededLeftOut: RegistryState.supersededTypes))
            versions[stream] = read.last?.header.streamVersion ?? 0
            entries += read
        }
        entries.sort { $0.header.seq < $1.header.seq }
        var state = RegistryState()
        for entry in entries { try state.apply(entry, policies: policies) }
        return (state, versions)
    }

    /// The whole registry, from every entry of the log.
    public func registry() async throws -> RegistryState {
        if let cache { return try await cache.refresh(from: store, policies: policies).0 }
        var state = RegistryState()
        for entry in try await store.entries(EntryQuery()) { try state.apply(entry, policies: policies) }
        return state
    }

    /// Every entry of a model's stream, in order.
    public func history(of model: ModelSlug) async throws -> [Entry] {
        try await store.entries(EntryQuery(stream: model.stream))
    }

    /// The ballot a member signs to vote on a version's open approval request.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` when the model or version is unknown, no request
    ///   is open for the version, or its tier has no board.
    public func prepareBallot(
        model slug: ModelSlug, version: SemanticVersion, member: Principal, decision: VoteDecision, rationale: String,
        dissent: String?
    ) async throws -> VoteBallot {
        let (state, _) = try await state(models: [slug])
        let subject = "vote by \(member) on \(slug) \(version)"
        guard state.policy != nil else {
            throw GovernanceRejection(.policyAdopted, subject, "no policy has been adopted yet; run govledger policy adopt compliance/policy.yaml first").ledgerError
        }
        guard let model = state.models[slug] else {
            throw GovernanceRejection(.modelUnknown, subject, "model \(slug) is not registered").ledgerError
        }
        guard model.version(version) != nil else {
            throw GovernanceRejection(.versionUnknown, subject, "version \(version) of \(slug) is not registered").ledgerError
        }
        guard let request = model.requests.last(where: { $0.version == version && $0.board != nil && $0.status == .open }) else {
            let last = model.requests.last { $0.version == version }
            let reason = last.map { request in
                request.board == nil
                    ? "request \(request.seq) needs no board vote: Tier \(model.tier) approvals are sign-offs (govledger signoff)"
                    : "request \(request.seq) is \(request.status) and takes no more votes"
            } ?? "no approval request is open for \(slug) \(version); open one with govledger approval request \(slug) \(version) --to approved"
            throw GovernanceRejection(.requestOpen, subject, reason).ledgerError
        }
        return VoteBallot(model: slug, version: version, request: request.seq, board: request.board!, member: member, decision: decision, rationale: rationale, dissent: dissent)
    }

    /// Checks the whole log against the governance rules (level-3 verification).
    public func checkRules() async throws -> RuleReport {
        RuleChecker.check(try await store.entries(EntryQuery()), policies: policies)
    }
}
