import Governance
import Hummingbird
import LedgerCore

/// The registry as MLflow shows it, and MLflow requests as governance commands.
///
/// - A registered model's MLflow `name` is the model's display name; it is found by that name
///   or by its slug.
/// - A version's MLflow number is its position in registration order, from 1; its semantic
///   version shows as the tag `govledger.version`, its lifecycle stage as `govledger.stage`.
/// - `current_stage` follows the policy's `mlflow.current_stage`.
/// - `source`, `run_id` and `run_link` are kept as the version tags `govledger.mlflow.source`,
///   `govledger.mlflow.run_id` and `govledger.mlflow.run_link`, which responses show in their
///   MLflow fields instead of among the tags.
struct MLflowRegistryView {
    let state: RegistryState
    var mapping: MLflowPolicy { state.policy?.policy.mlflow ?? .defaults }

    static let internalTagPrefix = "govledger.mlflow."
    static let reservedPrefix = "govledger."

    /// The model an MLflow name designates.
    func model(named name: String) -> ModelRecord? {
        state.models.values.first { $0.name == name } ?? ModelSlug(rawValue: name).flatMap { state.models[$0] }
    }

    func requireModel(_ name: String) throws -> ModelRecord {
        guard let model = model(named: name) else { throw MLflowError.notFound("Registered Model with name=\(name.prefix(200)) not found") }
        return model
    }

    func requireVersion(_ model: ModelRecord, _ text: String) throws -> VersionRecord {
        guard let number = Int(text), let record = model.version(mlflowNumber: number) else {
            throw MLflowError.notFound("Model Version (name=\(model.name), version=\(text.prefix(40))) not found; its versions are 1 to \(model.versions.count)")
        }
        return record
    }

    static func millis(_ time: Timestamp?) -> JSONValue { .number(Double(time?.millisecondsSinceEpoch ?? 0)) }

    static func tagList(_ tags: [String: String]) -> JSONValue {
        .array(tags.keys.sorted().map { .object(["key": .string($0), "value": .string(tags[$0]!)]) })
    }

    func stageName(_ version: VersionRecord) -> String { mapping.mlflowStage(of: version.stage) }

    /// The MLflow `ModelVersion` of a version.
    func versionJSON(_ model: ModelRecord, _ version: VersionRecord) -> JSONValue {
        var tags = version.tags.filter { !$0.key.hasPrefix(Self.internalTagPrefix) }
        tags["govledger.version"] = version.version.description
        tags["govledger.stage"] = version.stage.rawValue
        var object: JSONObject = [
            "name": .string(model.name),
            "version": .string(String(model.mlflowNumber(of: version.version) ?? 0)),
            "creation_timestamp": Self.millis(version.registeredAt),
            "last_updated_timestamp": Self.millis(version.lastUpdated ?? version.registeredAt),
            "current_stage": .string(stageName(version)),
            "status": "READY",
            "source": .string(version.tags[Self.internalTagPrefix + "source"] ?? ""),
            "tags": Self.tagList(tags),
            "aliases": .array(model.aliases.filter { $0.value == version.version }.keys.sorted().map { .string($0) }),
        ]
        object["description"] = version.description.map { .string($0) }
        object["run_id"] = version.tags[Self.internalTagPrefix + "run_id"].map { .string($0) }
        object["run_link"] = version.tags[Self.internalTagPrefix + "run_link"].map { .string($0) }
        return .object(object)
    }

    /// The latest version of each MLflow stage, by version number.
    func latestVersions(_ model: ModelRecord, stages: [String]? = nil) -> [VersionRecord] {
        var latest: [String: VersionRecord] = [:]
        for version in model.versions { latest[stageName(version)] = version }
        let wanted = stages ?? MLflowPolicy.stageNames
        return model.versions.filter { version in
            let stage = stageName(version)
            return latest[stage] == version && wanted.contains { $0.equalsIgnoringCase(stage) }
        }
    }

