public import LedgerCore

/// Retention classes for entries that no tier decides.
///
/// A model's entries take its tier's ``TierPolicy/retention``. Entries that concern every tier
/// (policy adoptions, board membership and votes, retention actions) take
/// ``sharedEntriesClass``, which must be at least as long as every tier's class.
public struct RetentionPolicy: Hashable, Sendable {
    /// The class of entries whose tier is unknown (default `7y`).
    public let defaultClass: RetentionClass
    /// The class of policy, board and retention entries (default `7y`).
    public let sharedEntriesClass: RetentionClass

    /// Reads `{default_class, shared_entries_class}`.
    init?(decoding node: PolicyNode) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let defaultClass = fields.required("default_class") { $0.retentionClass() }
        let shared = fields.required("shared_entries_class") { $0.retentionClass() }
        guard let defaultClass, let shared else { return nil }
        self.defaultClass = defaultClass
        sharedEntriesClass = shared
    }

    /// The canonical form, mirroring the YAML keys.
    var canonicalJSON: JSONValue {
        .object([
            "default_class": .string(defaultClass.rawValue),
            "shared_entries_class": .string(sharedEntriesClass.rawValue),
        ])
    }
}

extension RetentionClass {
    /// An approximate length in days, for ordering classes of different units.
    var approximateDays: Double {
        switch unit {
        case .days: Double(count)
        case .months: Double(count) * 30.436875
        case .years: Double(count) * 365.2425
        }
    }
}
