public import LedgerCore

/// The data of one monitoring snapshot, as recorded: histograms, samples, counts and figures
/// from which the ledger computes every drift, performance, quality and infrastructure metric.
///
/// ``init(json:)`` reads the document `govledger monitor --file` takes (see `docs/evidence.md`)
/// strictly, naming the field of every problem; ``json`` writes it back, and a
/// `monitoring.snapshot.recorded` payload stores it under `input`.
public struct MonitoringInput: Hashable, Sendable {
    /// One feature's reference and current distributions.
    public struct Feature: Hashable, Sendable {
        public let name: String
        /// The feature group the PSI summary groups it under, such as `transaction`.
        public let group: String?
        public let reference: Histogram
        public let current: Histogram
        /// Raw reference and current values for the Kolmogorov–Smirnov test, when given.
        public let referenceSample: [Double]?
        public let currentSample: [Double]?
    }

    /// The distribution of predictions, for concept drift.
    public struct Predictions: Hashable, Sendable {
        public let reference: Histogram
        public let current: Histogram
    }

    /// The distribution of true labels (reference and current counts per class), for the
    /// label-distribution shift of concept drift.
    public struct Labels: Hashable, Sendable {
        public let reference: Histogram
        public let current: Histogram
    }

    /// Current performance and the deployment baseline it is compared with.
    public struct Performance: Hashable, Sendable {
        /// Confusion counts of the window's labelled predictions.
        public let counts: ConfusionCounts?
        /// Scores with labels, for AUC-ROC.
        public let scores: LabeledScores?
        /// The deployment baseline: `accuracy`, `precision`, `recall` (and any other metric).
        public var baseline: [String: Double]
    }

    /// Calibration: probabilities with labels and the baseline Brier score.
    public struct Calibration: Hashable, Sendable {
        public let data: LabeledProbabilities
        public let baselineBrier: Double
    }

    /// Data quality figures.
    public struct DataQuality: Hashable, Sendable {
        public let missingRate: Double
        public let baselineMissingRate: Double
        public let newCategories: [String]
        public let schemaChanged: Bool
    }

    /// The window the snapshot covers, such as `2024-W10` or `2024-03-04/2024-03-11`.
    public let window: String
    public let features: [Feature]
    public let predictions: Predictions?
    /// Reference and current label counts, when given.
    public let labels: Labels?
    public var performance: Performance?
    public let calibration: Calibration?
    public let dataQuality: DataQuality?
    /// Infrastructure figures by name: `latency_p95_ms`, `latency_p99_ms`, `throughput_rpm`,
    /// `error_rate`, `cpu_utilization`, `memory_utilization`, `gpu_utilization`, …
    public let infrastructure: [String: Double]
    /// New labelled records since the last retraining.
    public let newRecords: Int?