    /// The MLflow `RegisteredModel` of a model.
    func modelJSON(_ model: ModelRecord) -> JSONValue {
        var tags = model.tags
        tags["govledger.slug"] = model.slug.rawValue
        tags["govledger.tier"] = String(model.tier.rawValue)
        tags["govledger.owner"] = model.owner
        var object: JSONObject = [
            "name": .string(model.name),
            "creation_timestamp": Self.millis(model.registeredAt),
            "last_updated_timestamp": Self.millis(model.lastUpdated ?? model.registeredAt),
            "latest_versions": .array(latestVersions(model).map { versionJSON(model, $0) }),
            "tags": Self.tagList(tags),
            "aliases": .array(model.aliases.keys.sorted().map { alias in
                .object(["alias": .string(alias), "version": .string(String(model.mlflowNumber(of: model.aliases[alias]!) ?? 0))])
            }),
        ]
        object["description"] = model.description.map { .string($0) }
        return .object(object)
    }

    /// The lifecycle stage an MLflow stage name (any case) maps to.
    func lifecycleStage(forMLflowStage text: String) throws -> LifecycleStage {
        guard let name = MLflowPolicy.stageNames.first(where: { $0.equalsIgnoringCase(text) }), let stage = mapping.stages[name] else {
            throw MLflowError.invalid("Invalid Model Version stage: \(text.prefix(40)). Value must be one of \(MLflowPolicy.stageNames.joined(separator: ", ")).")
        }
        return stage
    }

    // MARK: - Commands

    /// Refuses user tags in the `govledger.` namespace, which the ledger fills itself.
    static func checkUserTag(_ key: String) throws {
        guard !key.hasPrefix(reservedPrefix) else {
            throw MLflowError.invalid("Tag keys starting with 'govledger.' are reserved: they are read at creation (govledger.tier, govledger.owner, govledger.version, govledger.lineage.<key>) or shown by the ledger. Use another key.")
        }
    }

    /// The registration of a model, with its tags and description, as one command.
    ///
    /// Tags read: `govledger.tier` (default: the policy's `mlflow.default_tier`), `govledger.owner`
    /// (default: the caller), `govledger.framework` (default `unknown`), `govledger.purpose`
    /// (default: the description, else "Registered through the MLflow API").
    func registerModel(name: String, tags: [(key: String, value: String)], description: String?, caller: Principal) throws -> GovernanceCommand {
        if let existing = model(named: name) ?? ModelSlug(displayName: name).flatMap({ state.models[$0] }) {
            throw MLflowError(.badRequest, "RESOURCE_ALREADY_EXISTS", "Registered Model (name=\(name.prefix(200))) already exists (slug \(existing.slug), named \"\(existing.name)\").")
        }
        var governed: [String: String] = [:]
        var userTags: [(String, String)] = []
        for tag in tags {
            if tag.key.hasPrefix(Self.reservedPrefix) { governed[tag.key] = tag.value } else { userTags.append((tag.key, tag.value)) }
        }
        let known: Set<String> = ["govledger.tier", "govledger.owner", "govledger.framework", "govledger.purpose"]
        if let unknown = governed.keys.sorted().first(where: { !known.contains($0) }) {
            throw MLflowError.invalid("Unknown govledger tag '\(unknown.prefix(80))' on a registered model; the recognised ones are \(known.sorted().joined(separator: ", ")).")
        }
        var tier = mapping.defaultTier
        if let text = governed["govledger.tier"] {
            guard let number = Int(text), let parsed = RiskTier(rawValue: number) else {
                throw MLflowError.invalid("Tag govledger.tier must be a tier number from 1 to \(RiskTier.maximum), not '\(text.prefix(20))'.")
            }
            tier = parsed
        }
        guard let slug = ModelSlug(displayName: name) else {
            throw MLflowError.invalid("The name '\(name.prefix(120))' gives no model slug: use letters and digits (the slug is the lowercased words joined by '-').")
        }
        var commands: [GovernanceCommand] = [.registerModel(
            name: name, owner: governed["govledger.owner"] ?? caller.rawValue, framework: governed["govledger.framework"] ?? "unknown", tier: tier,
            purpose: governed["govledger.purpose"] ?? description.flatMap { $0.isEmpty ? nil : $0 } ?? "Registered through the MLflow API")]
        if let description, !description.isEmpty { commands.append(.describe(model: slug, version: nil, description: description)) }
        for (key, value) in userTags { commands.append(.setTag(model: slug, version: nil, key: key, value: value)) }
        return commands.count == 1 ? commands[0] : .sequence(commands)
    }

