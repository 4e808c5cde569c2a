public import LedgerStore
public import Projections

/// The ledger database keeps the read models in its `projection_state` table.
extension SQLiteEventStore: ProjectionStorage {}
