public import LedgerCore

/// What triggers retraining, as the seed's trigger table names it.
public enum RetrainingTrigger: String, Hashable, Sendable, CaseIterable, Comparable {
    case accuracyDecay = "accuracy_decay"
    case precisionDecay = "precision_decay"
    case recallDecay = "recall_decay"
    case dataDriftPSI = "data_drift_psi"
    case dataDriftKS = "data_drift_ks"
    case conceptDriftPSI = "concept_drift_psi"
    case missingValues = "missing_values"
    case schemaChange = "schema_change"
    case calibrationDrift = "calibration_drift"
    case newDataVolume = "new_data_volume"
    case schedule

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One monitored metric: its value, the threshold it is judged by and its status.
public struct MonitoredMetric: Hashable, Sendable {
    public let value: Double
    public let threshold: Double
    /// Which side of the threshold is bad.
    public let direction: StatusRule.Direction
    public let status: MetricStatus
    /// The retraining trigger a breach fires, if any.
    public let trigger: RetrainingTrigger?
    /// Whether a breach raises a drift alert (every metric but the new-data volume does).
    public let alerts: Bool

    /// `critical` when the value is at least twice the threshold (half of it for a lower
    /// bound), `high` otherwise.
    public var severity: String {
        switch direction {
        case .aboveIsBad: threshold > 0 && value >= 2 * threshold ? "critical" : "high"
        case .belowIsBad: value <= threshold / 2 ? "critical" : "high"
        }
    }

    public var json: JSONObject {
        var object: JSONObject = [
            "value": .number(value), "threshold": .number(threshold), "direction": .string(direction.rawValue),
            "status": .string(status.rawValue), "alerts": .bool(alerts),
        ]
        object["trigger"] = trigger.map { .string($0.rawValue) }
        return object
    }
}

/// Computes a monitoring snapshot: every metric's value, threshold and status by the tier's
/// retraining triggers and the policy's infrastructure suite, and the alerts and retraining
/// triggers it derives given the alerts already open.
///
/// Metric names: `data_drift_psi.<feature>`, `data_drift_ks.<feature>` (the KS p-value, when
/// the tier sets `data_drift_ks_p_value`), `concept_drift_psi`, `label_shift_psi`, `accuracy_decay`,
/// `precision_decay`, `recall_decay` (baseline − current), `calibration_drift_brier` (Brier −
/// baseline Brier), `missing_value_increase` (missing rate − baseline), `input_schema_change`
/// (1 when the schema changed or new categories appeared), `new_data_records`, and
/// `infrastructure.<figure>` for each figure the policy's `infrastructure` suite bounds.
public enum MonitoringEvaluator {
    /// The computed snapshot.
    public struct Outcome: Hashable, Sendable {
        /// Every judged metric by name.
        public let metrics: [String: MonitoredMetric]
        /// The full results object a payload stores.
        public let results: JSONObject
        /// Breached alerting metrics with no open alert.
        public let raised: [String]
        /// Open alerts whose metric is back within bounds.
        public let resolved: [String]
        /// The retraining triggers fired by newly raised alerts and the new-data volume.
        public let triggers: [RetrainingTrigger]
    }

    public static let infrastructureSuite = SuiteName(rawValue: "infrastructure")!

    /// An outcome together with everything it was computed from, so that a check of the same
    /// snapshot on the same footing can reuse it instead of computing it again.
    ///
    /// Only ``evaluate(_:tier:policy:policyDigest:openAlerts:)`` makes one. The rule check of a
    /// snapshot uses it only when the snapshot's input, the model's tier, the policy digest and
    /// the open alerts all equal the ones it holds, which is the case for the snapshot a decision
    /// has just built from it; verifying a stored log always computes afresh.
    public struct Evaluation: Hashable, Sendable {
        public let input: MonitoringInput
        public let tier: RiskTier
        public let policyDigest: SHA256Digest
        public let openAlerts: Set<String>
        public let outcome: Outcome

        /// The outcome, if it was computed from exactly these inputs.
        func outcome(for input: MonitoringInput, tier: RiskTier, policyDigest: SHA256Digest, openAlerts: Set<String>) -> Outcome? {
            // Value equality; a snapshot built from this evaluation shares its storage, so the
            // comparison of its samples and histograms returns at the first identity check.
            guard tier == self.tier, policyDigest == self.policyDigest, openAlerts == self.openAlerts, input == self.input else { return nil }
            return outcome
        }
    }

