/// Where a monitored metric stands against its threshold.
///
/// The seed's dashboard: "Device features: PSI = 0.06 (threshold: 0.10) — APPROACHING".
public enum MetricStatus: String, Hashable, Sendable, CaseIterable {
    /// Less than half of the way from the healthy value to the threshold.
    case stable
    /// At least half of the way to the threshold, not beyond it.
    case approaching
    /// Beyond the threshold.
    case breached
}
