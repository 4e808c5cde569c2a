import Foundation
import Governance
import Hummingbird
import LedgerCore
import LedgerStore

/// The MLflow-compatible registry endpoints. Reads render the registry state; writes build a
/// ``GovernanceCommand`` and run it through ``GovernanceService`` as the authenticated
/// principal, so every policy rule applies and a refusal writes nothing.
struct MLflowHandlers: Sendable {
    let service: GovernanceService<SQLiteEventStore>
    let maxBodyBytes: Int

    func handle(_ endpoint: MLflowEndpoint, _ request: Request, as identity: APIIdentity) async throws -> Response {
        let parameters = try await MLflowRequest.read(request, maxBodyBytes: maxBodyBytes)
        let view = MLflowRegistryView(state: try await service.registry())
        switch endpoint {
        case .getRegisteredModel:
            let model = try view.requireModel(try parameters.string("name"))
            return respond(["registered_model": view.modelJSON(model)])
        case .searchRegisteredModels:
            return try searchModels(parameters, view)
        case .getLatestVersions, .getLatestVersionsByGet:
            let model = try view.requireModel(try parameters.string("name"))
            let stages = try parameters.strings("stages")
            for stage in stages { _ = try view.lifecycleStage(forMLflowStage: stage) }
            let versions = view.latestVersions(model, stages: stages.isEmpty ? nil : stages)
            return respond(["model_versions": .array(versions.map { view.versionJSON(model, $0) })])
        case .getByAlias:
            let model = try view.requireModel(try parameters.string("name"))
            let alias = try parameters.string("alias")
            guard let version = model.aliases[alias], let record = model.version(version) else {
                throw MLflowError.notFound("Registered model alias \(alias.prefix(80)) not found on \(model.name).")
            }
            return respond(["model_version": view.versionJSON(model, record)])
        case .getModelVersion:
            let model = try view.requireModel(try parameters.string("name"))
            let record = try view.requireVersion(model, try parameters.string("version"))
            return respond(["model_version": view.versionJSON(model, record)])
        case .searchModelVersions:
            return try searchVersions(parameters, view)
        case .getDownloadURI:
            let model = try view.requireModel(try parameters.string("name"))
            let record = try view.requireVersion(model, try parameters.string("version"))
            return respond(["artifact_uri": .string(record.tags[MLflowRegistryView.internalTagPrefix + "source"] ?? "")])
        case .createRegisteredModel:
            let name = try parameters.string("name")
            let command = try view.registerModel(name: name, tags: try parameters.tags(), description: try parameters.optionalString("description"), caller: identity.principal)
            try await execute(command, identity)
            return try await modelResponse("registered_model", named: name)
        case .renameRegisteredModel:
            let model = try view.requireModel(try parameters.string("name"))
            let newName = try parameters.string("new_name")
            try await execute(.rename(model: model.slug, to: newName), identity)
            return try await modelResponse("registered_model", named: newName)
        case .updateRegisteredModel:
            let model = try view.requireModel(try parameters.string("name"))
            if let description = try parameters.optionalString("description") {
                try await execute(.describe(model: model.slug, version: nil, description: description), identity)
            }
            return try await modelResponse("registered_model", named: model.name)
        case .deleteRegisteredModel:
            let model = try view.requireModel(try parameters.string("name"))
            throw MLflowError.invalidState("govledger never deletes a registered model: the ledger is append-only and keeps \(model.name)'s history for its retention period. Retire its versions instead (transition-stage to Archived, or delete a version, which archives it); docs/mlflow.md explains.")
        case .setRegisteredModelTag:
            let model = try view.requireModel(try parameters.string("name"))
            let key = try parameters.string("key")
            try MLflowRegistryView.checkUserTag(key)
            try await execute(.setTag(model: model.slug, version: nil, key: key, value: try parameters.optionalString("value") ?? ""), identity)
            return respond([:])
        case .deleteRegisteredModelTag:
            let model = try view.requireModel(try parameters.string("name"))
            let key = try parameters.string("key")
            try MLflowRegistryView.checkUserTag(key)
            try await execute(.deleteTag(model: model.slug, version: nil, key: key), identity)
            return respond([:])
        case .setAlias:
            let model = try view.requireModel(try parameters.string("name"))
            let alias = try parameters.string("alias")
            let record = try view.requireVersion(model, try parameters.string("version"))
            if let stage = view.mapping.aliases[alias], !identity.role.allows(.transition) {
                throw MLflowError.denied("The policy maps alias '\(alias)' to stage \(stage), so setting it is a stage transition; the role \(identity.role.rawValue) may not transition (docs/mlflow.md lists the roles).")
            }
            try await execute(.setAlias(model: model.slug, alias: alias, version: record.version), identity)
            return respond([:])
        case .deleteAlias:
            let model = try view.requireModel(try parameters.string("name"))
            try await execute(.deleteAlias(model: model.slug, alias: try parameters.string("alias")), identity)
            return respond([:])
        case .createModelVersion:
            let model = try view.requireModel(try parameters.string("name"))
            let (command, version) = try view.createVersion(
                of: model, tags: try parameters.tags(), source: try parameters.optionalString("source"), runID: try parameters.optionalString("run_id"),
                runLink: try parameters.optionalString("run_link"), description: try parameters.optionalString("description"))
            try await execute(command, identity)
            return try await versionResponse(model.slug, version)
        case .updateModelVersion:
            let model = try view.requireModel(try parameters.string("name"))
            let record = try view.requireVersion(model, try parameters.string("version"))
            if let description = try parameters.optionalString("description") {
                try await execute(.describe(model: model.slug, version: record.version, description: description), identity)
            }
            return try await versionResponse(model.slug, record.version)
        case .transitionStage:
            let model = try view.requireModel(try parameters.string("name"))
            let record = try view.requireVersion(model, try parameters.string("version"))
            let target = try view.lifecycleStage(forMLflowStage: try parameters.string("stage"))
            try await execute(.moveVersion(model: model.slug, version: record.version, to: target, reason: "MLflow transition-stage"), identity)
            return try await versionResponse(model.slug, record.version)
        case .deleteModelVersion:
            let model = try view.requireModel(try parameters.string("name"))
            let record = try view.requireVersion(model, try parameters.string("version"))
            try await execute(.moveVersion(model: model.slug, version: record.version, to: view.mapping.deleteVersionTo, reason: "MLflow delete-model-version"), identity)
            return respond([:])
        case .setModelVersionTag:
            let model = try view.requireModel(try parameters.string("name"))
            let record = try view.requireVersion(model, try parameters.string("version"))
            let key = try parameters.string("key")
            try MLflowRegistryView.checkUserTag(key)
            try await execute(.setTag(model: model.slug, version: record.version, key: key, value: try parameters.optionalString("value") ?? ""), identity)
            return respond([:])
        case .deleteModelVersionTag:
            let model = try view.requireModel(try parameters.string("name"))
            let record = try view.requireVersion(model, try parameters.string("version"))
            let key = try parameters.string("key")
            try MLflowRegistryView.checkUserTag(key)
            try await execute(.deleteTag(model: model.slug, version: record.version, key: key), identity)
            return respond([:])
        case .webhook:
            throw MLflowError(.notFound, "ENDPOINT_NOT_FOUND", "The webhook is served by its own handler.")
        }
    }

