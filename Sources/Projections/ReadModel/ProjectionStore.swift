import Foundation
public import LedgerCore
import Governance

/// Where a projection's state is kept between runs: the ledger's database keeps it in a table
/// outside the log (`projection_state`), since it can always be rebuilt from the log.
public protocol ProjectionStorage: Sendable {
    /// The stored bytes of the projection `name`, or `nil` when none is stored.
    func loadProjection(_ name: String) async throws -> [UInt8]?
    /// Replaces the stored bytes of the projection `name`.
    func saveProjection(_ name: String, state: [UInt8], position: Int) async throws
}

/// Keeps a ``ProjectionState`` in step with a log: loads the stored state, applies the entries
/// appended since its position, saves it. A stored state of another layout, or one whose anchor
/// is not the leaf hash of the log's entry at that position, is rebuilt from the start.
public struct ProjectionUpdater<Store: EventStore>: Sendable {
    /// The name under which the state is stored.
    public static var name: String { "registry" }

    public let store: Store
    public let storage: (any ProjectionStorage)?
    /// Entries read per step of an update.
    public var chunk = 10_000

    public init(store: Store, storage: (any ProjectionStorage)?) {
        self.store = store
        self.storage = storage
    }

    /// What an update did.
    public struct Outcome: Hashable, Sendable {
        /// The position the update started from (0 for a rebuild).
        public var from: Int
        /// Entries applied.
        public var applied: Int
        /// Whether the stored state was discarded and rebuilt.
        public var rebuilt: Bool
    }

    /// The state brought up to the end of the log, and what it took.
    public func update() async throws -> (state: ProjectionState, outcome: Outcome) {
        var state = ProjectionState()
        var rebuilt = true
        if let storage, let bytes = try await storage.loadProjection(Self.name),
            let stored = try? JSONDecoder().decode(ProjectionState.self, from: Data(bytes)), stored.layout == ProjectionState.layoutVersion,
            try await anchorMatches(stored)
        {
            state = stored
            rebuilt = false
        }
        let from = state.position
        let applied = try await catchUp(&state)
        if applied > 0 || rebuilt, let storage {
            try await storage.saveProjection(Self.name, state: try Self.encode(state), position: state.position)
        }
        return (state, Outcome(from: from, applied: applied, rebuilt: rebuilt))
    }

    /// Discards the stored state and folds the whole log again.
    public func rebuild() async throws -> (state: ProjectionState, outcome: Outcome) {
        var state = ProjectionState()
        let applied = try await catchUp(&state)
        if let storage { try await storage.saveProjection(Self.name, state: try Self.encode(state), position: state.position) }
        return (state, Outcome(from: 0, applied: applied, rebuilt: true))
    }

    /// Applies every entry from the state's position to the end of the log.
    public func catchUp(_ state: inout ProjectionState) async throws -> Int {
        let cache = PolicyCache()
        var applied = 0
        while true {
            let entries = try await store.entries(EntryQuery(fromSeq: state.position, limit: chunk))
            for entry in entries { try state.apply(entry, policies: cache) }
            applied += entries.count
            if entries.count < chunk { return applied }
        }
    }

    private func anchorMatches(_ state: ProjectionState) async throws -> Bool {
        guard state.position > 0 else { return true }
        guard let anchor = state.anchor, let entry = try await store.entries(EntryQuery(fromSeq: state.position - 1, limit: 1)).first,
            entry.header.seq == state.position - 1
        else { return false }
        return entry.leafHash.hex == anchor
    }

    /// The stored form of a state: JSON with sorted keys, so that equal states give equal bytes.
    public static func encode(_ state: ProjectionState) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(state))
    }
}
