public import LedgerCore

/// How to judge a metric: its threshold, which side of it is bad, and the healthy value from
/// which the distance to the threshold is measured.
///
/// With threshold t and healthy value h (the value a perfect model or an unchanged population
/// has: 0 for a PSI or a decay, 1 for a disparate impact ratio, the baseline for a rate):
///
/// | direction | breached | approaching | stable |
/// | --- | --- | --- | --- |
/// | ``Direction/aboveIsBad`` (needs h < t) | v > t (v ≥ t if inclusive) | otherwise, v − h ≥ ½·(t − h) | otherwise |
/// | ``Direction/belowIsBad`` (needs h > t) | v < t (v ≤ t if inclusive) | otherwise, h − v ≥ ½·(h − t) | otherwise |
///
/// So with the seed's PSI threshold 0.10 and healthy value 0, 0.04 is stable, 0.05 and 0.06 are
/// approaching and 0.11 is breached; with a disparate impact floor of 0.8 and healthy value 1,
/// 0.95 is stable, 0.9 approaching and 0.79 breached. The seed's triggers are strict ("> 0.05"),
/// which is the default; `inclusive` covers limits stated as "at most" or "less than".
///
/// ```swift
/// let rule = try StatusRule(threshold: 0.10, direction: .aboveIsBad)
/// rule.classify(0.06) // .approaching
/// ```
public struct StatusRule: Hashable, Sendable {
    /// Which side of the threshold is bad.
    public enum Direction: String, Hashable, Sendable, CaseIterable {
        /// Values above the threshold are bad (PSI, decay, error rate, latency).
        case aboveIsBad = "above_is_bad"
        /// Values below the threshold are bad (accuracy, disparate impact ratio, a p-value).
        case belowIsBad = "below_is_bad"
    }

    /// The threshold.
    public let threshold: Double
    /// Which side of the threshold is bad.
    public let direction: Direction
    /// The healthy value the distance to the threshold is measured from.
    public let healthy: Double
    /// Whether a value equal to the threshold is breached.
    public let isInclusive: Bool

    /// Creates a rule.
    ///
    /// - Parameters:
    ///   - threshold: the limit, a finite number.
    ///   - direction: which side of the limit is bad.
    ///   - healthy: the healthy value; on the good side of the threshold. Defaults to 0, which
    ///     suits metrics where `aboveIsBad` (PSI, decays, rates of errors).
    ///   - isInclusive: whether reaching the threshold exactly is a breach; `false` by default.
    /// - Throws: ``LedgerError`` `.invalidField` when a value is not finite or `healthy` is not
    ///   strictly on the good side of `threshold`.
    public init(threshold: Double, direction: Direction, healthy: Double = 0, isInclusive: Bool = false) throws(LedgerError) {
        try EvidenceValidation.finite(threshold, field: "threshold")
        try EvidenceValidation.finite(healthy, field: "healthy")
        switch direction {
        case .aboveIsBad where !(healthy < threshold):
            throw LedgerError(
                .invalidField,
                "healthy: \(healthy) is not below the threshold \(threshold); when values above the threshold are bad, the healthy value lies below it")
        case .belowIsBad where !(healthy > threshold):
            throw LedgerError(
                .invalidField,
                "healthy: \(healthy) is not above the threshold \(threshold); when values below the threshold are bad, the healthy value lies above it")
        default:
            break
        }
        self.threshold = threshold
        self.direction = direction
        self.healthy = healthy
        self.isInclusive = isInclusive
    }

    /// The status of `value`; a value that is not a finite number is breached.
    public func classify(_ value: Double) -> MetricStatus {
        guard value.isFinite else { return .breached }
        switch direction {
        case .aboveIsBad:
            if isInclusive ? value >= threshold : value > threshold { return .breached }
            return value - healthy >= 0.5 * (threshold - healthy) ? .approaching : .stable
        case .belowIsBad:
            if isInclusive ? value <= threshold : value < threshold { return .breached }
            return healthy - value >= 0.5 * (healthy - threshold) ? .approaching : .stable
        }
    }

    /// `{"threshold", "direction", "healthy", "inclusive"}`.
    public var json: JSONObject {
        [
            "threshold": .number(threshold), "direction": .string(direction.rawValue), "healthy": .number(healthy),
            "inclusive": .bool(isInclusive),
        ]
    }
}