    private func respond(_ object: JSONObject) -> Response { JSONResponse.make(.object(object)) }

    private func execute(_ command: GovernanceCommand, _ identity: APIIdentity) async throws {
        do {
            try await service.execute(command, by: identity.principal)
        } catch let error as LedgerError {
            throw MLflowError(ledger: error)
        }
    }

    private func modelResponse(_ key: String, named name: String) async throws -> Response {
        let view = MLflowRegistryView(state: try await service.registry())
        return respond([key: view.modelJSON(try view.requireModel(name))])
    }

    private func versionResponse(_ slug: ModelSlug, _ version: SemanticVersion) async throws -> Response {
        let view = MLflowRegistryView(state: try await service.registry())
        guard let model = view.state.models[slug], let record = model.version(version) else {
            throw MLflowError.notFound("Model version \(slug) \(version) not found.")
        }
        return respond(["model_version": view.versionJSON(model, record)])
    }

    private func searchModels(_ parameters: MLflowRequest, _ view: MLflowRegistryView) throws -> Response {
        let filter = try MLflowFilter(try parameters.optionalString("filter"), keys: ["name"])
        let page = try MLflowPage(parameters, defaultLimit: 100, maxLimit: 1000)
        var models = view.state.modelsInOrder.filter { filter.matches(attributes: ["name": $0.name], tags: $0.tags) }
        models = try Self.order(
            models, by: try parameters.strings("order_by"), default: "name", allowed: ["name", "creation_timestamp", "timestamp", "last_updated_timestamp"]
        ) { model, key in
            switch key {
            case "name": .text(model.name)
            case "timestamp", "creation_timestamp": .number(model.registeredAt.millisecondsSinceEpoch)
            case "last_updated_timestamp": .number((model.lastUpdated ?? model.registeredAt).millisecondsSinceEpoch)
            default: nil
            }
        }
        let (items, next) = page.slice(models)
        var object: JSONObject = ["registered_models": .array(items.map { view.modelJSON($0) })]
        object["next_page_token"] = next.map { .string($0) }
        return respond(object)
    }

