import Foundation
import Governance
import Hummingbird
import LedgerCore
import LedgerStore
import NIOCore

/// Receives MLflow (≥ 3.3) webhook deliveries at `POST /integrations/mlflow/webhook` and mirrors
/// the registry events they carry into the ledger, as the configured principal.
///
/// A delivery is accepted only when
/// - `X-MLflow-Signature` is `v1,<base64 HMAC-SHA256>` over `<delivery id>.<timestamp>.<body>`
///   under the shared secret (MLflow's `mlflow/webhooks/delivery.py`), compared in constant time;
/// - `X-MLflow-Timestamp` (Unix seconds) is within ``WebhookReceiver/tolerance`` of the clock;
/// - `X-MLflow-Delivery-Id` was not accepted before within that window (a replay gets 409).
///
/// The body is `{"entity", "action", "timestamp", "data"}`. Mirrored: `registered_model.created`,
/// `model_version.created`, `model_version_tag.set|deleted`, `model_version_alias.created|deleted`;
/// a model or version that already exists in the ledger is not registered twice. Other events
/// (prompts, budgets) are acknowledged with 202 and not recorded.
struct WebhookReceiver: Sendable {
    /// How far a delivery's timestamp may be from the clock, in seconds.
    static let tolerance: Int64 = 300

    let secret: [UInt8]?
    let actor: Principal
    let service: GovernanceService<SQLiteEventStore>
    let clock: LedgerClock
    let replays: ReplayGuard
    let maxBodyBytes: Int