    /// Reads a snapshot document (without `model` and `version`, which the command reads).
    ///
    /// - Throws: ``LedgerError`` `.invalidField` naming the field: an unknown field, a histogram
    ///   whose bins do not match its counts or the other histogram's, a negative count, an empty
    ///   sample, a probability outside 0…1, a rate outside 0…1.
    public init(json object: JSONObject) throws(LedgerError) {
        try Self.refuseUnknown(object, ["window", "features", "predictions", "labels", "performance", "calibration", "data_quality", "infrastructure", "new_records"], "")
        guard let window = object["window"]?.stringValue, !window.isEmpty else {
            throw LedgerError(.invalidField, "window: is missing or not a non-empty string; name the window the snapshot covers, such as 2024-W10")
        }
        self.window = window
        var features: [Feature] = []
        var names: Set<String> = []
        for (index, value) in (try Self.list(object, "features", "") ?? []).enumerated() {
            let field = "features[\(index)]"
            guard let feature = value.objectValue else { throw LedgerError(.invalidField, "\(field): must be an object") }
            try Self.refuseUnknown(feature, ["name", "group", "reference", "current", "reference_sample", "current_sample"], field + ".")
            let name = try Self.string(feature, "name", field + ".")
            guard names.insert(name).inserted else { throw LedgerError(.invalidField, "\(field).name: '\(name)' appears twice; give each feature once") }
            let reference = try Self.histogram(feature, "reference", field + ".")
            let current = try Self.histogram(feature, "current", field + ".")
            do throws(LedgerError) {
                _ = try DriftMetrics.populationStabilityIndex(reference: reference, current: current)
            } catch {
                throw error.prefixed("\(field).")
            }
            let referenceSample = try Self.numbers(feature, "reference_sample", field + ".")
            let currentSample = try Self.numbers(feature, "current_sample", field + ".")
            if (referenceSample == nil) != (currentSample == nil) {
                throw LedgerError(.invalidField, "\(field): give both reference_sample and current_sample for the Kolmogorov–Smirnov test, or neither")
            }
            if let referenceSample, let currentSample {
                do throws(LedgerError) {
                    try DriftMetrics.validateSamples(reference: referenceSample, current: currentSample)
                } catch {
                    throw LedgerError(error.code, "\(field).\(error.message.hasPrefix("reference") ? "reference_sample" + error.message.dropFirst("reference".count) : "current_sample" + error.message.dropFirst("current".count))")
                }
            }
            features.append(Feature(
                name: name, group: try Self.optionalString(feature, "group", field + "."), reference: reference, current: current,
                referenceSample: referenceSample, currentSample: currentSample))
        }
        self.features = features
        if let value = object["predictions"] {
            guard let predictions = value.objectValue else { throw LedgerError(.invalidField, "predictions: must be an object {\"reference\", \"current\"}") }
            try Self.refuseUnknown(predictions, ["reference", "current"], "predictions.")
            let reference = try Self.histogram(predictions, "reference", "predictions.")
            let current = try Self.histogram(predictions, "current", "predictions.")
            do throws(LedgerError) {
                _ = try DriftMetrics.populationStabilityIndex(reference: reference, current: current)
            } catch {
                throw error.prefixed("predictions.")
            }
            self.predictions = Predictions(reference: reference, current: current)
        } else {
            predictions = nil
        }
        if let value = object["labels"] {
            guard let labels = value.objectValue else {
                throw LedgerError(.invalidField, "labels: must be an object {\"reference\", \"current\"} of label counts, such as {\"categories\": [\"0\", \"1\"], \"counts\": [9700, 300]}")
            }
            try Self.refuseUnknown(labels, ["reference", "current"], "labels.")
            let reference = try Self.histogram(labels, "reference", "labels.")
            let current = try Self.histogram(labels, "current", "labels.")
            do throws(LedgerError) {
                _ = try DriftMetrics.populationStabilityIndex(reference: reference, current: current)
            } catch {
                throw error.prefixed("labels.")
            }
            self.labels = Labels(reference: reference, current: current)
        } else {
            labels = nil
        }
        if let value = object["performance"] {
            guard let performance = value.objectValue else { throw LedgerError(.invalidField, "performance: must be an object") }
            try Self.refuseUnknown(performance, ["tp", "fp", "tn", "fn", "scores", "labels", "baseline"], "performance.")
            var counts: ConfusionCounts?
            let countKeys = ["tp", "fp", "tn", "fn"]
            let given = countKeys.filter { performance[$0] != nil }
            if !given.isEmpty {
                guard given.count == 4 else {
                    throw LedgerError(.invalidField, "performance: give all four counts tp, fp, tn, fn, or none (given: \(given.joined(separator: ", ")))")
                }
                let values = try countKeys.map { key throws(LedgerError) in try Self.count(performance, key, "performance.") }
                do throws(LedgerError) {
                    counts = try ConfusionCounts(truePositives: values[0], falsePositives: values[1], trueNegatives: values[2], falseNegatives: values[3])
                } catch {
                    throw error.prefixed("performance.")
                }
            }
            var scores: LabeledScores?
            let rawScores = try Self.numbers(performance, "scores", "performance.")
            let rawLabels = try Self.labels(performance, "labels", "performance.")
            if (rawScores == nil) != (rawLabels == nil) {
                throw LedgerError(.invalidField, "performance: give scores and labels together, or neither")
            }
            if let rawScores, let rawLabels {
                do throws(LedgerError) { scores = try LabeledScores(scores: rawScores, labels: rawLabels) } catch { throw error.prefixed("performance.") }
            }
            var baseline: [String: Double] = [:]
            if let value = performance["baseline"] {
                guard let object = value.objectValue else { throw LedgerError(.invalidField, "performance.baseline: must be an object such as {\"accuracy\": 0.97}") }
                for member in object {
                    guard let number = member.value.numberValue, number >= 0, number <= 1 else {
                        throw LedgerError(.invalidField, "performance.baseline.\(member.key): must be a number from 0 to 1")
                    }
                    baseline[member.key] = number
                }
            }
            if counts == nil, scores == nil {
                throw LedgerError(.invalidField, "performance: give confusion counts (tp, fp, tn, fn) or scores with labels")
            }
            self.performance = Performance(counts: counts, scores: scores, baseline: baseline)
        } else {
            performance = nil
        }
        if let value = object["calibration"] {
            guard let calibration = value.objectValue else { throw LedgerError(.invalidField, "calibration: must be an object") }
            try Self.refuseUnknown(calibration, ["probabilities", "labels", "baseline_brier"], "calibration.")
            let probabilities = try Self.numbers(calibration, "probabilities", "calibration.") ?? []
            let labels = try Self.labels(calibration, "labels", "calibration.") ?? []
            let data: LabeledProbabilities
            do throws(LedgerError) { data = try LabeledProbabilities(probabilities: probabilities, labels: labels) } catch { throw error.prefixed("calibration.") }
            self.calibration = Calibration(data: data, baselineBrier: try Self.rate(calibration, "baseline_brier", "calibration."))
        } else {
            calibration = nil
        }
        if let value = object["data_quality"] {
            guard let quality = value.objectValue else { throw LedgerError(.invalidField, "data_quality: must be an object") }
            try Self.refuseUnknown(quality, ["missing_rate", "baseline_missing_rate", "new_categories", "schema_changed"], "data_quality.")
            var categories: [String] = []
            if let list = quality["new_categories"] {
                guard let values = list.arrayValue?.compactMap(\.stringValue), values.count == list.arrayValue?.count else {
                    throw LedgerError(.invalidField, "data_quality.new_categories: must be a list of strings")
                }
                categories = values
            }
            var schemaChanged = false
            if let flag = quality["schema_changed"] {
                guard let bool = flag.boolValue else { throw LedgerError(.invalidField, "data_quality.schema_changed: must be true or false") }
                schemaChanged = bool
            }
            dataQuality = DataQuality(
                missingRate: try Self.rate(quality, "missing_rate", "data_quality."),
                baselineMissingRate: try Self.rate(quality, "baseline_missing_rate", "data_quality."),
                newCategories: categories, schemaChanged: schemaChanged)
        } else {
            dataQuality = nil
        }
        var infrastructure: [String: Double] = [:]
        if let value = object["infrastructure"] {
            guard let figures = value.objectValue else { throw LedgerError(.invalidField, "infrastructure: must be an object such as {\"latency_p95_ms\": 18}") }
            for member in figures {
                guard let number = member.value.numberValue, number.isFinite, number >= 0 else {
                    throw LedgerError(.invalidField, "infrastructure.\(member.key): must be a number of 0 or more")
                }
                infrastructure[member.key] = number
            }
        }
        self.infrastructure = infrastructure
        newRecords = object["new_records"] == nil ? nil : try Self.count(object, "new_records", "")
        if features.isEmpty, predictions == nil, labels == nil, performance == nil, calibration == nil, dataQuality == nil, infrastructure.isEmpty, newRecords == nil {
            throw LedgerError(.invalidField, "the snapshot measures nothing; give at least one of features, predictions, labels, performance, calibration, data_quality, infrastructure, new_records")
        }
    }

