import LedgerCore

/// When superseded versions may be archived, and how many production versions stay available.
///
/// Seed: "Minimum retention: 2 versions in production (current + previous for rollback)";
/// "Archive after: 12 months in deprecated state (or 3 versions superseding)".
public struct DeprecationPolicy: Hashable, Sendable {
    /// Production versions kept available for rollback, the current one included (default 2).
    public let keepProductionVersions: Int
    /// Time in Deprecated after which a version may be archived (default `12mo`).
    public let archiveAfterDeprecated: PolicyDuration
    /// Newer versions after which a deprecated version may be archived (default 3).
    public let archiveAfterSupersedingVersions: Int

    /// Reads `{keep_production_versions, archive_after_deprecated, archive_after_superseding_versions}`.
    init?(decoding node: PolicyNode) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let keep = fields.required("keep_production_versions") { $0.int(in: 1...100) }
        let after = fields.required("archive_after_deprecated") { $0.duration() }
        let superseding = fields.required("archive_after_superseding_versions") { $0.int(in: 1...100) }
        guard let keep, let after, let superseding else { return nil }
        keepProductionVersions = keep
        archiveAfterDeprecated = after
        archiveAfterSupersedingVersions = superseding
    }

    /// The canonical form, mirroring the YAML keys.
    var canonicalJSON: JSONValue {
        .object([
            "keep_production_versions": .number(Double(keepProductionVersions)),
            "archive_after_deprecated": .string(archiveAfterDeprecated.rawValue),
            "archive_after_superseding_versions": .number(Double(archiveAfterSupersedingVersions)),
        ])
    }
}
