import Foundation
import Governance
import LedgerCore
import LedgerTestSupport
import Projections
import Testing

/// Read models are rebuilt from the log: an incremental update gives the same state, byte for
/// byte, as a rebuild, and a stored state that does not belong to the log is discarded.
struct ProjectionStateTests {
    @Test func incrementalUpdatesInAnyChunkingEqualARebuild() async throws {
        let store = try await ProjectionFixtures.demo()
        let entries = await store.allEntries
        let whole = try ProjectionUpdater<InMemoryEventStore>.encode(ProjectionFixtures.fold(entries))
        for chunk in [1, 7, 64, 200] {
            var state = ProjectionState()
            var start = 0
            while start < entries.count {
                for entry in entries[start..<min(start + chunk, entries.count)] { try state.apply(entry) }
                // A stored state is read back between updates, as the CLI does between runs.
                state = try JSONDecoder().decode(ProjectionState.self, from: Data(ProjectionUpdater<InMemoryEventStore>.encode(state)))
                start += chunk
            }
            #expect(try ProjectionUpdater<InMemoryEventStore>.encode(state) == whole, "chunks of \(chunk)")
        }
    }

    @Test func theUpdaterAppliesOnlyNewEntriesAndMatchesARebuild() async throws {
        let store = try await ProjectionFixtures.demo()
        let storage = MemoryProjectionStorage()
        let updater = ProjectionUpdater(store: store, storage: storage)
        let (first, outcome) = try await updater.update()
        #expect(outcome.rebuilt && outcome.applied == first.position)

        let slug = ModelSlug(displayName: "Fraud Detection Engine")!
        let service = GovernanceService(store: store, clock: LedgerClock.fixed(ProjectionFixtures.time("2025-07-01T10:00:00.000Z")))
        try await service.execute(.reviewCard(model: slug, note: "Quarterly review"), by: Principal("amara.nwosu@bank.example")!)

        let (second, again) = try await updater.update()
        #expect(!again.rebuilt && again.from == first.position && again.applied == 1)
        #expect(second.models[slug.rawValue]?.cardReview?.seq == first.position)
        let (rebuilt, _) = try await updater.rebuild()
        #expect(try ProjectionUpdater<InMemoryEventStore>.encode(rebuilt) == ProjectionUpdater<InMemoryEventStore>.encode(second))
    }

    @Test func aStoredStateFromAnotherLogIsRebuilt() async throws {
        let store = try await ProjectionFixtures.demo()
        let storage = MemoryProjectionStorage()
        let updater = ProjectionUpdater(store: store, storage: storage)
        var (state, _) = try await updater.update()
        state.anchor = String(repeating: "0", count: 64)
        state.models["fraud-detection-engine"]?.owner = "Someone Else"
        await storage.replace(ProjectionUpdater<InMemoryEventStore>.name, with: try ProjectionUpdater<InMemoryEventStore>.encode(state))
        let (fresh, outcome) = try await updater.update()
        #expect(outcome.rebuilt)
        #expect(fresh.models["fraud-detection-engine"]?.owner == "Risk Team")
    }

    @Test func anEntryOutOfOrderIsRefused() async throws {
        let store = try await ProjectionFixtures.demo()
        let entries = await store.allEntries
        var state = ProjectionState()
        try state.apply(entries[0])
        #expect(throws: LedgerError.self) { try state.apply(entries[2]) }
        #expect(state.position == 1)
    }

    @Test func theDossierHoldsTheBoardMinutesWithTheDissent() async throws {
        let store = try await ProjectionFixtures.demo()
        let state = try ProjectionFixtures.fold(await store.allEntries)
        let fraud = try #require(state.models["fraud-detection-engine"])
        let decided = try #require(fraud.requests.first { $0.version == "3.2.1" && $0.decision != nil })
        #expect(decided.decision?.outcome == "approved")
        #expect(decided.votes.count == 5)
        #expect(decided.votes.contains { $0.decision == "reject" && $0.dissent != nil })
        #expect(decided.signoffs.map(\.role).sorted() == ["business_owner", "compliance", "legal"])
        #expect(fraud.alerts.count == 1 && fraud.alerts[0].resolved != nil)
        #expect(fraud.snapshots.count == 8)
        #expect(fraud.findings.count == 1 && fraud.findings[0].remediated != nil)
        #expect(state.boards["ml-review-board"]?.count == 5)
        #expect(state.policies.count == 1)
    }
}
