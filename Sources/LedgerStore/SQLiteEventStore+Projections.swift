import LedgerCore
internal import GRDB
import Foundation

extension SQLiteEventStore {
    /// The stored state of the read model `name`, or `nil` when none is stored.
    public func loadProjection(_ name: String) async throws -> [UInt8]? {
        try await pool.read { db -> [UInt8]? in
            let data = try Data.fetchOne(db, sql: "SELECT state FROM projection_state WHERE name = ?", arguments: [name])
            return data.map { Array($0) }
        }
    }

    /// Replaces the stored state of the read model `name` and the log position it reached.
    public func saveProjection(_ name: String, state: [UInt8], position: Int) async throws {
        let updated = configuration.clock.now().description
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO projection_state (name, position, state, updated) VALUES (?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET position = excluded.position, state = excluded.state, updated = excluded.updated
                    """,
                arguments: [name, position, Data(state), updated])
        }
    }

    /// The stored read models: name, position and when each was last updated.
    public func projectionPositions() throws -> [(name: String, position: Int, updated: String)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT name, position, updated FROM projection_state ORDER BY name").map { ($0[0], $0[1], $0[2]) }
        }
    }
}
