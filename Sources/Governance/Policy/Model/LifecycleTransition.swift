import LedgerCore

/// One allowed move of a model version between lifecycle stages, with the guards that must
/// hold before it is recorded.
public struct LifecycleTransition: Hashable, Sendable {
    /// A condition checked before a transition.
    public enum Guard: String, Hashable, Sendable, CaseIterable {
        /// The required validation suites for the version's tier and bump kind are recorded and
        /// passed (``Policy/requiredSuites(tier:bump:)``).
        case validation
        /// No metric of ``NoRegressionRule/metrics`` is worse than the current production
        /// version's by more than ``NoRegressionRule/maxDegradation``.
        case noRegression = "no_regression"
        /// The tier's approvals are complete: the board decision at quorum and every sign-off.
        case approvals
        /// The version has been deprecated for ``DeprecationPolicy/archiveAfterDeprecated`` or
        /// superseded by ``DeprecationPolicy/archiveAfterSupersedingVersions`` newer versions,
        /// and is not one of the production versions kept for rollback.
        case archiveWindow = "archive_window"
    }

    /// The stage the version leaves.
    public let from: LifecycleStage
    /// The stage the version enters.
    public let to: LifecycleStage
    /// The guards, in the order they are checked.
    public let guards: [Guard]

    /// Reads `{from, to, guards}`; `stages` are the defined stages.
    init?(decoding node: PolicyNode, stages: Set<LifecycleStage>?) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let from = fields.required("from") { $0.stageReference(in: stages) }
        let to = fields.required("to") { $0.stageReference(in: stages) }
        let guards = fields.required("guards") { $0.uniqueList { $0.choice(Guard.self) } }
        guard let from, let to, let guards else { return nil }
        guard from != to else {
            fields.node(of: "to").report("a transition must change the stage; '\(to)' is also its 'from'")
            return nil
        }
        self.from = from
        self.to = to
        self.guards = guards
    }

    /// The canonical form: `{from, to, guards}`.
    var canonicalJSON: JSONValue {
        .object([
            "from": .string(from.rawValue),
            "to": .string(to.rawValue),
            "guards": .array(guards.map { .string($0.rawValue) }),
        ])
    }
}

extension PolicyNode {
    /// A stage name that must be one of `stages` (when they decoded).
    func stageReference(in stages: Set<LifecycleStage>?) -> LifecycleStage? {
        guard let stage = identifier(LifecycleStage.self, what: "stage name") else { return nil }
        if let stages, !stages.contains(stage) {
            report("'\(stage)' is not a stage of lifecycle.stages; use one of: \(stages.sorted().map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return stage
    }
}
