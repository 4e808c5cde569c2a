import LedgerCore

/// The lifecycle of a model version: its stages, the allowed transitions and rollback.
///
/// The default: Development → Staging → Approved → Production → Deprecated → Archived, and a
/// rollback that returns the previous production version to Production while the current one
/// moves to Deprecated. A transition not listed is refused.
public struct LifecyclePolicy: Hashable, Sendable {
    /// The stages, in lifecycle order. Always includes ``LifecycleStage/required``.
    public let stages: [LifecycleStage]
    /// The stage of a newly registered version.
    public let initial: LifecycleStage
    /// The allowed transitions; no two share `from` and `to`.
    public let transitions: [LifecycleTransition]
    /// Rollback: the current version moves `from` → `to` and the previous production version
    /// returns to `from`.
    public let rollback: LifecycleTransition

    /// The transition from `from` to `to`, if the policy allows it.
    public func transition(from: LifecycleStage, to: LifecycleStage) -> LifecycleTransition? {
        transitions.first { $0.from == from && $0.to == to }
    }

    /// Reads `{stages, initial, transitions, rollback}`.
    init?(decoding node: PolicyNode) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let stages = fields.required("stages") { $0.uniqueList { $0.identifier(LifecycleStage.self, what: "stage name") } }
        if let stages {
            let missing = LifecycleStage.required.filter { !stages.contains($0) }
            if !missing.isEmpty {
                fields.node(of: "stages").report("missing the stage\(missing.count == 1 ? "" : "s") \(missing.map { "'\($0)'" }.joined(separator: ", ")); the registry rules need \(LifecycleStage.required.map(\.rawValue).joined(separator: ", "))")
            }
        }
        let known = stages.map(Set.init)
        let initial = fields.required("initial") { $0.stageReference(in: known) }
        let transitions = fields.required("transitions") { node -> [LifecycleTransition]? in
            guard let elements = node.elements() else { return nil }
            var result: [LifecycleTransition] = []
            var failed = false
            for element in elements {
                guard let transition = LifecycleTransition(decoding: element, stages: known) else { failed = true; continue }
                if result.contains(where: { $0.from == transition.from && $0.to == transition.to }) {
                    element.report("the transition \(transition.from) → \(transition.to) is listed twice; list it once")
                    failed = true
                }
                result.append(transition)
            }
            return failed ? nil : result
        }
        let rollback = fields.required("rollback") { LifecycleTransition(decoding: $0, stages: known) }
        guard let stages, let initial, let transitions, let rollback else { return nil }
        self.stages = stages
        self.initial = initial
        self.transitions = transitions
        self.rollback = rollback
    }

    /// The canonical form: `{stages, initial, transitions, rollback}`.
    var canonicalJSON: JSONValue {
        .object([
            "stages": .array(stages.map { .string($0.rawValue) }),
            "initial": .string(initial.rawValue),
            "transitions": .array(transitions.map(\.canonicalJSON)),
            "rollback": rollback.canonicalJSON,
        ])
    }
}
