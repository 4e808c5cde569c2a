public import LedgerCore

/// The registry's rules for prediction lineage: a record is accepted only for a registered
/// model version that was serving (in Production, or in Staging where it runs in shadow) at the
/// record's `time`, and that read the feature set the version's lineage names.
///
/// The stage at a time comes from the version's transitions (``VersionRecord/stage(at:)``), so a
/// batch recorded late is judged by what was true when the predictions were made. A version
/// whose lineage names no feature set accepts any `featureSet`.
///
/// A registry without any registered model (a ledger used for lineage alone) accepts every
/// record: there is nothing to check against. Build the validator once, from the whole log,
/// before ingestion starts.
///
/// ```swift
/// let validator = RegistryLineageValidator(registry: try await service.registry())
/// let checks = LineageChecks(clock: .system, validator: validator)
/// ```
public struct RegistryLineageValidator: LineageValidator {
    /// The stages in which a version's predictions may be recorded.
    public static let servingStages: [LifecycleStage] = [.production, .staging]

    /// The registry the records are checked against.
    public let registry: RegistryState

    public init(registry: RegistryState) {
        self.registry = registry
    }

    public func problems(with record: PredictionRecord) -> [LineageFieldProblem] {
        guard !registry.models.isEmpty else { return [] }
        guard let slug = ModelSlug(rawValue: record.model), let model = registry.models[slug] else {
            return [LineageFieldProblem(field: "model", message: "\(record.model) is not a registered model; register it (govledger register model) or fix the model name")]
        }
        guard let version = SemanticVersion(record.version), let registered = model.version(version) else {
            let known = model.versions.map(\.version.description).joined(separator: ", ")
            return [LineageFieldProblem(field: "version", message: "\(record.model) has no registered version \(record.version); registered: \(known.isEmpty ? "none" : known)")]
        }
        var problems: [LineageFieldProblem] = []
        let stage = registered.stage(at: record.time)
        if let stage, !Self.servingStages.contains(stage) {
            problems.append(LineageFieldProblem(field: "version", message: "\(record.model) \(version) was in \(stage) at \(record.time), not in production or staging (shadow); record predictions only of a serving version, or fix the time"))
        } else if stage == nil {
            problems.append(LineageFieldProblem(field: "version", message: "\(record.model) \(version) was not yet registered at \(record.time) (registered \(registered.registeredAt)); fix the time or the version"))
        }
        if let expected = registered.lineage.featureSetVersion, expected != record.featureSet {
            problems.append(LineageFieldProblem(field: "featureSet", message: "\(record.model) \(version) reads the feature set \(expected) according to its lineage, not \(record.featureSet)"))
        }
        return problems
    }
}
