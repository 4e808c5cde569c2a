import Foundation
import Governance
import LedgerCore
import LedgerTestSupport
import Projections

/// The demo ledger in memory, the shipped policy and templates, and a storage for read models.
enum ProjectionFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func policy() throws -> Policy {
        try PolicyLoader.load(yaml: String(contentsOf: repositoryRoot.appendingPathComponent("compliance/policy.yaml"), encoding: .utf8))
    }

    static var templates: String { repositoryRoot.appendingPathComponent("projections").path }

    /// The demo story written to a fresh in-memory store.
    static func demo() async throws -> InMemoryEventStore {
        let clock = ScriptedClock(DemoScenario.start)
        let store = InMemoryEventStore(clock: clock.ledgerClock, random: .deterministic(seed: 3))
        let service = GovernanceService(store: store, clock: clock.ledgerClock, cache: RegistryCache())
        try await DemoRunner(service: service, clock: clock).run(DemoScenario.steps(policy: policy()))
        return store
    }

    /// The state folded from every entry of `entries` in one pass.
    static func fold(_ entries: [Entry]) throws -> ProjectionState {
        var state = ProjectionState()
        for entry in entries { try state.apply(entry) }
        return state
    }

    static func time(_ text: String) -> Timestamp { Timestamp(dateOrTimestamp: text)! }
}

/// Keeps read models in memory, counting saves.
actor MemoryProjectionStorage: ProjectionStorage {
    var stored: [String: [UInt8]] = [:]
    var saves = 0

    func loadProjection(_ name: String) -> [UInt8]? { stored[name] }

    func saveProjection(_ name: String, state: [UInt8], position: Int) {
        stored[name] = state
        saves += 1
    }

    func replace(_ name: String, with bytes: [UInt8]) { stored[name] = bytes }
}
