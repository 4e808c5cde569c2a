import LedgerCore

/// Rules of the registry annotations (tags, aliases, descriptions, names) and of OpenLineage events.
extension RuleCheck {
    static let maxTagKeyBytes = 250
    static let maxTagValueBytes = 5000
    static let maxDescriptionBytes = 5000
    static let maxNameBytes = 256

    private func annotated(_ slug: ModelSlug, _ version: SemanticVersion?) throws(GovernanceRejection) -> (ModelRecord, VersionRecord?) {
        let model = try model(slug)
        guard let version else { return (model, nil) }
        return (model, try self.version(version, of: model))
    }

    private func checkKey(_ key: String) throws(GovernanceRejection) {
        guard !key.isEmpty, key.utf8.count <= Self.maxTagKeyBytes else {
            throw fail(.annotation, "a tag key has 1 to \(Self.maxTagKeyBytes) bytes; this one has \(key.utf8.count)")
        }
    }

    func check(_ e: ModelTagSet) throws(GovernanceRejection) {
        _ = try annotated(e.model, e.version)
        try checkKey(e.key)
        guard e.value.utf8.count <= Self.maxTagValueBytes else {
            throw fail(.annotation, "a tag value has at most \(Self.maxTagValueBytes) bytes; this one has \(e.value.utf8.count)")
        }
    }

    func check(_ e: ModelTagDeleted) throws(GovernanceRejection) {
        let (model, version) = try annotated(e.model, e.version)
        let tags = version?.tags ?? model.tags
        guard tags[e.key] != nil else {
            throw fail(.annotation, "no tag '\(e.key.prefix(80))' is set on \(model.slug)\(version.map { " \($0.version)" } ?? ""); the tags are \(tags.keys.sorted().joined(separator: ", ").isEmpty ? "none" : tags.keys.sorted().joined(separator: ", "))")
        }
    }

    func check(_ e: ModelDescriptionSet) throws(GovernanceRejection) {
        _ = try annotated(e.model, e.version)
        guard e.description.utf8.count <= Self.maxDescriptionBytes else {
            throw fail(.annotation, "a description has at most \(Self.maxDescriptionBytes) bytes; this one has \(e.description.utf8.count)")
        }
    }

    func check(_ e: ModelAliasSet) throws(GovernanceRejection) {
        let (model, record) = try annotated(e.model, e.version)
        guard MLflowPolicy.isValidAlias(e.alias) else {
            throw fail(.alias, "'\(e.alias.prefix(80))' is not a valid alias: use letters, digits, '_' and '-' (at most 255), not 'latest' nor 'v' followed by digits")
        }
        guard let record, record.stage != .archived else {
            throw fail(.alias, "\(model.slug) \(e.version) is archived; an alias points at a live version")
        }
        if let stage = policy.mlflow.aliases[e.alias], record.stage != stage {
            throw fail(.aliasStage, "the policy maps alias '\(e.alias)' to stage \(stage), but \(model.slug) \(e.version) is \(record.stage); move it to \(stage) first (its guards apply), or use another alias")
        }
    }

    func check(_ e: ModelAliasDeleted) throws(GovernanceRejection) {
        let model = try model(e.model)
        guard model.aliases[e.alias] != nil else {
            throw fail(.alias, "no alias '\(e.alias.prefix(80))' is set on \(model.slug); the aliases are \(model.aliases.keys.sorted().joined(separator: ", ").isEmpty ? "none" : model.aliases.keys.sorted().joined(separator: ", "))")
        }
    }

    func check(_ e: ModelRenamed) throws(GovernanceRejection) {
        let model = try model(e.model)
        guard e.from == model.name else {
            throw fail(.modelName, "it renames from \"\(e.from.prefix(80))\", but the model is named \"\(model.name)\"")
        }
        guard let first = e.to.unicodeScalars.first, let last = e.to.unicodeScalars.last,
            !first.properties.isWhitespace, !last.properties.isWhitespace, e.to.utf8.count <= Self.maxNameBytes,
            !e.to.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw fail(.modelName, "a model name has 1 to \(Self.maxNameBytes) bytes, no control characters and no leading or trailing space")
        }
        if let other = state.models.values.first(where: { $0.slug != model.slug && ($0.name == e.to || $0.slug.rawValue == e.to) }) {
            throw fail(.modelName, "\"\(e.to.prefix(80))\" is already the name or slug of model \(other.slug); choose another name")
        }
    }

    func check(_ e: OpenLineageRecorded) throws(GovernanceRejection) {
        switch (e.model, e.version) {
        case (let slug?, let version?):
            let model = try model(slug)
            _ = try self.version(version, of: model)
            guard e.kind != .dataset else {
                throw fail(.openLineageLink, "a DatasetEvent is not linked to a model version; record it on its namespace's stream")
            }
        case (nil, nil):
            return
        default:
            throw fail(.openLineageLink, "a linked event names both the model and the version")
        }
    }
}
