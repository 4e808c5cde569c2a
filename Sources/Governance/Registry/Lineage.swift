public import LedgerCore

/// What a model version was built from: the lineage a `model.version.registered` entry records.
///
/// The JSON form (also the format of `govledger version register --lineage-file`):
///
/// | key | type | meaning |
/// | --- | --- | --- |
/// | `datasetSHA256` | 64 lowercase hex | SHA-256 of the training dataset snapshot |
/// | `featureSetVersion` | string | feature store version, such as `features-v4.2.1` |
/// | `hyperparameters` | object | the full hyperparameter configuration |
/// | `environment` | object | `imageDigest` (`sha256:` + 64 lowercase hex), `gpuType`, `languageVersion` (strings) |
/// | `trainingHours` | number ≥ 0 | training duration |
/// | `trainingCostUSD` | number ≥ 0 | training cost |
/// | `metrics` | object of number | evaluation metrics by snake-case name (`accuracy`, `precision`, `recall`, `f1`, `auc_roc`) |
/// | `artifactSHA256` | 64 lowercase hex | SHA-256 of the serialized model artifact |
/// | `sbomSHA256` | 64 lowercase hex | SHA-256 of the software bill of materials |
///
/// Every key is optional in the format; the tier's lineage depth (`tiers[n].governance.lineage`)
/// decides which are required (``requiredKeys(for:)``).
public struct Lineage: Hashable, Sendable {
    public var datasetSHA256: SHA256Digest?
    public var featureSetVersion: String?
    public var hyperparameters: JSONObject?
    /// The training image digest, `sha256:` followed by 64 lowercase hex characters.
    public var imageDigest: String?
    public var gpuType: String?
    public var languageVersion: String?
    public var trainingHours: Double?
    public var trainingCostUSD: Double?
    /// Evaluation metrics; the no-regression rule compares ``PromotionPolicy/NoRegressionRule/metrics`` among them.
    public var metrics: [MetricName: Double]
    public var artifactSHA256: SHA256Digest?
    public var sbomSHA256: SHA256Digest?

    public init(
        datasetSHA256: SHA256Digest? = nil, featureSetVersion: String? = nil, hyperparameters: JSONObject? = nil,
        imageDigest: String? = nil, gpuType: String? = nil, languageVersion: String? = nil,
        trainingHours: Double? = nil, trainingCostUSD: Double? = nil, metrics: [MetricName: Double] = [:],
        artifactSHA256: SHA256Digest? = nil, sbomSHA256: SHA256Digest? = nil
    ) {
        self.datasetSHA256 = datasetSHA256
        self.featureSetVersion = featureSetVersion
        self.hyperparameters = hyperparameters
        self.imageDigest = imageDigest
        self.gpuType = gpuType
        self.languageVersion = languageVersion
        self.trainingHours = trainingHours
        self.trainingCostUSD = trainingCostUSD
        self.metrics = metrics
        self.artifactSHA256 = artifactSHA256
        self.sbomSHA256 = sbomSHA256
    }