    /// The document, as ``init(json:)`` reads it.
    public var json: JSONObject {
        var object: JSONObject = ["window": .string(window)]
        if !features.isEmpty {
            object["features"] = .array(features.map { feature in
                var item: JSONObject = ["name": .string(feature.name), "reference": .object(feature.reference.json), "current": .object(feature.current.json)]
                item["group"] = feature.group.map { .string($0) }
                item["reference_sample"] = feature.referenceSample.map { .array($0.map { .number($0) }) }
                item["current_sample"] = feature.currentSample.map { .array($0.map { .number($0) }) }
                return .object(item)
            })
        }
        object["predictions"] = predictions.map { .object(["reference": .object($0.reference.json), "current": .object($0.current.json)]) }
        object["labels"] = labels.map { .object(["reference": .object($0.reference.json), "current": .object($0.current.json)]) }
        if let performance {
            var item = performance.counts?.json ?? JSONObject()
            if let scores = performance.scores { for member in scores.json { item[member.key] = member.value } }
            if !performance.baseline.isEmpty {
                item["baseline"] = .object(JSONObject(uniquingKeysWith: performance.baseline.map { ($0.key, .number($0.value)) }))
            }
            object["performance"] = .object(item)
        }
        if let calibration {
            var item = calibration.data.json
            item["baseline_brier"] = .number(calibration.baselineBrier)
            object["calibration"] = .object(item)
        }
        if let quality = dataQuality {
            object["data_quality"] = .object([
                "missing_rate": .number(quality.missingRate), "baseline_missing_rate": .number(quality.baselineMissingRate),
                "new_categories": .array(quality.newCategories.map { .string($0) }), "schema_changed": .bool(quality.schemaChanged),
            ])
        }
        if !infrastructure.isEmpty {
            object["infrastructure"] = .object(JSONObject(uniquingKeysWith: infrastructure.map { ($0.key, .number($0.value)) }))
        }
        object["new_records"] = newRecords.map { .number(Double($0)) }
        return object
    }

    // MARK: Strict readers

    static func refuseUnknown(_ object: JSONObject, _ allowed: Set<String>, _ prefix: String) throws(LedgerError) {
        if let unknown = object.keys.first(where: { !allowed.contains($0) }) {
            throw LedgerError(.invalidField, "\(prefix)\(unknown): is not a field here; the fields are \(allowed.sorted().joined(separator: ", "))")
        }
    }

