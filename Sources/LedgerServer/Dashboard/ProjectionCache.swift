import LedgerCore
import LedgerStore
import Projections

/// The read models for the dashboard, kept in memory and brought up to the end of the log on
/// each read (only the entries appended since are folded); the stored copy in the ledger is
/// refreshed when something was applied.
actor ProjectionCache {
    let store: SQLiteEventStore
    private var state: ProjectionState?

    init(store: SQLiteEventStore) {
        self.store = store
    }

    func current() async throws -> ProjectionState {
        let updater = ProjectionUpdater(store: store, storage: store)
        guard var state else {
            let (fresh, _) = try await updater.update()
            self.state = fresh
            return fresh
        }
        let applied = try await updater.catchUp(&state)
        if applied > 0 {
            try await store.saveProjection(ProjectionUpdater<SQLiteEventStore>.name, state: try ProjectionUpdater<SQLiteEventStore>.encode(state), position: state.position)
        }
        self.state = state
        return state
    }
}
