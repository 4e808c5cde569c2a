import Governance
import LedgerCore
import LedgerTestSupport
import Synchronization
import Testing

/// The service without a registry cache, as the CLI runs it: per-command stream reads, stream
/// version guards and retries when another writer got there first.
struct GovernanceServiceTests {
    typealias W = GovernanceWorld

    /// A store that lets another writer append `intruder` just before the first append it is asked for.
    final class RacingStore: EventStore {
        let base: InMemoryEventStore
        let intruder: Mutex<[EntryDraft]?>
        let attempts = Mutex(0)

        init(base: InMemoryEventStore, intruder: [EntryDraft]) {
            self.base = base
            self.intruder = Mutex(intruder)
        }

        func append(_ drafts: [EntryDraft]) async throws -> [Entry] {
            attempts.withLock { $0 += 1 }
            if let other = intruder.withLock({ value -> [EntryDraft]? in defer { value = nil }; return value }) {
                _ = try await base.append(other)
            }
            return try await base.append(drafts)
        }

        func head() async throws -> ChainHead { await base.head() }
        func streamVersion(of stream: StreamName) async throws -> Int { await base.streamVersion(of: stream) }
        func entries(_ query: EntryQuery) async throws -> [Entry] { await base.entries(query) }
    }

    @Test func eachCommandReadsOnlyTheStreamsItNeeds() async throws {
        let world = try await W.make(cached: false)
        let alpha = try await world.register("Alpha", tier: 2)
        try await world.register("Beta", tier: 3)
        let (state, versions) = try await world.service.state(models: [alpha])
        #expect(state.models.keys.map(\.rawValue) == ["alpha"])
        #expect(state.policy?.digest == world.policy.digest)
        #expect(state.members(of: W.board).count == 5)
        #expect(state.roleHolders.count == W.holders.count)
        #expect(versions[alpha.stream] == 1)
        #expect(versions[.roles] == W.holders.count)
    }

    @Test func theDraftsCarryTheStreamVersionsRead() async throws {
        let world = try await W.make(cached: false)
        let slug = try await world.register("Churn", tier: 2)
        try await world.ship(slug, "1.0.0")
        try await world.approve(slug, "1.1.0")
        let before = await world.store.streamVersion(of: slug.stream)
        let written = try await world.run(.transition(model: slug, version: W.v("1.1.0"), to: .production, deployment: nil, reason: nil))
        #expect(written.map(\.header.streamVersion) == [before + 1, before + 2])
    }

    @Test func aConcurrentWriterMakesTheServiceDecideAgainOnFreshState() async throws {
        let world = try await W.make(cached: false)
        let slug = try await world.register("Churn", tier: 2)
        try await world.release(slug, "1.0.0")
        try await world.run(.transition(model: slug, version: W.v("1.0.0"), to: .staging, deployment: nil, reason: nil))
        // Another process opens the same request first, between our read and our append.
        let (state, versions) = try await world.service.state(models: [slug])
        var drafts = try GovernanceDecider.decide(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved), by: W.engineer, in: state, at: world.clock.now)
        drafts[0].expectedVersion = versions[slug.stream]
        let racing = RacingStore(base: world.store, intruder: drafts)
        let service = GovernanceService(store: racing, clock: world.clock.ledgerClock, policies: W.policies)
        do {
            try await service.execute(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved), by: W.engineer)
            Issue.record("the second request should have been refused on retry")
        } catch let error as LedgerError {
            #expect(error.message.contains("refused by rule approval-request:"), "\(error.message)")
        }
        #expect(racing.attempts.withLock { $0 } == 1)
        #expect(try await world.state().models[slug]?.requests.count == 1)
    }

    @Test func aConcurrentHarmlessWriteIsRetriedTransparently() async throws {
        let world = try await W.make(cached: false)
        let slug = try await world.register("Churn", tier: 2)
        try await world.release(slug, "1.0.0")
        let (state, versions) = try await world.service.state(models: [slug])
        let suite = SuiteName("smoke")!
        var intruder = try GovernanceDecider.decide(.recordValidation(model: slug, version: W.v("1.0.0"), suite: suite, measurements: Evidence.passing(world.policy.suites[suite]!), note: nil), by: W.engineer, in: state, at: world.clock.now)
        intruder[0].expectedVersion = versions[slug.stream]
        let racing = RacingStore(base: world.store, intruder: intruder)
        let service = GovernanceService(store: racing, clock: world.clock.ledgerClock, policies: W.policies)
        let written = try await service.execute(.transition(model: slug, version: W.v("1.0.0"), to: .staging, deployment: nil, reason: nil), by: W.engineer)
        #expect(racing.attempts.withLock { $0 } == 2)
        #expect(written.first?.header.streamVersion == 4)
        #expect(RuleChecker.check(await world.entries).isValid)
    }

    @Test func aVoteNeedsAnOpenRequestToPrepareItsBallot() async throws {
        let world = try await W.make(cached: false)
        let slug = try await world.register("Churn", tier: 2)
        try await world.release(slug, "1.0.0")
        await #expect(throws: LedgerError.self) {
            _ = try await world.service.prepareBallot(model: slug, version: W.v("1.0.0"), member: W.members[0], decision: .approve, rationale: "x", dissent: nil)
        }
        try await world.run(.transition(model: slug, version: W.v("1.0.0"), to: .staging, deployment: nil, reason: nil))
        try await world.run(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved))
        let error = await #expect(throws: LedgerError.self) {
            _ = try await world.service.prepareBallot(model: slug, version: W.v("1.0.0"), member: W.members[0], decision: .approve, rationale: "x", dissent: nil)
        }
        #expect(error?.message.contains("Tier 2 approvals are sign-offs") == true)
    }
}
