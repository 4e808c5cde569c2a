import LedgerCore

/// Rules of the feature store: registration, versions, deprecations and feature sets.
extension RuleCheck {
    func feature(_ name: FeatureName) throws(GovernanceRejection) -> FeatureRecord {
        guard let feature = state.features[name] else {
            throw fail(.featureUnknown, "feature \(name) is not registered; register it first with govledger features register \(name) --owner … --description …")
        }
        return feature
    }

    func check(_ e: FeatureRegistered) throws(GovernanceRejection) {
        if let existing = state.features[e.feature] {
            throw fail(.featureUnknown, "feature \(e.feature) is already registered (since \(existing.registeredAt), owner \(existing.owner)); release a new version of it instead")
        }
    }

    func check(_ e: FeatureVersionReleased) throws(GovernanceRejection) {
        let feature = try feature(e.feature)
        let latest = feature.latest?.version
        guard e.previous == latest else {
            throw fail(.featureVersion, "it names \(e.previous.map { "\($0)" } ?? "no version") as the previous version, but the latest version of \(e.feature) is \(latest.map { "\($0)" } ?? "none")")
        }
        guard let latest else { return }
        guard e.version > latest else {
            throw fail(.featureVersion, "\(e.version) is not greater than \(latest), the latest version of \(e.feature); give the next \(e.change) version, \(Self.next(latest, e.change))")
        }
        guard e.version.bump(from: latest) == e.change else {
            throw fail(.featureVersion, "\(e.version) is a \(e.version.bump(from: latest)) bump from \(latest), but the change is declared \(e.change): a \(e.change) change of \(e.feature) is numbered like \(Self.next(latest, e.change)) (MAJOR: a breaking change of type or logic, MINOR: an additive change, PATCH: a fix); declare the kind of change the version number says, or number it for the change")
        }
    }

    func check(_ e: FeatureVersionDeprecated) throws(GovernanceRejection) {
        let feature = try feature(e.feature)
        guard let version = feature.version(e.version) else {
            let known = feature.versions.map(\.version.description)
            throw fail(.featureDeprecation, "\(e.feature) has no released version \(e.version) (\(known.isEmpty ? "it has none" : "released: " + known.joined(separator: ", ")))")
        }
        if let deprecation = version.deprecation {
            throw fail(.featureDeprecation, "\(e.feature) \(e.version) was already deprecated at \(deprecation.time) with a grace of \(deprecation.grace)")
        }
    }

    func check(_ e: FeatureSetReleased) throws(GovernanceRejection) {
        if let latest = state.featureSets[e.featureSet]?.versions.last?.version, e.version <= latest {
            throw fail(.featureSet, "\(e.version) is not greater than \(latest), the latest version of feature set \(e.featureSet); release it as a higher version")
        }
        var problems: [String] = []
        for (name, version) in e.features.sorted(by: { $0.key < $1.key }) {
            guard let feature = state.features[name] else {
                problems.append("\(name) is not a registered feature")
                continue
            }
            guard let released = feature.version(version) else {
                problems.append("\(name) has no released version \(version) (latest: \(feature.latest.map { "\($0.version)" } ?? "none"))")
                continue
            }
            if let deprecation = released.deprecation, released.pastGrace(at: context.time) {
                problems.append("\(name) \(version) was deprecated at \(deprecation.time) and its grace of \(deprecation.grace) ended at \(deprecation.graceEnds)\(feature.latest.map { $0.version != version ? "; use \($0.version)" : "" } ?? "")")
            }
        }
        guard problems.isEmpty else {
            throw fail(.featureSet, problems.joined(separator: "; "))
        }
    }

    /// A model version whose lineage names `<featureset>@<version>` of an existing feature set
    /// names a released version of it (free-form text stays valid).
    func checkFeatureSetReference(_ e: VersionRegistered) throws(GovernanceRejection) {
        guard let text = e.lineage.featureSetVersion, let reference = FeatureSetReference(text), let set = state.featureSets[reference.name] else { return }
        guard set.version(reference.version) != nil else {
            throw fail(.featureSet, "its lineage names feature set \(reference), but \(reference.name) has the versions \(set.versions.map(\.version.description).joined(separator: ", ")); release that version of the set first (govledger features set) or name a released one")
        }
    }

    /// The version after `version` for a change of `kind`.
    static func next(_ version: SemanticVersion, _ kind: VersionBump) -> SemanticVersion {
        switch kind {
        case .major: SemanticVersion(major: version.major + 1, minor: 0, patch: 0)!
        case .minor: SemanticVersion(major: version.major, minor: version.minor + 1, patch: 0)!
        case .patch: SemanticVersion(major: version.major, minor: version.minor, patch: version.patch + 1)!
        }
    }
}
