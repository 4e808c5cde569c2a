import Foundation
import Governance
import HTTPTypes
import HummingbirdTesting
import LedgerCore
import LedgerServer
import LedgerStore
import NIOCore
import Testing

@Suite struct MLflowWebhookTests {
    static let secret = Array("whsec-test-secret".utf8)

    /// The headers MLflow sends: delivery id, Unix timestamp and `v1,<base64 HMAC>` over `id.timestamp.body`.
    static func headers(_ body: String, id: String = UUID().uuidString, timestamp: Int64 = Int64(Date().timeIntervalSince1970), secret: [UInt8] = secret) -> HTTPFields {
        let signed = Array("\(id).\(timestamp).\(body)".utf8)
        let signature = "v1," + Base64.encode(HMACSHA256.authenticate(signed, key: secret))
        return [
            .contentType: "application/json", HTTPField.Name("X-MLflow-Delivery-Id")!: id,
            HTTPField.Name("X-MLflow-Timestamp")!: String(timestamp), HTTPField.Name("X-MLflow-Signature")!: signature,
        ]
    }

    static func delivery(_ entity: String, _ action: String, _ data: String) -> String {
        #"{"entity": "\#(entity)", "action": "\#(action)", "timestamp": "2026-01-01T00:00:00+00:00", "data": \#(data)}"#
    }

    func configured() async throws -> ServerFixture {
        var fixture = try await ServerFixture()
        fixture.configuration.mlflowWebhookSecret = Self.secret
        return fixture
    }

    @Test func aSignedDeliveryIsMirroredAsTheWebhookPrincipal() async throws {
        let fixture = try await configured()
        let created = Self.delivery("registered_model", "created", #"{"name": "churn-model", "tags": {"govledger.tier": "4", "team": "growth"}, "description": "Churn"}"#)
        let version = Self.delivery("model_version", "created", #"{"name": "churn-model", "version": "1", "source": "s3://m/1", "run_id": "r1", "tags": {"govledger.lineage.datasetSHA256": "\#(String(repeating: "a", count: 64))", "govledger.lineage.artifactSHA256": "\#(String(repeating: "b", count: 64))"}, "description": null}"#)
        let tag = Self.delivery("model_version_tag", "set", #"{"name": "churn-model", "version": "1", "key": "qa", "value": "ok"}"#)
        try await fixture.test { client in
            for body in [created, version, tag] {
                let response = try await client.execute(uri: "/integrations/mlflow/webhook", method: .post, headers: Self.headers(body), body: ByteBuffer(string: body))
                #expect(response.status == .ok, "\(response.text)")
            }
            // A model already in the ledger is not registered twice
            let repeated = try await client.execute(uri: "/integrations/mlflow/webhook", method: .post, headers: Self.headers(created), body: ByteBuffer(string: created))
            #expect(repeated.status == .accepted)
            let prompt = Self.delivery("prompt", "created", #"{"name": "p", "tags": {}}"#)
            let ignored = try await client.execute(uri: "/integrations/mlflow/webhook", method: .post, headers: Self.headers(prompt), body: ByteBuffer(string: prompt))
            #expect(ignored.status == .accepted)
        }
        let entries = try fixture.store.entriesNow(EntryQuery(stream: StreamName(rawValue: "model/churn-model")!))
        #expect(entries.allSatisfy { $0.header.actor.rawValue == "mlflow-webhook" })
        #expect(entries.map(\.header.type.rawValue) == [
            "model.registered", "model.description.set", "model.tag.set", "model.version.registered", "model.tag.set", "model.tag.set", "model.tag.set",
        ])
    }

    @Test func badSignatureStaleTimestampAndReplayAreRefused() async throws {
        let fixture = try await configured()
        let body = Self.delivery("registered_model", "created", #"{"name": "churn-model", "tags": {"govledger.tier": "4"}}"#)
        try await fixture.test { client in
            let forged = try await client.execute(uri: "/integrations/mlflow/webhook", method: .post, headers: Self.headers(body, secret: Array("other".utf8)), body: ByteBuffer(string: body))
            #expect(forged.status == .unauthorized)
            #expect(forged.errorCode == "webhook_signature_invalid")

            var tampered = Self.headers(body)
            let other = body.replacingOccurrences(of: "churn-model", with: "evil-model")
            let altered = try await client.execute(uri: "/integrations/mlflow/webhook", method: .post, headers: tampered, body: ByteBuffer(string: other))
            #expect(altered.status == .unauthorized)
            tampered[HTTPField.Name("X-MLflow-Signature")!] = "v1,not-base64!"
            let garbage = try await client.execute(uri: "/integrations/mlflow/webhook", method: .post, headers: tampered, body: ByteBuffer(string: body))
            #expect(garbage.status == .unauthorized)

            let stale = try await client.execute(uri: "/integrations/mlflow/webhook", method: .post,
                headers: Self.headers(body, timestamp: Int64(Date().timeIntervalSince1970) - 3600), body: ByteBuffer(string: body))
            #expect(stale.status == .badRequest)
            #expect(stale.errorCode == "webhook_timestamp_stale")

            var unsigned = Self.headers(body)
            unsigned[HTTPField.Name("X-MLflow-Signature")!] = nil
            let missing = try await client.execute(uri: "/integrations/mlflow/webhook", method: .post, headers: unsigned, body: ByteBuffer(string: body))
            #expect(missing.status == .badRequest)
            #expect(try fixture.entryCount() == 1)

            let headers = Self.headers(body, id: "delivery-1")
            let first = try await client.execute(uri: "/integrations/mlflow/webhook", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(first.status == .ok, "\(first.text)")
            let replay = try await client.execute(uri: "/integrations/mlflow/webhook", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(replay.status == .conflict)
            #expect(replay.errorCode == "webhook_replayed")
        }
        #expect(try fixture.entryCount() == 2)
    }

    @Test func aPromotionAliasWithoutApprovalsIsRefusedAndWithoutASecretTheWebhookIsOff() async throws {
        let fixture = try await configured()
        let model = Self.delivery("registered_model", "created", #"{"name": "churn-model", "tags": {"govledger.tier": "4"}}"#)
        let version = Self.delivery("model_version", "created", #"{"name": "churn-model", "version": "1", "source": "s3://m/1", "tags": {"govledger.lineage.datasetSHA256": "\#(String(repeating: "a", count: 64))", "govledger.lineage.artifactSHA256": "\#(String(repeating: "b", count: 64))"}}"#)
        let alias = Self.delivery("model_version_alias", "created", #"{"name": "churn-model", "alias": "champion", "version": "1"}"#)
        try await fixture.test { client in
            for body in [model, version] {
                let response = try await client.execute(uri: "/integrations/mlflow/webhook", method: .post, headers: Self.headers(body), body: ByteBuffer(string: body))
                #expect(response.status == .ok, "\(response.text)")
            }
            let count = try fixture.entryCount()
            let refused = try await client.execute(uri: "/integrations/mlflow/webhook", method: .post, headers: Self.headers(alias), body: ByteBuffer(string: alias))
            #expect(refused.status == .unprocessableContent, "\(refused.text)")
            #expect(refused.errorCode == "rule_violation")
            #expect(try fixture.entryCount() == count)
        }
        let plain = try await ServerFixture()
        try await plain.test { client in
            let response = try await client.execute(uri: "/integrations/mlflow/webhook", method: .post, headers: Self.headers(model), body: ByteBuffer(string: model))
            #expect(response.status == .serviceUnavailable)
        }
    }
}