    /// Reads the JSON form strictly; errors name the key.
    ///
    /// - Parameter type: the event type named in messages.
    public init(json: JSONObject, in type: EventType = .versionRegistered) throws(LedgerError) {
        var fields = PayloadFields(type, json, prefix: "lineage.")
        datasetSHA256 = try fields.optional("datasetSHA256", "64 lowercase hexadecimal characters", PayloadFields.hexDigest)
        featureSetVersion = try fields.optionalString("featureSetVersion")
        hyperparameters = try fields.optional("hyperparameters", "a JSON object") { $0.objectValue }
        let environment = try fields.optional("environment", "an object with imageDigest, gpuType and languageVersion") { $0.objectValue }
        trainingHours = try fields.optional("trainingHours", "a number of 0 or more") { Self.nonNegative($0) }
        trainingCostUSD = try fields.optional("trainingCostUSD", "a number of 0 or more") { Self.nonNegative($0) }
        metrics = try fields.optional("metrics", "an object of numbers keyed by snake-case metric names, such as {\"accuracy\": 0.975}") { value -> [MetricName: Double]? in
            guard let object = value.objectValue else { return nil }
            var result: [MetricName: Double] = [:]
            for member in object {
                guard let name = MetricName(rawValue: member.key), let number = member.value.numberValue else { return nil }
                result[name] = number
            }
            return result
        } ?? [:]
        artifactSHA256 = try fields.optional("artifactSHA256", "64 lowercase hexadecimal characters", PayloadFields.hexDigest)
        sbomSHA256 = try fields.optional("sbomSHA256", "64 lowercase hexadecimal characters", PayloadFields.hexDigest)
        try fields.finish()
        if let environment {
            var env = PayloadFields(type, environment, prefix: "lineage.environment.")
            imageDigest = try env.optional("imageDigest", "'sha256:' followed by 64 lowercase hexadecimal characters") { value in
                guard let text = value.stringValue, text.hasPrefix("sha256:"),
                    PayloadFields.hexDigest(.string(String(text.dropFirst(7)))) != nil
                else { return nil }
                return text
            }
            gpuType = try env.optionalString("gpuType")
            languageVersion = try env.optionalString("languageVersion")
            try env.finish()
        }
    }

    /// The JSON form; absent values are left out.
    public var json: JSONObject {
        var object = JSONObject()
        object["datasetSHA256"] = datasetSHA256.map { .string($0.hex) }
        object["featureSetVersion"] = featureSetVersion.map { .string($0) }
        object["hyperparameters"] = hyperparameters.map { .object($0) }
        var environment = JSONObject()
        environment["imageDigest"] = imageDigest.map { .string($0) }
        environment["gpuType"] = gpuType.map { .string($0) }
        environment["languageVersion"] = languageVersion.map { .string($0) }
        if !environment.isEmpty { object["environment"] = .object(environment) }
        object["trainingHours"] = trainingHours.map { .number($0) }
        object["trainingCostUSD"] = trainingCostUSD.map { .number($0) }
        if !metrics.isEmpty {
            object["metrics"] = .object(JSONObject(uniquingKeysWith: metrics.map { ($0.key.rawValue, .number($0.value)) }))
        }
        object["artifactSHA256"] = artifactSHA256.map { .string($0.hex) }
        object["sbomSHA256"] = sbomSHA256.map { .string($0.hex) }
        return object
    }

    /// The keys a tier's lineage depth requires, in documentation order.
    ///
    /// - `basic`: `datasetSHA256`, `artifactSHA256`;
    /// - `standard`: those and `featureSetVersion`, `hyperparameters`, `metrics`;
    /// - `full`: those and `environment.imageDigest`, `environment.languageVersion`,
    ///   `trainingHours`, `sbomSHA256` (`gpuType` and `trainingCostUSD` stay optional: not every
    ///   model trains on a GPU or has a billed cost).
    public static func requiredKeys(for depth: TierGovernance.Lineage) -> [String] {
        let basic = ["datasetSHA256", "artifactSHA256"]
        let standard = basic + ["featureSetVersion", "hyperparameters", "metrics"]
        switch depth {
        case .basic: return basic
        case .standard: return standard
        case .full: return standard + ["environment.imageDigest", "environment.languageVersion", "trainingHours", "sbomSHA256"]
        }
    }

    /// The keys of ``requiredKeys(for:)`` this lineage lacks.
    public func missingKeys(for depth: TierGovernance.Lineage) -> [String] {
        Self.requiredKeys(for: depth).filter { key in
            switch key {
            case "datasetSHA256": datasetSHA256 == nil
            case "artifactSHA256": artifactSHA256 == nil
            case "featureSetVersion": featureSetVersion == nil
            case "hyperparameters": hyperparameters == nil
            case "metrics": metrics.isEmpty
            case "environment.imageDigest": imageDigest == nil
            case "environment.languageVersion": languageVersion == nil
            case "trainingHours": trainingHours == nil
            case "sbomSHA256": sbomSHA256 == nil
            default: false
            }
        }
    }

    private static func nonNegative(_ value: JSONValue) -> Double? {
        guard let number = value.numberValue, number >= 0 else { return nil }
        return number
    }
}
