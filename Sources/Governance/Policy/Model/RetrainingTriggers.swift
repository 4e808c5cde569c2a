import LedgerCore

/// The drift and decay levels at which a model of one tier is retrained, and its schedule.
///
/// Every numeric trigger fires when the measured value *exceeds* the threshold. Seed: the
/// "Drift detection & retraining triggers" table, by tier (Tier 1 / 2 / 3): accuracy decay
/// 0.5% / 1.0% / 2.0%, precision decay 0.5% / 1.0% / 2.0%, recall decay 1.0% / 2.0% / 3.0%, data
/// drift PSI 0.05 / 0.10 / 0.15, concept drift PSI 0.03 / 0.05 / 0.10, missing value increase
/// 0.3% / 0.5% / 1.0%, calibration drift (Brier) 0.005 / 0.010 / 0.020, input schema change
/// immediate / immediate / next business day, scheduled weekly / bi-weekly / monthly, new data
/// 50K / 100K / 250K records.
public struct RetrainingTriggers: Hashable, Sendable {
    /// How soon a change of the input schema triggers retraining.
    public enum SchemaChangeResponse: String, Hashable, Sendable, CaseIterable {
        /// Retrain at once.
        case immediate
        /// Retrain on the next business day.
        case nextBusinessDay = "next_business_day"
    }

    /// Drop of accuracy, as a fraction.
    public let accuracyDecay: Double
    /// Drop of precision, as a fraction.
    public let precisionDecay: Double
    /// Drop of recall, as a fraction.
    public let recallDecay: Double
    /// Population stability index of the inputs.
    public let dataDriftPSI: Double
    /// Population stability index of the predictions.
    public let conceptDriftPSI: Double
    /// Increase of the missing-value rate, as a fraction.
    public let missingValueIncrease: Double
    /// Increase of the Brier score.
    public let calibrationDriftBrier: Double
    /// The response to an input schema change.
    public let inputSchemaChange: SchemaChangeResponse
    /// Retraining on a schedule, whatever the drift.
    public let scheduledEvery: PolicyDuration
    /// New labelled records that trigger retraining.
    public let newDataRecords: Int
    /// The significance level of the two-sample Kolmogorov–Smirnov test on a feature's raw
    /// samples: a p-value below it is a significant shift of the input distribution (a breach).
    /// `nil` when the tier does not judge the test (it is still computed and recorded).
    public let dataDriftKSPValue: Double?

    /// Reads the trigger table's row for one tier.
    init?(decoding node: PolicyNode) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let accuracy = fields.required("accuracy_decay") { $0.rate() }
        let precision = fields.required("precision_decay") { $0.rate() }
        let recall = fields.required("recall_decay") { $0.rate() }
        let dataDrift = fields.required("data_drift_psi") { $0.psi() }
        let conceptDrift = fields.required("concept_drift_psi") { $0.psi() }
        let missing = fields.required("missing_value_increase") { $0.rate() }
        let brier = fields.required("calibration_drift_brier") { $0.rate() }
        let schema = fields.required("input_schema_change") { $0.choice(SchemaChangeResponse.self) }
        let scheduled = fields.required("scheduled_every") { $0.duration() }
        let records = fields.required("new_data_records") { $0.int(in: 1...Int.max) }
        let ks = fields.optional("data_drift_ks_p_value") { node -> Double? in
            guard let value = node.rate() else { return nil }
            guard value > 0, value < 1 else {
                node.report("a significance level lies strictly between 0 and 1, such as 0.05")
                return nil
            }
            return value
        }
        guard let accuracy, let precision, let recall, let dataDrift, let conceptDrift, let missing, let brier,
            let schema, let scheduled, let records
        else { return nil }
        accuracyDecay = accuracy
        precisionDecay = precision
        recallDecay = recall
        dataDriftPSI = dataDrift
        conceptDriftPSI = conceptDrift
        missingValueIncrease = missing
        calibrationDriftBrier = brier
        inputSchemaChange = schema
        scheduledEvery = scheduled
        newDataRecords = records
        dataDriftKSPValue = ks
    }

    /// The canonical form, mirroring the YAML keys.
    var canonicalJSON: JSONValue {
        var object: JSONObject = [
            "accuracy_decay": .number(accuracyDecay),
            "precision_decay": .number(precisionDecay),
            "recall_decay": .number(recallDecay),
            "data_drift_psi": .number(dataDriftPSI),
            "concept_drift_psi": .number(conceptDriftPSI),
            "missing_value_increase": .number(missingValueIncrease),
            "calibration_drift_brier": .number(calibrationDriftBrier),
            "input_schema_change": .string(inputSchemaChange.rawValue),
            "scheduled_every": .string(scheduledEvery.rawValue),
            "new_data_records": .number(Double(newDataRecords)),
        ]
        // Written only when given, so that policies without it keep their digest.
        object["data_drift_ks_p_value"] = dataDriftKSPValue.map { .number($0) }
        return .object(object)
    }
}