    /// ``evaluate(_:tier:policy:openAlerts:)``, keeping what the outcome was computed from.
    public static func evaluate(_ input: MonitoringInput, tier: RiskTier, policy: Policy, policyDigest: SHA256Digest, openAlerts: Set<String>) throws(LedgerError) -> Evaluation {
        let outcome = try evaluate(input, tier: tier, policy: policy, openAlerts: openAlerts)
        return Evaluation(input: input, tier: tier, policyDigest: policyDigest, openAlerts: openAlerts, outcome: outcome)
    }

    /// Evaluates `input` for a model of `tier` under `policy`, given the metrics with open alerts.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` when the policy does not define the tier.
    public static func evaluate(_ input: MonitoringInput, tier: RiskTier, policy: Policy, openAlerts: Set<String>) throws(LedgerError) -> Outcome {
        guard let tierPolicy = policy.tier(tier) else {
            throw LedgerError(.invalidField, "Tier \(tier) is not defined by policy \(policy.name) \(policy.version)")
        }
        let triggers = tierPolicy.retrainingTriggers
        var metrics: [String: MonitoredMetric] = [:]
        var results: JSONObject = [:]

        func judge(_ name: String, _ value: Double, _ threshold: Double, _ trigger: RetrainingTrigger?, alerts: Bool = true) {
            let status = (try? StatusRule(threshold: threshold, direction: .aboveIsBad))?.classify(value) ?? (value > threshold ? .breached : .stable)
            metrics[name] = MonitoredMetric(value: value, threshold: threshold, direction: .aboveIsBad, status: status, trigger: trigger, alerts: alerts)
        }

        // Data drift: PSI per feature, KS where samples are given, and the per-group summary.
        var ks: JSONObject = [:]
        var groups: [String: (max: Double, features: [String])] = [:]
        for feature in input.features {
            guard let psi = try? DriftMetrics.populationStabilityIndex(reference: feature.reference, current: feature.current) else { continue }
            judge("data_drift_psi.\(feature.name)", psi.value, triggers.dataDriftPSI, .dataDriftPSI)
            let group = feature.group ?? "ungrouped"
            let current = groups[group] ?? (0, [])
            groups[group] = (max(current.max, psi.value), current.features + [feature.name])
            if let reference = feature.referenceSample, let sample = feature.currentSample,
                let test = try? DriftMetrics.kolmogorovSmirnov(reference: reference, current: sample)
            {
                ks[feature.name] = .object(test.json)
                if let alpha = triggers.dataDriftKSPValue {
                    metrics["data_drift_ks.\(feature.name)"] = MonitoredMetric(
                        value: test.pValue, threshold: alpha, direction: .belowIsBad, status: ksStatus(pValue: test.pValue, alpha: alpha),
                        trigger: .dataDriftKS, alerts: true)
                }
            }
        }
        if !groups.isEmpty {
            results["feature_groups"] = .object(JSONObject(uniquingKeysWith: groups.map { name, summary in
                let status = (try? StatusRule(threshold: triggers.dataDriftPSI, direction: .aboveIsBad))?.classify(summary.max) ?? .stable
                return (name, .object(["max_psi": .number(summary.max), "features": .array(summary.features.map { .string($0) }), "status": .string(status.rawValue)]))
            }))
        }
        if !ks.isEmpty { results["kolmogorov_smirnov"] = .object(ks) }

        // Concept drift.
        if let predictions = input.predictions, let psi = try? DriftMetrics.populationStabilityIndex(reference: predictions.reference, current: predictions.current) {
            judge("concept_drift_psi", psi.value, triggers.conceptDriftPSI, .conceptDriftPSI)
        }
        // Label-distribution shift: the PSI of the label counts (same epsilon rule), judged by
        // the tier's concept drift PSI threshold.
        if let labels = input.labels, let psi = try? DriftMetrics.populationStabilityIndex(reference: labels.reference, current: labels.current) {
            judge("label_shift_psi", psi.value, triggers.conceptDriftPSI, .conceptDriftPSI)
        }

        // Performance against the deployment baseline.
        if let performance = input.performance {
            var item: JSONObject = [:]
            if let counts = performance.counts {
                let current = PerformanceMetrics.classification(counts)
                item = current.json
                let pairs: [(String, Double, Double, RetrainingTrigger)] = [
                    ("accuracy", current.accuracy, triggers.accuracyDecay, .accuracyDecay),
                    ("precision", current.precision, triggers.precisionDecay, .precisionDecay),
                    ("recall", current.recall, triggers.recallDecay, .recallDecay),
                ]
                for (name, value, threshold, trigger) in pairs {
                    if let baseline = performance.baseline[name] { judge("\(name)_decay", baseline - value, threshold, trigger) }
                }
            }
            if let scores = performance.scores, let auc = try? PerformanceMetrics.rocAUC(scores) {
                item["auc_roc"] = .number(auc.value)
            }
            results["performance"] = .object(item)
        }
        if let calibration = input.calibration {
            let brier = PerformanceMetrics.brierScore(calibration.data)
            results["brier_score"] = .number(brier.value)
            judge("calibration_drift_brier", brier.value - calibration.baselineBrier, triggers.calibrationDriftBrier, .calibrationDrift)
        }
        if let quality = input.dataQuality {
            judge("missing_value_increase", quality.missingRate - quality.baselineMissingRate, triggers.missingValueIncrease, .missingValues)
            let changed = quality.schemaChanged || !quality.newCategories.isEmpty
            metrics["input_schema_change"] = MonitoredMetric(
                value: changed ? 1 : 0, threshold: 0, direction: .aboveIsBad, status: changed ? .breached : .stable,
                trigger: .schemaChange, alerts: true)
        }
        if let records = input.newRecords {
            judge("new_data_records", Double(records), Double(triggers.newDataRecords), .newDataVolume, alerts: false)
        }
        if let suite = policy.suites[infrastructureSuite] {
            for (name, value) in input.infrastructure {
                guard let metric = MetricName(rawValue: name), let threshold = suite.metrics[metric], threshold.unit != .boolean else { continue }
                let passes = threshold.accepts(value)
                if let upper = threshold.upperBound {
                    let status: MetricStatus = !passes ? .breached : (upper.value > 0 && value >= 0.5 * upper.value ? .approaching : .stable)
                    metrics["infrastructure.\(name)"] = MonitoredMetric(value: value, threshold: upper.value, direction: .aboveIsBad, status: status, trigger: nil, alerts: true)
                } else if let lower = threshold.lowerBound {
                    metrics["infrastructure.\(name)"] = MonitoredMetric(value: value, threshold: lower.value, direction: .belowIsBad, status: passes ? .stable : .breached, trigger: nil, alerts: true)
                }
            }
        }
        results["metrics"] = .object(JSONObject(uniquingKeysWith: metrics.map { ($0.key, .object($0.value.json)) }))

        let raised = metrics.keys.sorted().filter { metrics[$0]!.alerts && metrics[$0]!.status == .breached && !openAlerts.contains($0) }
        let resolved = openAlerts.sorted().filter { metrics[$0].map { $0.status != .breached } ?? false }
        var fired = Set(raised.compactMap { metrics[$0]?.trigger })
        if metrics["new_data_records"]?.status == .breached { fired.insert(.newDataVolume) }
        return Outcome(metrics: metrics, results: results, raised: raised, resolved: resolved, triggers: fired.sorted())
    }
}

extension MonitoringEvaluator {
    /// The status of a Kolmogorov–Smirnov p-value at significance level `alpha`: breached below
    /// `alpha` (a significant shift), approaching below `2·alpha` (within a factor of two of the
    /// threshold), stable otherwise. A p-value is uniform from 0 to 1 when nothing shifted, so
    /// the distance-to-threshold rule of ``StatusRule`` (healthy value 1) would call half of all
    /// unchanged windows approaching; the factor of two keeps that to `alpha` of them.
    public static func ksStatus(pValue: Double, alpha: Double) -> MetricStatus {
        guard pValue.isFinite else { return .breached }
        if pValue < alpha { return .breached }
        return pValue < 2 * alpha ? .approaching : .stable
    }
}

extension MonitoredMetric {
    /// Reads ``json``; `nil` when malformed.
    public init?(json value: JSONValue) {
        guard let object = value.objectValue, let number = object["value"]?.numberValue, let threshold = object["threshold"]?.numberValue,
            let direction = object["direction"]?.stringValue.flatMap(StatusRule.Direction.init(rawValue:)),
            let status = object["status"]?.stringValue.flatMap(MetricStatus.init(rawValue:)), let alerts = object["alerts"]?.boolValue
        else { return nil }
        let trigger = object["trigger"]?.stringValue.flatMap(RetrainingTrigger.init(rawValue:))
        self.init(value: number, threshold: threshold, direction: direction, status: status, trigger: trigger, alerts: alerts)
    }

    /// The judged metrics of a results object, as ``MonitoringEvaluator/Outcome/results`` writes them.
    static func all(in results: JSONObject) -> [String: MonitoredMetric] {
        var metrics: [String: MonitoredMetric] = [:]
        for member in results["metrics"]?.objectValue ?? JSONObject() {
            if let metric = MonitoredMetric(json: member.value) { metrics[member.key] = metric }
        }
        return metrics
    }
}
