import LedgerCore

/// How a promoted version is rolled out and when it is rolled back.
///
/// Seed: "Promotion strategy: canary deployment (10% → 25% → 50% → 100%)"; "Rollback criteria:
/// error rate > 0.5% OR accuracy drop > 0.5%".
public struct DeploymentPolicy: Hashable, Sendable {
    /// A rollout strategy the seed names.
    public enum Strategy: String, Hashable, Sendable, CaseIterable {
        /// Traffic shifts to the new version in steps (``canarySteps``).
        case canary
        /// A full second environment takes all traffic at once.
        case blueGreen = "blue_green"
        /// The new version sees real traffic without serving it.
        case shadow
        /// Traffic is split between versions for comparison.
        case abTest = "ab_test"
    }

    /// The rollout strategy (default `canary`).
    public let strategy: Strategy
    /// The traffic shares of a canary rollout, increasing and ending at 1.0; empty otherwise.
    public let canarySteps: [Double]
    /// Roll back when the error rate exceeds this fraction (default 0.005).
    public let rollbackErrorRateAbove: Double
    /// Roll back when accuracy drops by more than this fraction (default 0.005).
    public let rollbackAccuracyDropAbove: Double

    /// Reads `{strategy, canary_steps, rollback_criteria: {error_rate_above, accuracy_drop_above}}`.
    init?(decoding node: PolicyNode) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let strategy = fields.required("strategy") { $0.choice(Strategy.self) }
        let steps = fields.optional("canary_steps") { node -> [Double]? in
            guard let steps = node.list({ $0.rate() }) else { return nil }
            let increasing = zip(steps, steps.dropFirst()).allSatisfy { $0 < $1 }
            guard increasing, steps.first.map({ $0 > 0 }) ?? true, steps.last == 1 else {
                node.report("canary steps must be traffic shares above 0 that increase and end at 1.0, such as [0.10, 0.25, 0.50, 1.0]")
                return nil
            }
            return steps
        } ?? []
        if strategy == .canary, steps.isEmpty {
            fields.node(of: "canary_steps").report("a canary rollout needs canary_steps, such as [0.10, 0.25, 0.50, 1.0]")
        } else if let strategy, strategy != .canary, !steps.isEmpty {
            fields.node(of: "canary_steps").report("canary_steps apply only to the canary strategy; remove them or use strategy: canary")
        }
        let criteria = fields.required("rollback_criteria") { node -> (Double, Double)? in
            guard let fields = node.fields() else { return nil }
            defer { fields.finish() }
            let errorRate = fields.required("error_rate_above") { $0.rate() }
            let accuracyDrop = fields.required("accuracy_drop_above") { $0.rate() }
            guard let errorRate, let accuracyDrop else { return nil }
            return (errorRate, accuracyDrop)
        }
        guard let strategy, let criteria else { return nil }
        self.strategy = strategy
        canarySteps = steps
        rollbackErrorRateAbove = criteria.0
        rollbackAccuracyDropAbove = criteria.1
    }

    /// The canonical form, mirroring the YAML keys.
    var canonicalJSON: JSONValue {
        .object([
            "strategy": .string(strategy.rawValue),
            "canary_steps": .array(canarySteps.map { .number($0) }),
            "rollback_criteria": .object([
                "error_rate_above": .number(rollbackErrorRateAbove),
                "accuracy_drop_above": .number(rollbackAccuracyDropAbove),
            ]),
        ])
    }
}