    /// The semantic version a new MLflow version gets: the `govledger.version` tag, else the
    /// policy's `mlflow.version_bump` from the highest version (the first is 1.0.0).
    func nextVersion(of model: ModelRecord, requested: String?) throws -> SemanticVersion {
        if let requested {
            do { return try SemanticVersion.parse(requested) } catch {
                throw MLflowError.invalid("Tag govledger.version: \(error.message)")
            }
        }
        guard let highest = model.versions.map(\.version).max() else { return SemanticVersion(major: 1, minor: 0, patch: 0)! }
        let next: SemanticVersion? = switch mapping.versionBump {
        case .major: SemanticVersion(major: highest.major + 1, minor: 0, patch: 0)
        case .minor: SemanticVersion(major: highest.major, minor: highest.minor + 1, patch: 0)
        case .patch: SemanticVersion(major: highest.major, minor: highest.minor, patch: highest.patch + 1)
        }
        guard let next else { throw MLflowError.invalid("The next version after \(highest) is out of range; give one with the tag govledger.version.") }
        return next
    }

    /// The registration of a version with its lineage (tags `govledger.lineage.<key>`), tags,
    /// source, run and description, as one command.
    func createVersion(
        of model: ModelRecord, tags: [(key: String, value: String)], source: String?, runID: String?, runLink: String?, description: String?
    ) throws -> (GovernanceCommand, SemanticVersion) {
        var lineage = JSONObject()
        var environment = JSONObject()
        var requested: String?
        var userTags: [(String, String)] = []
        for tag in tags {
            if tag.key == "govledger.version" {
                requested = tag.value
            } else if tag.key.hasPrefix("govledger.lineage.") {
                let key = String(tag.key.dropFirst("govledger.lineage.".count))
                let value: JSONValue = (try? JSONValue.parse(Array(tag.value.utf8))).flatMap { parsed in
                    switch parsed {
                    case .object, .number, .array: parsed
                    default: nil
                    }
                } ?? .string(tag.value)
                if key.hasPrefix("environment.") { environment[String(key.dropFirst("environment.".count))] = value } else { lineage[key] = value }
            } else if tag.key.hasPrefix(Self.reservedPrefix) {
                throw MLflowError.invalid("Unknown govledger tag '\(tag.key.prefix(80))' on a model version; the recognised ones are govledger.version and govledger.lineage.<key> (docs/mlflow.md).")
            } else {
                userTags.append((tag.key, tag.value))
            }
        }
        if !environment.isEmpty { lineage["environment"] = .object(environment) }
        let parsedLineage: Lineage
        do {
            parsedLineage = try Lineage(json: lineage)
        } catch {
            throw MLflowError.invalid("Lineage tags (govledger.lineage.<key>): \(error.message)")
        }
        let version = try nextVersion(of: model, requested: requested)
        var commands: [GovernanceCommand] = [.registerVersion(model: model.slug, version: version, lineage: parsedLineage)]
        let kept = [("source", source), ("run_id", runID), ("run_link", runLink)]
        for (key, value) in kept {
            if let value, !value.isEmpty { commands.append(.setTag(model: model.slug, version: version, key: Self.internalTagPrefix + key, value: value)) }
        }
        for (key, value) in userTags { commands.append(.setTag(model: model.slug, version: version, key: key, value: value)) }
        if let description, !description.isEmpty { commands.append(.describe(model: model.slug, version: version, description: description)) }
        return (.sequence(commands), version)
    }
}

extension String {
    /// Whether two strings are equal ignoring ASCII case.
    func equalsIgnoringCase(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
