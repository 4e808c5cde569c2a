import Governance
import Hummingbird
import LedgerCore
import LedgerStore

/// The evidence and deployment routes: each reads the same document or fields as the matching
/// CLI command (`evidence bias|ab|explain`, `monitor`, `retraining record`, `costs record`,
/// `deploy start|advance|report|rollback`) into a ``GovernanceCommand`` and hands it to
/// ``GovernanceService``, which computes the metrics and judges them. Model and version come
/// from the path; the body never names them, nor the actor.
struct EvidenceHandlers: Sendable {
    let service: GovernanceService<SQLiteEventStore>
    let maxBodyBytes: Int

    func handle(_ endpoint: APIEndpoint, _ request: Request, _ context: LedgerRequestContext, as identity: APIIdentity) async throws -> Response {
        let command = try await self.command(for: endpoint, request, context)
        let written = try await service.execute(command, by: identity.principal)
        return JSONResponse.make(["entries": .array(written.map { .object(RegistryJSON.summary($0)) })], status: .created)
    }

    /// The body as an evidence document, with the model and version of the path added.
    private func document(_ request: Request, _ context: LedgerRequestContext, allowed: Set<String>?) async throws -> JSONObject {
        let buffer: [UInt8]
        do {
            buffer = Array(try await request.body.collect(upTo: maxBodyBytes).readableBytesView)
        } catch {
            throw APIError.tooLarge(maxBodyBytes)
        }
        // Every member is checked by the document reader; only the path's fields are refused here.
        var object = try RequestObject(bytes: buffer, allowed: allowed ?? Set(Self.memberNames(buffer))).object
        for key in ["model", "version"] where object[key] != nil {
            throw APIError.badRequest("Unknown field '\(key)': the model and the version are taken from the path.")
        }
        object["model"] = .string(try Path.model(context).rawValue)
        object["version"] = .string(try Path.version(context).description)
        return object
    }

    /// The member names of a JSON object body (an invalid body yields none, and is refused by the parser).
    private static func memberNames(_ bytes: [UInt8]) -> [String] {
        guard let value = try? JSONValue.parse(bytes), case .object(let object) = value else { return [] }
        return object.map(\.key)
    }