    static func string(_ object: JSONObject, _ key: String, _ prefix: String) throws(LedgerError) -> String {
        guard let text = object[key]?.stringValue, !text.isEmpty else {
            throw LedgerError(.invalidField, "\(prefix)\(key): is missing or not a non-empty string")
        }
        return text
    }

    static func optionalString(_ object: JSONObject, _ key: String, _ prefix: String) throws(LedgerError) -> String? {
        object[key] == nil ? nil : try string(object, key, prefix)
    }

    static func list(_ object: JSONObject, _ key: String, _ prefix: String) throws(LedgerError) -> [JSONValue]? {
        guard let value = object[key] else { return nil }
        guard let list = value.arrayValue else { throw LedgerError(.invalidField, "\(prefix)\(key): must be a list") }
        return list
    }

    static func numbers(_ object: JSONObject, _ key: String, _ prefix: String) throws(LedgerError) -> [Double]? {
        guard let list = try list(object, key, prefix) else { return nil }
        var result: [Double] = []
        result.reserveCapacity(list.count)
        for (index, value) in list.enumerated() {
            guard let number = value.numberValue else { throw LedgerError(.invalidField, "\(prefix)\(key)[\(index)]: must be a number") }
            result.append(number)
        }
        if result.isEmpty { throw LedgerError(.invalidField, "\(prefix)\(key): is empty; give at least one value") }
        return result
    }

    static func labels(_ object: JSONObject, _ key: String, _ prefix: String) throws(LedgerError) -> [Int]? {
        guard let list = try list(object, key, prefix) else { return nil }
        var result: [Int] = []
        for (index, value) in list.enumerated() {
            guard let label = value.intValue else { throw LedgerError(.invalidField, "\(prefix)\(key)[\(index)]: must be a label 0 or 1") }
            result.append(label)
        }
        return result
    }

    static func count(_ object: JSONObject, _ key: String, _ prefix: String) throws(LedgerError) -> Int {
        guard let number = object[key]?.numberValue else { throw LedgerError(.invalidField, "\(prefix)\(key): is missing or not a number") }
        guard number.rounded() == number, number >= 0, number <= Double(EvidenceValidation.maxCount) else {
            throw LedgerError(.invalidField, "\(prefix)\(key): \(number) is not a count; a count is a whole number of 0 or more")
        }
        return Int(number)
    }

    static func rate(_ object: JSONObject, _ key: String, _ prefix: String) throws(LedgerError) -> Double {
        guard let number = object[key]?.numberValue else { throw LedgerError(.invalidField, "\(prefix)\(key): is missing or not a number") }
        guard number >= 0, number <= 1 else { throw LedgerError(.invalidField, "\(prefix)\(key): \(number) is outside 0…1; give a fraction from 0 to 1") }
        return number
    }

    static func histogram(_ object: JSONObject, _ key: String, _ prefix: String) throws(LedgerError) -> Histogram {
        let field = prefix + key
        guard let histogram = object[key]?.objectValue else {
            throw LedgerError(.invalidField, "\(field): is missing or not a histogram {\"edges\", \"counts\"} or {\"categories\", \"counts\"}")
        }
        try refuseUnknown(histogram, ["edges", "categories", "counts"], field + ".")
        guard let rawCounts = histogram["counts"]?.arrayValue else { throw LedgerError(.invalidField, "\(field).counts: is missing or not a list of counts") }
        var counts: [Int] = []
        for (index, value) in rawCounts.enumerated() {
            guard let number = value.numberValue, number.rounded() == number, abs(number) <= Double(EvidenceValidation.maxCount) else {
                throw LedgerError(.invalidField, "\(field).counts[\(index)]: must be a whole number of 0 or more")
            }
            counts.append(Int(number))
        }
        do throws(LedgerError) {
            switch (histogram["edges"], histogram["categories"]) {
            case (let edges?, nil):
                guard let values = edges.arrayValue?.compactMap(\.numberValue), values.count == edges.arrayValue?.count else {
                    throw LedgerError(.invalidField, "edges: must be a list of numbers")
                }
                return try Histogram(edges: values, counts: counts)
            case (nil, let categories?):
                guard let values = categories.arrayValue?.compactMap(\.stringValue), values.count == categories.arrayValue?.count else {
                    throw LedgerError(.invalidField, "categories: must be a list of strings")
                }
                return try Histogram(categories: values, counts: counts)
            default:
                throw LedgerError(.invalidField, "edges: give either edges (numeric bins) or categories, not both or neither")
            }
        } catch {
            throw LedgerError(.invalidField, "\(field).\(error.message)")
        }
    }
}
