public import LedgerCore

/// One step of a scripted scenario: who does what, when.
public struct DemoStep: Hashable, Sendable {
    /// What the step does.
    public enum Action: Hashable, Sendable {
        /// A command, decided and appended as any other.
        case command(GovernanceCommand)
        /// A board member's vote on the version's open request, signed with the member's demo key
        /// (``DemoScenario/memberKey(for:)``) when the step runs, since it names the request's seq.
        case vote(model: ModelSlug, version: SemanticVersion, decision: VoteDecision, rationale: String, dissent: String?)
        /// The remediation of the model's latest open audit finding, which is known by a seq only
        /// when the step runs.
        case remediateLatestFinding(model: ModelSlug, note: String)
    }

    /// When the step happens; the scripted clock is set to it.
    public let time: Timestamp
    /// Who does it.
    public let actor: Principal
    public let action: Action

    public init(time: Timestamp, actor: Principal, action: Action) {
        self.time = time
        self.actor = actor
        self.action = action
    }
}

/// Runs scripted steps through a ``GovernanceService`` whose store reads a ``ScriptedClock``.
///
/// ```swift
/// let clock = ScriptedClock(DemoScenario.start)
/// let service = GovernanceService(store: store, clock: clock.ledgerClock, cache: RegistryCache())
/// try await DemoRunner(service: service, clock: clock).run(DemoScenario.steps(policy: policy))
/// ```
public struct DemoRunner<Store: EventStore>: Sendable {
    public let service: GovernanceService<Store>
    public let clock: ScriptedClock

    public init(service: GovernanceService<Store>, clock: ScriptedClock) {
        self.service = service
        self.clock = clock
    }

    /// Runs every step in order.
    ///
    /// - Returns: the number of entries written.
    /// - Throws: ``LedgerError`` `.internalFailure` naming the step when one is rejected (a
    ///   scenario is expected to follow every rule), or the store's errors.
    @discardableResult
    public func run(_ steps: [DemoStep]) async throws -> Int {
        var written = 0
        for (index, step) in steps.enumerated() {
            clock.set(step.time)
            do {
                switch step.action {
                case .command(let command):
                    written += try await service.execute(command, by: step.actor).count
                case .vote(let model, let version, let decision, let rationale, let dissent):
                    let ballot = try await service.prepareBallot(
                        model: model, version: version, member: step.actor, decision: decision, rationale: rationale, dissent: dissent)
                    let key = try DemoScenario.memberKey(for: step.actor)
                    let signature = try ballot.sign(with: key)
                    written += try await service.execute(
                        .castVote(ballot: ballot, keyFingerprint: key.publicKey.fingerprint, signature: signature), by: step.actor).count
                case .remediateLatestFinding(let model, let note):
                    let finding = try await service.registry().models[model]?.findings.last { $0.remediation == nil }?.seq ?? -1
                    written += try await service.execute(.remediateFinding(model: model, finding: finding, note: note), by: step.actor).count
                }
            } catch let error as LedgerError {
                throw LedgerError(.internalFailure, "demo step \(index + 1) (\(step.time), \(step.actor)) was refused: \(error.message)")
            }
        }
        return written
    }
}
