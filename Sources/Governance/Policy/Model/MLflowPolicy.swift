import LedgerCore

/// How the MLflow-compatible registry API maps MLflow's vocabulary onto the lifecycle: the
/// `mlflow:` section of a policy, optional (a policy without it gets ``defaults``).
///
/// ```yaml
/// mlflow:
///   stages: {None: development, Staging: staging, Production: production, Archived: deprecated}
///   current_stage: {development: None, staging: Staging, approved: Staging, production: Production,
///                   deprecated: Archived, archived: Archived}
///   aliases: {champion: production}
///   default_tier: 3
///   version_bump: minor
///   delete_version_to: archived
/// ```
public struct MLflowPolicy: Hashable, Sendable {
    /// MLflow's stage names.
    public static let stageNames = ["None", "Staging", "Production", "Archived"]

    /// The lifecycle stage a `transition-stage` request to an MLflow stage moves a version to.
    public let stages: [String: LifecycleStage]
    /// The MLflow stage a version in a lifecycle stage shows as (`current_stage`).
    public let currentStage: [LifecycleStage: String]
    /// Aliases that stand for a lifecycle stage: setting one moves the version there first,
    /// with that transition's guards, and the alias may only point at a version in that stage.
    public let aliases: [String: LifecycleStage]
    /// The tier of a model created through the API without a `govledger.tier` tag.
    public let defaultTier: RiskTier
    /// How a version created through the API without a `govledger.version` tag is numbered
    /// from the model's highest version (the first is 1.0.0).
    public let versionBump: VersionBump
    /// The stage a deleted version is moved to (a ledger never deletes).
    public let deleteVersionTo: LifecycleStage

    /// The mapping when a policy has no `mlflow:` section.
    public static let defaults = MLflowPolicy(
        stages: ["None": .development, "Staging": .staging, "Production": .production, "Archived": .deprecated],
        currentStage: [.development: "None", .staging: "Staging", .approved: "Staging", .production: "Production", .deprecated: "Archived", .archived: "Archived"],
        aliases: ["champion": .production], defaultTier: RiskTier(rawValue: 3)!, versionBump: .minor, deleteVersionTo: .archived)

    init(stages: [String: LifecycleStage], currentStage: [LifecycleStage: String], aliases: [String: LifecycleStage], defaultTier: RiskTier, versionBump: VersionBump, deleteVersionTo: LifecycleStage) {
        self.stages = stages
        self.currentStage = currentStage
        self.aliases = aliases
        self.defaultTier = defaultTier
        self.versionBump = versionBump
        self.deleteVersionTo = deleteVersionTo
    }

    /// The MLflow stage name of a lifecycle stage (`None` for a stage the mapping leaves out).
    public func mlflowStage(of stage: LifecycleStage) -> String { currentStage[stage] ?? "None" }

    /// Reads the section; keys left out keep their ``defaults``.
    init?(decoding node: PolicyNode, stagesDefined: Set<LifecycleStage>?) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let base = Self.defaults
        func stage(_ node: PolicyNode) -> LifecycleStage? {
            guard let stage = node.identifier(LifecycleStage.self, what: "stage name") else { return nil }
            if let stagesDefined, !stagesDefined.contains(stage) {
                node.report("'\(stage)' is not a stage of lifecycle.stages (\(stagesDefined.map(\.rawValue).sorted().joined(separator: ", ")))")
                return nil
            }
            return stage
        }
        let stages = fields.optional("stages") { node -> [String: LifecycleStage]? in
            guard let entries = node.entries() else { return nil }
            var result: [String: LifecycleStage] = [:]
            var failed = false
            for (key, value) in entries {
                guard Self.stageNames.contains(key) else {
                    value.report("'\(key.prefix(40))' is not an MLflow stage; use \(Self.stageNames.joined(separator: ", "))")
                    failed = true
                    continue
                }
                if let target = stage(value) { result[key] = target } else { failed = true }
            }
            return failed ? nil : result
        }
        let current = fields.optional("current_stage") { node -> [LifecycleStage: String]? in
            guard let entries = node.entries() else { return nil }
            var result: [LifecycleStage: String] = [:]
            var failed = false
            for (key, value) in entries {
                guard let from = LifecycleStage(rawValue: key), stagesDefined?.contains(from) ?? true else {
                    value.report("'\(key.prefix(40))' is not a stage of lifecycle.stages")
                    failed = true
                    continue
                }
                guard let name = value.string(), Self.stageNames.contains(name) else {
                    value.report("use one of the MLflow stages \(Self.stageNames.joined(separator: ", "))")
                    failed = true
                    continue
                }
                result[from] = name
            }
            return failed ? nil : result
        }
        let aliases = fields.optional("aliases") { node -> [String: LifecycleStage]? in
            guard let entries = node.entries() else { return nil }
            var result: [String: LifecycleStage] = [:]
            var failed = false
            for (key, value) in entries {
                guard MLflowPolicy.isValidAlias(key) else {
                    value.report("'\(key.prefix(40))' is not a valid alias: letters, digits, '_' and '-', at most 255 characters, not 'latest' nor 'v' followed by digits")
                    failed = true
                    continue
                }
                if let target = stage(value) { result[key] = target } else { failed = true }
            }
            return failed ? nil : result
        }
        let tier = fields.optional("default_tier") { node in node.int(in: 1...RiskTier.maximum).flatMap(RiskTier.init(rawValue:)) }
        let bump = fields.optional("version_bump") { $0.choice(VersionBump.self) }
        let deleteTo = fields.optional("delete_version_to") { stage($0) }
        self.init(
            stages: stages.map { base.stages.merging($0) { $1 } } ?? base.stages,
            currentStage: current.map { base.currentStage.merging($0) { $1 } } ?? base.currentStage,
            aliases: aliases ?? base.aliases, defaultTier: tier ?? base.defaultTier, versionBump: bump ?? base.versionBump,
            deleteVersionTo: deleteTo ?? base.deleteVersionTo)
    }

    /// Whether `alias` is an alias MLflow accepts: letters, digits, `_` and `-`, 1 to 255
    /// characters, neither `latest` nor `v` followed by digits (reserved for versions).
    public static func isValidAlias(_ alias: String) -> Bool {
        guard !alias.isEmpty, alias.utf8.count <= 255,
            alias.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") })
        else { return false }
        let lower = alias.lowercased()
        if lower == "latest" { return false }
        if lower.hasPrefix("v"), lower.count > 1, lower.dropFirst().allSatisfy(\.isNumber) { return false }
        return true
    }

    /// The canonical form, mirroring the YAML keys.
    var canonicalJSON: JSONValue {
        .object([
            "stages": .object(JSONObject(uniquingKeysWith: stages.map { ($0.key, .string($0.value.rawValue)) })),
            "current_stage": .object(JSONObject(uniquingKeysWith: currentStage.map { ($0.key.rawValue, .string($0.value)) })),
            "aliases": .object(JSONObject(uniquingKeysWith: aliases.map { ($0.key, .string($0.value.rawValue)) })),
            "default_tier": .number(Double(defaultTier.rawValue)),
            "version_bump": .string(versionBump.rawValue),
            "delete_version_to": .string(deleteVersionTo.rawValue),
        ])
    }
}
