import LedgerCore

extension RuleCheck {
    func check(_ e: ModelRegistered) throws(GovernanceRejection) {
        guard ModelSlug(displayName: e.name) == e.model else {
            throw fail(.catalog, "the slug \(e.model) is not the slug of the name \"\(e.name)\" (\(ModelSlug(displayName: e.name)?.rawValue ?? "none"))")
        }
        if let existing = state.models[e.model] {
            throw fail(.modelUnique, "model \(e.model) is already registered (\"\(existing.name)\", \(existing.owner), Tier \(existing.tier)); register a new version with govledger version register \(e.model) --version X.Y.Z, or choose another name")
        }
        guard policy.tier(e.tier) != nil else {
            throw fail(.tierDefined, "Tier \(e.tier) is not defined by policy \(policy.name) \(policy.version); use one of \(tierList)")
        }
    }

    func check(_ e: ModelTierChanged) throws(GovernanceRejection) {
        let model = try model(e.model)
        guard e.from == model.tier else {
            throw fail(.tierChange, "it says the model was Tier \(e.from), but \(model.slug) is Tier \(model.tier)")
        }
        guard policy.tier(e.to) != nil else {
            throw fail(.tierDefined, "Tier \(e.to) is not defined by policy \(policy.name) \(policy.version); use one of \(tierList)")
        }
        guard e.to != e.from else {
            throw fail(.tierChange, "\(model.slug) is already Tier \(e.to); name another tier")
        }
    }

    func check(_ e: VersionRegistered) throws(GovernanceRejection) {
        let model = try model(e.model)
        if let highest = model.latestVersion?.version, e.version <= highest {
            let next = [
                SemanticVersion(major: highest.major, minor: highest.minor, patch: highest.patch + 1),
                SemanticVersion(major: highest.major, minor: highest.minor + 1, patch: 0),
                SemanticVersion(major: highest.major + 1, minor: 0, patch: 0),
            ].compactMap { $0?.description }
            throw fail(.versionIncreasing, "\(e.version) does not increase the model's versions: the highest is \(highest); register \(next.joined(separator: ", ")) or higher")
        }
        let baseline = Self.baseline(of: model)
        let bump = baseline.map { e.version.bump(from: $0) } ?? .major
        guard e.baseline == baseline, e.bump == bump else {
            throw fail(.versionBump, "it records baseline \(e.baseline?.description ?? "none") and bump \(e.bump), but against \(baseline.map { "\($0) (the \(model.productionVersion != nil ? "production" : "latest") version)" } ?? "no earlier version") the change is \(bump)")
        }
        let tier = try tierPolicy(of: model)
        let missing = e.lineage.missingKeys(for: tier.governance.lineage)
        guard missing.isEmpty else {
            throw fail(.lineage, "Tier \(model.tier) models need \(tier.governance.lineage) lineage; missing \(missing.joined(separator: ", ")); give them with the version register flags or --lineage-file (see docs/events.md)")
        }
    }

    /// The version a new version is compared against: production, else the latest.
    static func baseline(of model: ModelRecord) -> SemanticVersion? {
        (model.productionVersion ?? model.latestVersion)?.version
    }

    var tierList: String { policy.tiers.map { "\($0.tier) (\($0.name))" }.joined(separator: ", ") }
}