    func handle(_ request: Request) async throws -> Response {
        guard let secret else {
            throw APIError(.serviceUnavailable, code: "webhook_not_configured", "The MLflow webhook is not configured: start the server with --mlflow-webhook-secret-file PATH or GOVLEDGER_MLFLOW_WEBHOOK_SECRET.")
        }
        func header(_ name: String) -> String? {
            request.headers.first { $0.name.canonicalName == name.lowercased() }?.value
        }
        guard let signature = header("X-MLflow-Signature"), let timestampText = header("X-MLflow-Timestamp"),
            let deliveryID = header("X-MLflow-Delivery-Id"), !deliveryID.isEmpty, deliveryID.utf8.count <= 200
        else {
            throw APIError.badRequest("A webhook delivery needs the headers X-MLflow-Signature, X-MLflow-Timestamp and X-MLflow-Delivery-Id; configure the MLflow webhook with a secret.")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: maxBodyBytes) } catch { throw APIError.tooLarge(maxBodyBytes) }
        let body = Array(buffer.readableBytesView)
        guard let timestamp = Int64(timestampText) else {
            throw APIError.badRequest("X-MLflow-Timestamp must be Unix seconds, such as 1735689600.")
        }
        guard Self.verify(signature: signature, deliveryID: deliveryID, timestamp: timestampText, body: body, secret: secret) else {
            throw APIError(.unauthorized, code: "webhook_signature_invalid", "The X-MLflow-Signature does not match the delivery: check that the webhook's secret is the one given to govledger serve.")
        }
        let now = clock.now().millisecondsSinceEpoch / 1000
        guard abs(now - timestamp) <= Self.tolerance else {
            throw APIError(.badRequest, code: "webhook_timestamp_stale", "The delivery's timestamp \(timestamp) is more than \(Self.tolerance) s from the server's clock (\(now)); a stale delivery is refused as a possible replay. Check both clocks.")
        }
        guard await replays.accept(deliveryID, at: now, window: Self.tolerance) else {
            throw APIError(.conflict, code: "webhook_replayed", "Delivery \(deliveryID.prefix(80)) was already accepted; a delivery is recorded once.")
        }
        let command: GovernanceCommand?
        do {
            command = try await self.command(for: body)
        } catch {
            await replays.forget(deliveryID)
            throw error
        }
        guard let command else { return JSONResponse.make(["entries": [], "mirrored": false], status: .accepted) }
        do {
            let written = try await service.execute(command, by: actor)
            return JSONResponse.make(["entries": .array(written.map { .object(RegistryJSON.summary($0)) }), "mirrored": true], status: .ok)
        } catch {
            await replays.forget(deliveryID)
            throw error
        }
    }

    /// Whether one of the space-separated `v1,<base64>` signatures is the HMAC of the delivery.
    static func verify(signature: String, deliveryID: String, timestamp: String, body: [UInt8], secret: [UInt8]) -> Bool {
        let signed = Array("\(deliveryID).\(timestamp).".utf8) + body
        let expected = HMACSHA256.authenticate(signed, key: secret)
        var matched = false
        for candidate in signature.split(separator: " ") {
            guard candidate.hasPrefix("v1,"), let presented = Base64.decode(String(candidate.dropFirst(3))) else { continue }
            if HMACSHA256.constantTimeEqual(presented, expected) { matched = true }
        }
        return matched
    }

    /// The signature MLflow sends for a delivery: `v1,` and the base64 HMAC.
    static func sign(deliveryID: String, timestamp: String, body: [UInt8], secret: [UInt8]) -> String {
        "v1," + Base64.encode(HMACSHA256.authenticate(Array("\(deliveryID).\(timestamp).".utf8) + body, key: secret))
    }

    /// The command mirroring a delivery; `nil` when there is nothing to record.
    private func command(for body: [UInt8]) async throws -> GovernanceCommand? {
        let value: JSONValue
        do { value = try JSONValue.parse(body) } catch { throw APIError.badRequest("The delivery body is not valid JSON: \(error.message)") }
        guard let entity = value["entity"]?.stringValue, let action = value["action"]?.stringValue, let data = value["data"]?.objectValue else {
            throw APIError.badRequest("A delivery body is {\"entity\", \"action\", \"timestamp\", \"data\"} as MLflow sends it.")
        }
        func field(_ key: String) throws -> String {
            guard let text = data[key]?.stringValue, !text.isEmpty else { throw APIError.badRequest("The \(entity).\(action) delivery's data needs '\(key)'.") }
            return text
        }
        let view = MLflowRegistryView(state: try await service.registry())
        let tags: [(key: String, value: String)] = (data["tags"]?.objectValue ?? JSONObject()).compactMap { member in
            member.value.stringValue.map { (member.key, $0) }
        }
        do {
            switch (entity, action) {
            case ("registered_model", "created"):
                let name = try field("name")
                if view.model(named: name) != nil { return nil }
                return try view.registerModel(name: name, tags: tags, description: data["description"]?.stringValue, caller: actor)
            case ("model_version", "created"):
                let model = try view.requireModel(try field("name"))
                let number = try field("version")
                guard let mlflowNumber = Int(number), mlflowNumber >= 1 else { throw APIError.badRequest("The version '\(number.prefix(20))' is not an MLflow version number.") }
                if mlflowNumber <= model.versions.count { return nil }
                guard mlflowNumber == model.versions.count + 1 else {
                    throw APIError(.unprocessableContent, code: "webhook_out_of_order", "MLflow version \(mlflowNumber) of \(model.name) arrived but the ledger has \(model.versions.count) versions: versions are mirrored in order, so deliver \(model.versions.count + 1) first (MLflow retries failed deliveries).")
                }
                return try view.createVersion(
                    of: model, tags: tags, source: data["source"]?.stringValue, runID: data["run_id"]?.stringValue, runLink: nil,
                    description: data["description"]?.stringValue).0
            case ("model_version_tag", "set"), ("model_version_tag", "deleted"):
                let model = try view.requireModel(try field("name"))
                let record = try view.requireVersion(model, try field("version"))
                let key = try field("key")
                try MLflowRegistryView.checkUserTag(key)
                return action == "set"
                    ? .setTag(model: model.slug, version: record.version, key: key, value: data["value"]?.stringValue ?? "")
                    : .deleteTag(model: model.slug, version: record.version, key: key)
            case ("model_version_alias", "created"):
                let model = try view.requireModel(try field("name"))
                let record = try view.requireVersion(model, try field("version"))
                return .setAlias(model: model.slug, alias: try field("alias"), version: record.version)
            case ("model_version_alias", "deleted"):
                let model = try view.requireModel(try field("name"))
                return .deleteAlias(model: model.slug, alias: try field("alias"))
            default:
                return nil
            }
        } catch let error as MLflowError {
            throw APIError(error.status == .notFound ? .unprocessableContent : error.status, code: error.code.lowercased(), error.message)
        }
    }
}

/// The delivery ids accepted within the timestamp window, so that a replayed delivery is refused.
/// Older ids are dropped: their timestamps are refused as stale anyway.
actor ReplayGuard {
    private var seen: [String: Int64] = [:]

    init() {}

    /// Records `id` and returns `true`, or `false` if it was already accepted.
    func accept(_ id: String, at now: Int64, window: Int64) -> Bool {
        seen = seen.filter { now - $0.value <= 2 * window }
        guard seen[id] == nil else { return false }
        seen[id] = now
        return true
    }

    /// Forgets `id`, for a delivery that was refused after its check, so MLflow may retry it.
    func forget(_ id: String) {
        seen[id] = nil
    }
}
