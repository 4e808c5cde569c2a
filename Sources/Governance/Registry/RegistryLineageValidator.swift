public import LedgerCore

/// The registry's rules for prediction lineage: a record is accepted only for a registered
/// model version that was serving at the record's `time`, and that read the feature set the
/// version's lineage names.
///
/// Serving means in Production, or running under a shadow deployment (`deployment.started` with
/// strategy `shadow`, not rolled back by then) while not yet deprecated or archived. A version in
/// Development, Staging or Approved serves no requests, so its predictions are refused. The
/// stage at a time comes from the version's transitions (``LineageServing/Version/stage(at:)``),
/// so a batch recorded late is judged by what was true when the predictions were made. A
/// version whose lineage names no feature set accepts any `featureSet`.
///
/// A registry without any registered model (a ledger used for lineage alone) accepts every
/// record: there is nothing to check against. Build the validator once, before ingestion starts.
///
/// ```swift
/// let validator = RegistryLineageValidator(registry: try await service.registry())
/// let checks = LineageChecks(clock: .system, validator: validator)
/// ```
public struct RegistryLineageValidator: LineageValidator {
    /// The stage in which a version serves requests.
    public static let servingStage = LifecycleStage.production
    /// The stages that end any shadow run: the version no longer runs at all.
    public static let retiredStages: [LifecycleStage] = [.deprecated, .archived]

    /// The registry's history the records are checked against.
    public let serving: LineageServing
    /// Each registered version under the texts a record names it by (`model`, then `version` as
    /// the version prints itself): the usual record is found with two lookups, without checking
    /// the model's name or parsing the version again. Other texts take the general path.
    private let byText: [String: [String: LineageServing.Version]]

    public init(serving: LineageServing) {
        self.serving = serving
        var byText: [String: [String: LineageServing.Version]] = [:]
        for (slug, versions) in serving.models {
            for registered in versions { byText[slug.rawValue, default: [:]][registered.version.description] = registered }
        }
        self.byText = byText
    }

    public init(registry: RegistryState) {
        self.init(serving: LineageServing(registry: registry))
    }

    public func problems(with record: PredictionRecord) -> [LineageFieldProblem] {
        problems(model: record.model, version: record.version, featureSet: record.featureSet, time: record.time)
    }

    /// The registry's rules need only these members: the record is not read back.
    public func problems(with record: LineageInputRecord) -> [LineageFieldProblem] {
        problems(model: record.model, version: record.version, featureSet: record.featureSet, time: record.time)
    }

    private func problems(model: String, version: String, featureSet: String, time: Timestamp) -> [LineageFieldProblem] {
        guard !serving.models.isEmpty else { return [] }
        if let registered = byText[model]?[version] {
            return problems(model: model, registered: registered, featureSet: featureSet, time: time)
        }
        guard let slug = ModelSlug(rawValue: model), let versions = serving.models[slug] else {
            return [LineageFieldProblem(field: "model", message: "\(model) is not a registered model; register it (govledger register model) or fix the model name")]
        }
        guard let parsed = SemanticVersion(version), let registered = versions.first(where: { $0.version == parsed }) else {
            let known = versions.map(\.version.description).joined(separator: ", ")
            return [LineageFieldProblem(field: "version", message: "\(model) has no registered version \(version); registered: \(known.isEmpty ? "none" : known)")]
        }
        return problems(model: model, registered: registered, featureSet: featureSet, time: time)
    }

    /// The rules of a record of the registered version `registered`.
    private func problems(model: String, registered: LineageServing.Version, featureSet: String, time: Timestamp) -> [LineageFieldProblem] {
        let version = registered.version
        var problems: [LineageFieldProblem] = []
        if let stage = registered.stage(at: time) {
            let shadow = !Self.retiredStages.contains(stage) && registered.shadowRuns.contains { $0.covers(time) }
            if stage != Self.servingStage, !shadow {
                problems.append(LineageFieldProblem(field: "version", message: "\(model) \(version) was in \(stage) at \(time), neither in production nor deployed as shadow; record predictions only of a serving version, or fix the time"))
            }
        } else {
            problems.append(LineageFieldProblem(field: "version", message: "\(model) \(version) was not yet registered at \(time) (registered \(registered.registeredAt)); fix the time or the version"))
        }
        if let expected = registered.featureSetVersion, expected != featureSet {
            problems.append(LineageFieldProblem(field: "featureSet", message: "\(model) \(version) reads the feature set \(expected) according to its lineage, not \(featureSet)"))
        }
        return problems
    }
}
