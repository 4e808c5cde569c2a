public import Governance
import LedgerCore

extension LineageServing {
    /// The serving history of every model of a stored projection (the registry read model kept
    /// in the ledger's database and brought up to date with the entries appended since), so that
    /// a one-shot process checks lineage without folding the whole log.
    ///
    /// A version starts in the stage its first transition leaves (development when it has none),
    /// at its registration time; each transition adds the stage it enters, at its entry's time;
    /// each `shadow` deployment runs from its start to its rollback. The same facts
    /// ``LineageServing/init(registry:)`` reads from a ``RegistryState``.
    ///
    /// ```swift
    /// let (store, state) = try await ledger.projection()
    /// let validator = RegistryLineageValidator(serving: LineageServing(projection: state))
    /// ```
    public init(projection: ProjectionState) {
        var models: [ModelSlug: [Version]] = [:]
        for dossier in projection.models.values {
            guard let slug = ModelSlug(rawValue: dossier.slug) else { continue }
            models[slug] = dossier.versions.compactMap { version -> Version? in
                guard let number = SemanticVersion(version.version), let registered = Timestamp(version.registered.time),
                    let initial = LifecycleStage(rawValue: version.transitions.first?.from ?? version.stage)
                else { return nil }
                var changes = [StageChange(stage: initial, since: registered)]
                for transition in version.transitions {
                    guard let stage = LifecycleStage(rawValue: transition.to), let since = Timestamp(transition.source.time) else { continue }
                    changes.append(StageChange(stage: stage, since: since))
                }
                let shadows = dossier.deployments.filter { $0.version == version.version && $0.strategy == DeploymentPolicy.Strategy.shadow.rawValue }
                return Version(
                    version: number, registeredAt: registered, stageChanges: changes,
                    shadowRuns: shadows.compactMap { run in
                        Timestamp(run.source.time).map { ShadowRun(from: $0, until: run.rolledBack.flatMap { Timestamp($0.time) }) }
                    },
                    featureSetVersion: version.lineage.featureSetVersion)
            }
        }
        self.init(models: models)
    }
}
