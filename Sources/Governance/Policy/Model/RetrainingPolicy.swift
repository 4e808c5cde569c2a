import LedgerCore

/// How a retrained version may be promoted without a manual approval.
///
/// Seed, retraining pipeline phase 6: "Auto-approve if: improvement > 1.0% AND all tests pass
/// AND no drift"; "Manual approval if: marginal improvement OR new features introduced".
public struct RetrainingPolicy: Hashable, Sendable {
    /// The conditions that must all hold for an automatic approval.
    public struct AutoApproval: Hashable, Sendable {
        /// The improvement over production must exceed this fraction (default 0.01).
        public let improvementAbove: Double
        /// Whether every required suite must have passed (default `true`).
        public let requiresAllSuitesPassed: Bool
        /// Whether no drift trigger may have fired (default `true`).
        public let requiresNoDrift: Bool
    }

    /// The auto-approval conditions.
    public let autoApprove: AutoApproval

    /// Reads `{auto_approve: {improvement_above, all_suites_passed, no_drift}}`.
    init?(decoding node: PolicyNode) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let auto = fields.required("auto_approve") { node -> AutoApproval? in
            guard let fields = node.fields() else { return nil }
            defer { fields.finish() }
            let improvement = fields.required("improvement_above") { $0.rate() }
            let allPassed = fields.required("all_suites_passed") { $0.bool() }
            let noDrift = fields.required("no_drift") { $0.bool() }
            guard let improvement, let allPassed, let noDrift else { return nil }
            return AutoApproval(improvementAbove: improvement, requiresAllSuitesPassed: allPassed, requiresNoDrift: noDrift)
        }
        guard let auto else { return nil }
        autoApprove = auto
    }

    /// The canonical form, mirroring the YAML keys.
    var canonicalJSON: JSONValue {
        .object([
            "auto_approve": .object([
                "improvement_above": .number(autoApprove.improvementAbove),
                "all_suites_passed": .bool(autoApprove.requiresAllSuitesPassed),
                "no_drift": .bool(autoApprove.requiresNoDrift),
            ])
        ])
    }
}