    private func searchVersions(_ parameters: MLflowRequest, _ view: MLflowRegistryView) throws -> Response {
        let filter = try MLflowFilter(try parameters.optionalString("filter"), keys: ["name", "run_id", "source_path", "version_number"])
        let page = try MLflowPage(parameters, defaultLimit: 10_000, maxLimit: 200_000)
        var rows: [(ModelRecord, VersionRecord, Int)] = []
        for model in view.state.modelsInOrder {
            for (index, version) in model.versions.enumerated() {
                let attributes = [
                    "name": model.name, "run_id": version.tags[MLflowRegistryView.internalTagPrefix + "run_id"] ?? "",
                    "source_path": version.tags[MLflowRegistryView.internalTagPrefix + "source"] ?? "", "version_number": String(index + 1),
                ]
                if filter.matches(attributes: attributes, tags: version.tags) { rows.append((model, version, index + 1)) }
            }
        }
        rows = try Self.order(
            rows, by: try parameters.strings("order_by"), default: "name",
            allowed: ["name", "version_number", "creation_timestamp", "timestamp", "last_updated_timestamp"]
        ) { row, key in
            switch key {
            case "name": .text(row.0.name)
            case "version_number": .number(Int64(row.2))
            case "timestamp", "creation_timestamp": .number(row.1.registeredAt.millisecondsSinceEpoch)
            case "last_updated_timestamp": .number((row.1.lastUpdated ?? row.1.registeredAt).millisecondsSinceEpoch)
            default: nil
            }
        }
        let (items, next) = page.slice(rows)
        var object: JSONObject = ["model_versions": .array(items.map { view.versionJSON($0.0, $0.1) })]
        object["next_page_token"] = next.map { .string($0) }
        return respond(object)
    }

    enum SortKey: Comparable {
        case text(String)
        case number(Int64)
    }

    /// Orders by `order_by` clauses (`name ASC`, `last_updated_timestamp DESC`…), stable.
    ///
    /// - Parameters:
    ///   - allowed: the `order_by` keys the search supports; another is refused naming it.
    ///   - value: the sort key of an item for an allowed key.
    static func order<T>(_ items: [T], by clauses: [String], default key: String, allowed: [String], _ value: (T, String) -> SortKey?) throws -> [T] {
        var keys: [(String, Bool)] = []
        for clause in clauses {
            let parts = clause.split(separator: " ").map(String.init)
            guard let first = parts.first, parts.count <= 2 else { throw MLflowError.invalid("Invalid order_by clause '\(clause.prefix(80))'.") }
            let name = first.lowercased().replacingOccurrences(of: "`", with: "")
            guard allowed.contains(name) else {
                throw MLflowError.invalid("Invalid order_by key '\(name.prefix(40))'; use \(allowed.joined(separator: ", ")).")
            }
            if parts.count == 2, !["ASC", "DESC"].contains(parts[1].uppercased()) {
                throw MLflowError.invalid("Invalid order_by clause '\(clause.prefix(80))': the direction is ASC or DESC.")
            }
            keys.append((name, parts.count == 2 && parts[1].uppercased() == "DESC"))
        }
        if keys.isEmpty { keys = [(key, false)] }
        return items.enumerated().sorted { a, b in
            for (name, descending) in keys {
                guard let x = value(a.element, name), let y = value(b.element, name), x != y else { continue }
                return descending ? x > y : x < y
            }
            return a.offset < b.offset
        }.map(\.element)
    }
}