    private func command(for endpoint: APIEndpoint, _ request: Request, _ context: LedgerRequestContext) async throws -> GovernanceCommand {
        switch endpoint {
        case .recordBiasTest:
            return try EvidenceDocument.bias(try await document(request, context, allowed: ["attribute", "reference", "groups", "note"]))
        case .recordABTest:
            return try EvidenceDocument.abTest(try await document(request, context, allowed: ["metric", "arms"]))
        case .recordExplainability:
            return try EvidenceDocument.explainability(try await document(request, context, allowed: ["method", "global", "local", "counterfactuals", "scores"]))
        case .recordSnapshot:
            return try EvidenceDocument.snapshot(try await document(request, context, allowed: nil))
        case .recordRetraining:
            let body = try await RequestBody.object(request, maxBodyBytes: maxBodyBytes, allowed: ["outcome", "version", "reason", "costUSD", "durationHours", "promotionCostUSD"])
            guard let outcome = RetrainingCompleted.Outcome(rawValue: try body.string("outcome")) else {
                throw APIError.badRequest("Field 'outcome' must be promoted, kept or failed.")
            }
            let cost = try body.number("costUSD")
            let duration = try body.number("durationHours")
            let promotionCost = try body.optionalNumber("promotionCostUSD")
            for (name, value) in [("costUSD", cost), ("durationHours", duration), ("promotionCostUSD", promotionCost ?? 0)] where value < 0 {
                throw APIError.badRequest("Field '\(name)' must be a number of 0 or more.")
            }
            let reason = try body.optionalString("reason")
            let versionText = try body.optionalString("version")
            if outcome == .failed, reason == nil { throw APIError.badRequest("A failed run needs 'reason'.") }
            if outcome != .failed, versionText == nil { throw APIError.badRequest("A \(outcome) run needs 'version', the retrained version.") }
            let version = try versionText.map { text in try Self.version(text) }
            return .recordRetraining(
                model: try Path.model(context), version: version, outcome: outcome, reason: reason, costUSD: cost, durationHours: duration,
                promotionCostUSD: promotionCost)
        case .recordCost:
            let body = try await RequestBody.object(request, maxBodyBytes: maxBodyBytes, allowed: ["period", "category", "amountUSD", "onDemandUSD", "note"])
            guard let category = CostRecorded.Category(rawValue: try body.string("category")) else {
                throw APIError.badRequest("Field 'category' must be training, inference or storage.")
            }
            let amount = try body.number("amountUSD")
            guard amount >= 0 else { throw APIError.badRequest("Field 'amountUSD' must be a number of 0 or more.") }
            let onDemand = try body.optionalNumber("onDemandUSD")
            if let onDemand, onDemand < 0 { throw APIError.badRequest("Field 'onDemandUSD' must be a number of 0 or more.") }
            return .recordCost(
                model: try Path.model(context), period: try body.string("period"), category: category, amountUSD: amount, onDemandUSD: onDemand,
                note: try body.optionalString("note"))
        case .startDeployment:
            let body = try await RequestBody.object(request, maxBodyBytes: maxBodyBytes, allowed: ["version", "strategy", "steps", "split", "environment"])
            var strategy: DeploymentPolicy.Strategy?
            if let text = try body.optionalString("strategy") {
                guard let parsed = DeploymentPolicy.Strategy(rawValue: text) else {
                    throw APIError.badRequest("Field 'strategy' must be canary, blue_green, shadow or ab_test.")
                }
                strategy = parsed
            }
            var steps: [Double]?
            if let value = body.object["steps"], value != .null {
                guard let list = value.arrayValue, !list.isEmpty, list.allSatisfy({ $0.numberValue?.isFinite == true }) else {
                    throw APIError.badRequest("Field 'steps' must be a non-empty list of traffic shares such as [0.1, 0.25, 0.5, 1].")
                }
                steps = list.map { $0.numberValue! }
            }
            if let split = try body.optionalNumber("split") { steps = [split] }
            if strategy == nil {
                let (state, _) = try await service.state(models: [])
                strategy = state.policy?.policy.deployment.strategy ?? .canary
            }
            return .startDeployment(
                model: try Path.model(context), version: try Self.version(try body.string("version")), strategy: strategy!, steps: steps,
                environment: try body.string("environment"))
        case .advanceDeployment:
            _ = try await RequestBody.optionalObject(request, maxBodyBytes: maxBodyBytes, allowed: [])
            return .advanceDeployment(model: try Path.model(context))
        case .reportDeployment:
            let body = try await RequestBody.object(request, maxBodyBytes: maxBodyBytes, allowed: ["errorRate", "accuracyDrop", "agreementRate"])
            let errorRate = try body.number("errorRate")
            let accuracyDrop = try body.number("accuracyDrop")
            let agreement = try body.optionalNumber("agreementRate")
            guard errorRate >= 0, errorRate <= 1 else { throw APIError.badRequest("Field 'errorRate' must be a rate from 0 to 1.") }
            guard accuracyDrop >= -1, accuracyDrop <= 1 else { throw APIError.badRequest("Field 'accuracyDrop' must be a number from -1 to 1.") }
            if let agreement, !(agreement >= 0 && agreement <= 1) { throw APIError.badRequest("Field 'agreementRate' must be a rate from 0 to 1.") }
            return .reportDeployment(model: try Path.model(context), errorRate: errorRate, accuracyDrop: accuracyDrop, agreementRate: agreement)
        case .rollbackDeployment:
            let body = try await RequestBody.object(request, maxBodyBytes: maxBodyBytes, allowed: ["reason"])
            return .rollbackDeployment(model: try Path.model(context), reason: try body.string("reason"))
        default:
            throw APIError.notFound("No evidence command is served at this path.")
        }
    }

    private static func version(_ text: String) throws -> SemanticVersion {
        do { return try SemanticVersion.parse(text) } catch { throw APIError.badRequest("Field 'version': \(error.message)") }
    }
}
