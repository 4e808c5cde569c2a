import Governance
import LedgerCore
import LedgerTestSupport
import Testing

struct DemoScenarioTests {
    /// Runs the demo into a fresh in-memory store.
    static func runDemo(seed: UInt64 = 7) async throws -> (InMemoryEventStore, GovernanceService<InMemoryEventStore>) {
        let policy = try PolicyFixtures.shippedPolicy()
        let clock = ScriptedClock(DemoScenario.start)
        let store = InMemoryEventStore(clock: clock.ledgerClock, random: .deterministic(seed: seed))
        let service = GovernanceService(store: store, clock: clock.ledgerClock, cache: RegistryCache())
        try await DemoRunner(service: service, clock: clock).run(DemoScenario.steps(policy: policy))
        return (store, service)
    }

    @Test func demoFollowsEveryRuleAndReproducesTheSeedInventory() async throws {
        let (store, service) = try await Self.runDemo()
        let report = try await service.checkRules()
        #expect(report.violations.isEmpty, "\(report.violations.map(\.description).joined(separator: "\n"))")
        let state = try await service.registry()
        #expect(state.models.count == 12)
        let rows = state.modelsInOrder.map { model in
            "\(model.name)|\(model.displayedVersion?.version.description ?? "")|\(model.displayedVersion?.stage.rawValue ?? "")|\(model.owner)"
        }
        #expect(rows.contains("Fraud Detection Engine|3.2.1|production|Risk Team"))
        #expect(rows.contains("Credit Scoring Model|3.1.0|staging|Risk Team"))
        #expect(rows.contains("Image Classifier v2|2.0.0|development|Eng Team"))
        #expect(rows.contains("Product Recommender|2.8.3|production|Product Team"))
        let count = await store.allEntries.count
        #expect(count > 200)
    }
}
