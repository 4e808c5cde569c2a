import LedgerCore

/// Computes the outcome of a validation suite from measured values and the policy's thresholds.
///
/// ```swift
/// let outcome = try ValidationEvaluator.evaluate(suite: policy.suites[SuiteName("infrastructure")!]!,
///                                                measurements: [MetricName("latency_p95_ms")!: .number(62), …])
/// outcome.passed // false: 62 is not below 50
/// ```
public enum ValidationEvaluator {
    /// The evaluated suite: each metric's result and the suite's.
    public struct Outcome: Hashable, Sendable {
        public let metrics: [MetricName: ValidationRecorded.Result]
        public let passed: Bool
    }

    /// A metric problem, in words, for messages: unknown, missing, wrong kind or out of range.
    public struct Problem: Error, Hashable, Sendable {
        public let message: String
    }

    /// Evaluates `measurements` against `suite`.
    ///
    /// - Throws: ``Problem`` for a metric the suite does not define, a required metric that is
    ///   missing, a boolean given for a number or the reverse, a value outside the unit's range
    ///   or a count that is not whole.
    public static func evaluate(suite: ValidationSuite, measurements: [MetricName: Measurement]) throws(Problem) -> Outcome {
        let defined = suite.metrics.keys.sorted()
        if let unknown = measurements.keys.sorted().first(where: { suite.metrics[$0] == nil }) {
            throw Problem(message: "metric '\(unknown)' is not part of suite \(suite.name); its metrics are \(defined.map(\.rawValue).joined(separator: ", "))")
        }
        let missing = defined.filter { measurements[$0] == nil && suite.metrics[$0]?.isOptional == false }
        guard missing.isEmpty else {
            throw Problem(message: "suite \(suite.name) needs the metric\(missing.count == 1 ? "" : "s") \(missing.map(\.rawValue).joined(separator: ", ")); record every required metric")
        }
        var results: [MetricName: ValidationRecorded.Result] = [:]
        for (name, value) in measurements {
            let threshold = suite.metrics[name]!
            switch (threshold.unit, value) {
            case (.boolean, .number):
                throw Problem(message: "metric '\(name)' is a boolean: record true or false")
            case (_, .bool) where threshold.unit != .boolean:
                throw Problem(message: "metric '\(name)' is measured in \(threshold.unit.rawValue): record a number")
            case (let unit, .number(let number)):
                if let range = unit.range, !range.contains(number) {
                    throw Problem(message: "\(number.policyText) is outside the range \(unit.rangeText) of metric '\(name)' (\(unit.rawValue)); \(unit.remedy)")
                }
                if unit.isWhole, number.rounded() != number {
                    throw Problem(message: "metric '\(name)' is a count: \(number.policyText) is not a whole number")
                }
            default: break
            }
            results[name] = ValidationRecorded.Result(value: value, passed: value.passes(threshold))
        }
        return Outcome(metrics: results, passed: results.values.allSatisfy(\.passed))
    }

    /// A threshold in words: "< 50", "≥ 0.9 and ≤ 1", "= true".
    public static func describe(_ threshold: MetricThreshold) -> String {
        if let expected = threshold.expected { return "= \(expected)" }
        var parts: [String] = []
        if let lower = threshold.lowerBound { parts.append("\(lower.isInclusive ? "≥" : ">") \(lower.value.policyText)") }
        if let upper = threshold.upperBound { parts.append("\(upper.isInclusive ? "≤" : "<") \(upper.value.policyText)") }
        return parts.joined(separator: " and ")
    }
}

extension RuleCheck {
    func check(_ e: ValidationRecorded) throws(GovernanceRejection) {
        let model = try model(e.model)
        let version = try version(e.version, of: model)
        guard version.stage != .archived else {
            throw fail(.lifecycle, "\(model.slug) \(version.version) is archived; an archived version takes no new evidence")
        }
        guard let suite = policy.suites[e.suite] else {
            throw fail(.validationSuite, "suite '\(e.suite)' is not defined by policy \(policy.name) \(policy.version); use one of \(policy.suites.keys.sorted().map(\.rawValue).joined(separator: ", "))")
        }
        let outcome: ValidationEvaluator.Outcome
        do {
            outcome = try ValidationEvaluator.evaluate(suite: suite, measurements: e.metrics.mapValues(\.value))
        } catch {
            throw fail(.validationSuite, error.message)
        }
        for name in outcome.metrics.keys.sorted() where outcome.metrics[name] != e.metrics[name] {
            let result = outcome.metrics[name]!
            throw fail(.validationOutcome, "it records \(name) = \(result.value) as \(e.metrics[name]!.passed ? "passed" : "failed"), but the threshold \(ValidationEvaluator.describe(suite.metrics[name]!)) gives \(result.passed ? "passed" : "failed"); outcomes are computed by the ledger, never given")
        }
        guard outcome.passed == e.passed else {
            throw fail(.validationOutcome, "it records the suite as \(e.passed ? "passed" : "failed"), but its metric outcomes make it \(outcome.passed ? "passed" : "failed")")
        }
    }
}
