import Foundation
import Governance
import HTTPTypes
import HummingbirdTesting
import LedgerCore
import LedgerServer
import LedgerStore
import Testing

@Suite struct MLflowRouteTests {
    typealias M = MLflow

    @Test func registeredModelsCreateGetSearchRenameDescribeAndTag() async throws {
        let fixture = try await ServerFixture()
        let scientist = fixture.tokens[.dataScientist]!
        let auditor = fixture.tokens[.auditor]!
        try await fixture.test { client in
            let created = try await client.send(.post, M.prefix + "/registered-models/create", token: scientist,
                json: #"{"name": "churn-model", "description": "Predicts churn", "tags": [{"key": "govledger.tier", "value": "4"}, {"key": "team", "value": "growth"}]}"#)
            #expect(created.status == .ok, "\(created.text)")
            let model = try #require(try created.json()["registered_model"])
            #expect(model["name"]?.stringValue == "churn-model")
            #expect(model["description"]?.stringValue == "Predicts churn")
            #expect((model["creation_timestamp"]?.intValue ?? 0) > 1_700_000_000_000)
            let tags = model["tags"]?.arrayValue ?? []
            #expect(tags.contains(["key": "team", "value": "growth"]))
            #expect(tags.contains(["key": "govledger.tier", "value": "4"]))
            #expect(model["latest_versions"]?.arrayValue == [])

            // Three entries in one append, all by the caller
            let entries = try fixture.store.entriesNow(EntryQuery(fromSeq: 1))
            #expect(entries.map(\.header.type.rawValue) == ["model.registered", "model.description.set", "model.tag.set"])
            #expect(entries.allSatisfy { $0.header.actor == ServerFixture.principal(.dataScientist) })

            let again = try await client.send(.post, M.prefix + "/registered-models/create", token: scientist, json: #"{"name": "churn-model"}"#)
            #expect(again.status == .badRequest)
            #expect(again.mlflowCode == "RESOURCE_ALREADY_EXISTS")

            for name in ["fraud-model", "pricing-model"] {
                let other = try await client.send(.post, M.prefix + "/registered-models/create", token: scientist, json: #"{"name": "\#(name)"}"#)
                #expect(other.status == .ok, "\(other.text)")
            }
            // The client's own prompt filter keeps every model; LIKE and = filter by name
            let all = try await client.send(.get, M.get("/registered-models/search", [("filter", "tag.`mlflow.prompt.is_prompt` != 'true'")]), token: auditor)
            #expect(all.status == .ok, "\(all.text)")
            #expect(try all.json()["registered_models"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["churn-model", "fraud-model", "pricing-model"])
            let like = try await client.send(.get, M.get("/registered-models/search", [("filter", "name LIKE '%ra%'")]), token: auditor)
            #expect(try like.json()["registered_models"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["fraud-model"])
            // Form encoding, as Python's requests sends it: '+' is a space
            let plus = try await client.send(.get, M.prefix + "/registered-models/search?filter=name+LIKE+%27%25ra%25%27&max_results=10", token: auditor)
            #expect(try plus.json()["registered_models"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["fraud-model"], "\(plus.text)")
            let exact = try await client.send(.get, M.get("/registered-models/search", [("filter", "name='pricing-model' AND tag.team != 'x'")]), token: auditor)
            #expect(try exact.json()["registered_models"]?.arrayValue?.count == 1)
            let byTag = try await client.send(.get, M.get("/registered-models/search", [("filter", "tags.team = 'growth'")]), token: auditor)
            #expect(try byTag.json()["registered_models"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["churn-model"])

            // Pagination
            let first = try await client.send(.get, M.get("/registered-models/search", [("max_results", "2"), ("order_by", "name DESC")]), token: auditor)
            let firstPage = try first.json()
            #expect(firstPage["registered_models"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["pricing-model", "fraud-model"])
            let token = try #require(firstPage["next_page_token"]?.stringValue)
            let second = try await client.send(.get, M.get("/registered-models/search", [("max_results", "2"), ("order_by", "name DESC"), ("page_token", token)]), token: auditor)
            #expect(try second.json()["registered_models"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["churn-model"])
            #expect(try second.json()["next_page_token"] == nil)

            let badFilter = try await client.send(.get, M.get("/registered-models/search", [("filter", "owner = 'x'")]), token: auditor)
            #expect(badFilter.status == .badRequest)
            #expect(badFilter.mlflowCode == "INVALID_PARAMETER_VALUE")
            #expect(badFilter.mlflowMessage.contains("'owner' is not a searchable key"))
            let badOrder = try await client.send(.get, M.get("/registered-models/search", [("order_by", "owner DESC")]), token: auditor)
            #expect(badOrder.mlflowCode == "INVALID_PARAMETER_VALUE")
            #expect(badOrder.mlflowMessage.contains("'owner'"))
            let badPage = try await client.send(.get, M.get("/registered-models/search", [("max_results", "0")]), token: auditor)
            #expect(badPage.mlflowCode == "INVALID_PARAMETER_VALUE")

            // Rename: the slug and the history stay, the old name is gone
            let renamed = try await client.send(.post, M.prefix + "/registered-models/rename", token: scientist, json: #"{"name": "churn-model", "new_name": "churn-model-eu"}"#)
            #expect(renamed.status == .ok, "\(renamed.text)")
            #expect(try renamed.json()["registered_model"]?["name"]?.stringValue == "churn-model-eu")
            let old = try await client.send(.get, M.get("/registered-models/get", [("name", "churn-model-eu")]), token: auditor)
            #expect(old.status == .ok)
            let clash = try await client.send(.post, M.prefix + "/registered-models/rename", token: scientist, json: #"{"name": "churn-model-eu", "new_name": "fraud-model"}"#)
            #expect(clash.mlflowCode == "RESOURCE_ALREADY_EXISTS", "\(clash.text)")
            let missing = try await client.send(.get, M.get("/registered-models/get", [("name", "nope")]), token: auditor)
            #expect(missing.status == .notFound)
            #expect(missing.mlflowCode == "RESOURCE_DOES_NOT_EXIST")

            let updated = try await client.send(.patch, M.prefix + "/registered-models/update", token: scientist, json: #"{"name": "churn-model-eu", "description": "EU churn"}"#)
            #expect(try updated.json()["registered_model"]?["description"]?.stringValue == "EU churn")

            let tagged = try await client.send(.post, M.prefix + "/registered-models/set-tag", token: scientist, json: #"{"name": "fraud-model", "key": "owner", "value": "risk"}"#)
            #expect(tagged.status == .ok, "\(tagged.text)")
            let reserved = try await client.send(.post, M.prefix + "/registered-models/set-tag", token: scientist, json: #"{"name": "fraud-model", "key": "govledger.tier", "value": "1"}"#)
            #expect(reserved.mlflowCode == "INVALID_PARAMETER_VALUE")
            let untagged = try await client.send(.delete, M.prefix + "/registered-models/delete-tag", token: scientist, json: #"{"name": "fraud-model", "key": "owner"}"#)
            #expect(untagged.status == .ok)
            let untaggedAgain = try await client.send(.delete, M.prefix + "/registered-models/delete-tag", token: scientist, json: #"{"name": "fraud-model", "key": "owner"}"#)
            #expect(untaggedAgain.status == .notFound, "\(untaggedAgain.text)")
            #expect(untaggedAgain.mlflowCode == "RESOURCE_DOES_NOT_EXIST")

            // A ledger never deletes: refused, nothing written
            let count = try fixture.entryCount()
            let deleted = try await client.send(.delete, M.prefix + "/registered-models/delete", token: scientist, json: #"{"name": "fraud-model"}"#)
            #expect(deleted.status == .badRequest)
            #expect(deleted.mlflowCode == "INVALID_STATE")
            #expect(deleted.mlflowMessage.contains("never deletes"))
            #expect(try fixture.entryCount() == count)
        }
        let history = try fixture.store.entriesNow(EntryQuery(stream: StreamName(rawValue: "model/churn-model")!))
        #expect(history.map(\.header.type.rawValue).contains("model.renamed"))
    }

    @Test func modelVersionsCreateGetSearchTagTransitionAndDownloadURI() async throws {
        let fixture = try await ServerFixture()
        let scientist = fixture.tokens[.dataScientist]!
        let engineer = fixture.tokens[.mlEngineer]!
        let auditor = fixture.tokens[.auditor]!
        try await fixture.test { client in
            _ = try await client.send(.post, M.prefix + "/registered-models/create", token: scientist, json: #"{"name": "churn-model", "tags": [{"key": "govledger.tier", "value": "4"}]}"#)
            // Without the lineage the tier needs: refused by rule, nothing written
            let count = try fixture.entryCount()
            let thin = try await client.send(.post, M.prefix + "/model-versions/create", token: scientist, json: #"{"name": "churn-model", "source": "s3://m/1"}"#)
            #expect(thin.status == .badRequest)
            #expect(thin.mlflowCode == "INVALID_PARAMETER_VALUE")
            #expect(thin.mlflowMessage.contains("refused by rule lineage"))
            #expect(thin.mlflowMessage.contains("govledger.lineage."))
            #expect(try fixture.entryCount() == count)

            let created = try await client.send(.post, M.prefix + "/model-versions/create", token: scientist,
                json: #"{"name": "churn-model", "source": "s3://m/1", "run_id": "abc123", "description": "first", "tags": [\#(M.lineageTags), {"key": "stage-note", "value": "ok"}]}"#)
            #expect(created.status == .ok, "\(created.text)")
            let version = try #require(try created.json()["model_version"])
            #expect(version["version"]?.stringValue == "1")
            #expect(version["status"]?.stringValue == "READY")
            #expect(version["current_stage"]?.stringValue == "None")
            #expect(version["source"]?.stringValue == "s3://m/1")
            #expect(version["run_id"]?.stringValue == "abc123")
            #expect(version["description"]?.stringValue == "first")
            let tags = version["tags"]?.arrayValue ?? []
            #expect(tags.contains(["key": "govledger.version", "value": "1.0.0"]))
            #expect(tags.contains(["key": "stage-note", "value": "ok"]))
            #expect(!tags.contains { $0["key"]?.stringValue?.hasPrefix("govledger.mlflow.") == true })

            let second = try await client.send(.post, M.prefix + "/model-versions/create", token: scientist, json: #"{"name": "churn-model", "source": "s3://m/2", "tags": [\#(M.lineageTags)]}"#)
            #expect(try second.json()["model_version"]?["version"]?.stringValue == "2")
            #expect(try second.json()["model_version"]?["tags"]?.arrayValue?.contains(["key": "govledger.version", "value": "1.1.0"]) == true)

            let got = try await client.send(.get, M.get("/model-versions/get", [("name", "churn-model"), ("version", "1")]), token: auditor)
            #expect(try got.json()["model_version"]?["source"]?.stringValue == "s3://m/1")
            let none = try await client.send(.get, M.get("/model-versions/get", [("name", "churn-model"), ("version", "9")]), token: auditor)
            #expect(none.mlflowCode == "RESOURCE_DOES_NOT_EXIST")

            let search = try await client.send(.get, M.get("/model-versions/search", [("filter", "name='churn-model'")]), token: auditor)
            #expect(try search.json()["model_versions"]?.arrayValue?.count == 2)
            let byRun = try await client.send(.get, M.get("/model-versions/search", [("filter", "run_id = 'abc123'")]), token: auditor)
            #expect(try byRun.json()["model_versions"]?.arrayValue?.compactMap { $0["version"]?.stringValue } == ["1"])

            let uri = try await client.send(.get, M.get("/model-versions/get-download-uri", [("name", "churn-model"), ("version", "2")]), token: auditor)
            #expect(try uri.json()["artifact_uri"]?.stringValue == "s3://m/2")

            let tag = try await client.send(.post, M.prefix + "/model-versions/set-tag", token: scientist, json: #"{"name": "churn-model", "version": "1", "key": "qa", "value": "passed"}"#)
            #expect(tag.status == .ok)
            let untag = try await client.send(.delete, M.prefix + "/model-versions/delete-tag", token: scientist, json: #"{"name": "churn-model", "version": "1", "key": "qa"}"#)
            #expect(untag.status == .ok)
            let described = try await client.send(.patch, M.prefix + "/model-versions/update", token: scientist, json: #"{"name": "churn-model", "version": "1", "description": "baseline"}"#)
            #expect(try described.json()["model_version"]?["description"]?.stringValue == "baseline")

            // A data scientist may not transition; an engineer may
            let denied = try await client.send(.post, M.prefix + "/model-versions/transition-stage", token: scientist, json: #"{"name": "churn-model", "version": "1", "stage": "Staging", "archive_existing_versions": false}"#)
            #expect(denied.status == .forbidden)
            #expect(denied.mlflowCode == "PERMISSION_DENIED")
            let staged = try await client.send(.post, M.prefix + "/model-versions/transition-stage", token: engineer, json: #"{"name": "churn-model", "version": "1", "stage": "staging", "archive_existing_versions": false}"#)
            #expect(staged.status == .ok, "\(staged.text)")
            #expect(try staged.json()["model_version"]?["current_stage"]?.stringValue == "Staging")
            let badStage = try await client.send(.post, M.prefix + "/model-versions/transition-stage", token: engineer, json: #"{"name": "churn-model", "version": "1", "stage": "Live"}"#)
            #expect(badStage.mlflowCode == "INVALID_PARAMETER_VALUE")

            let latest = try await client.send(.post, M.prefix + "/registered-models/get-latest-versions", token: auditor, json: #"{"name": "churn-model", "stages": ["Staging"]}"#)
            #expect(try latest.json()["model_versions"]?.arrayValue?.compactMap { $0["version"]?.stringValue } == ["1"])
            let allLatest = try await client.send(.post, M.prefix + "/registered-models/get-latest-versions", token: auditor, json: #"{"name": "churn-model"}"#)
            #expect(try allLatest.json()["model_versions"]?.arrayValue?.compactMap { $0["version"]?.stringValue } == ["1", "2"])

            // Deleting a development version would archive it, which the lifecycle does not allow
            // from there (a move never passes through production on its way)
            let count2 = try fixture.entryCount()
            let delete = try await client.send(.delete, M.prefix + "/model-versions/delete", token: engineer, json: #"{"name": "churn-model", "version": "2"}"#)
            #expect(delete.status == .badRequest)
            #expect(delete.mlflowCode == "INVALID_STATE")
            #expect(delete.mlflowMessage.contains("refused by rule lifecycle"))
            #expect(try fixture.entryCount() == count2)
        }
    }

    @Test func promotionToProductionIsRefusedUntilTheRulesAreMet() async throws {
        let fixture = try await ServerFixture()
        let scientist = fixture.tokens[.dataScientist]!
        let engineer = fixture.tokens[.mlEngineer]!
        try await fixture.test { client in
            try await M.registerModelAndVersion(client, scientist)
            let staged = try await client.send(.post, M.prefix + "/model-versions/transition-stage", token: engineer, json: #"{"name": "churn-model", "version": "1", "stage": "Staging"}"#)
            #expect(staged.status == .ok, "\(staged.text)")
            let count = try fixture.entryCount()

            let refused = try await client.send(.post, M.prefix + "/model-versions/transition-stage", token: engineer, json: #"{"name": "churn-model", "version": "1", "stage": "Production"}"#)
            #expect(refused.status == .badRequest, "\(refused.text)")
            #expect(refused.mlflowCode == "INVALID_STATE")
            #expect(refused.mlflowMessage.contains("staging → approved refused by rule validation"))
            #expect(refused.mlflowMessage.contains("govledger"))
            let alias = try await client.send(.post, M.prefix + "/registered-models/alias", token: engineer, json: #"{"name": "churn-model", "alias": "champion", "version": "1"}"#)
            #expect(alias.mlflowCode == "INVALID_STATE", "\(alias.text)")
            let byScientist = try await client.send(.post, M.prefix + "/registered-models/alias", token: scientist, json: #"{"name": "churn-model", "alias": "champion", "version": "1"}"#)
            #expect(byScientist.status == .forbidden)
            #expect(byScientist.mlflowMessage.contains("champion"))
            #expect(try fixture.entryCount() == count)

            // An alias that maps to no stage is only an annotation
            let challenger = try await client.send(.post, M.prefix + "/registered-models/alias", token: scientist, json: #"{"name": "churn-model", "alias": "challenger", "version": "1"}"#)
            #expect(challenger.status == .ok, "\(challenger.text)")
            let reservedAlias = try await client.send(.post, M.prefix + "/registered-models/alias", token: scientist, json: #"{"name": "churn-model", "alias": "v1", "version": "1"}"#)
            #expect(reservedAlias.mlflowCode == "INVALID_PARAMETER_VALUE", "\(reservedAlias.text)")
        }
        // Validations pass, but the sign-offs are still missing: PERMISSION_DENIED names the approvals rule
        try await M.approve(fixture.store, model: "churn-model")
        try await fixture.test { client in
            let promoted = try await client.send(.post, M.prefix + "/registered-models/alias", token: engineer, json: #"{"name": "churn-model", "alias": "champion", "version": "1"}"#)
            #expect(promoted.status == .ok, "\(promoted.text)")
            let resolved = try await client.send(.get, M.get("/registered-models/alias", [("name", "churn-model"), ("alias", "champion")]), token: fixture.tokens[.auditor])
            #expect(try resolved.json()["model_version"]?["current_stage"]?.stringValue == "Production")
            #expect(try resolved.json()["model_version"]?["aliases"]?.arrayValue?.contains("champion") == true)
            let model = try await client.send(.get, M.get("/registered-models/get", [("name", "churn-model")]), token: fixture.tokens[.auditor])
            #expect(try model.json()["registered_model"]?["aliases"]?.arrayValue?.contains(["alias": "champion", "version": "1"]) == true)
            let unset = try await client.send(.delete, M.prefix + "/registered-models/alias", token: engineer, json: #"{"name": "churn-model", "alias": "champion"}"#)
            #expect(unset.status == .ok)
            let gone = try await client.send(.get, M.get("/registered-models/alias", [("name", "churn-model"), ("alias", "champion")]), token: fixture.tokens[.auditor])
            #expect(gone.mlflowCode == "RESOURCE_DOES_NOT_EXIST")
        }
        let types = try fixture.store.entriesNow(EntryQuery(stream: StreamName(rawValue: "model/churn-model")!)).suffix(4).map(\.header.type.rawValue)
        #expect(types == ["model.version.transitioned", "model.version.transitioned", "model.alias.set", "model.alias.deleted"])
        let report = try await GovernanceService(store: fixture.store, clock: .system).checkRules()
        #expect(report.violations.isEmpty)
    }

    @Test func approvalsMissingIsPermissionDenied() async throws {
        let fixture = try await ServerFixture()
        let scientist = fixture.tokens[.dataScientist]!
        let engineer = fixture.tokens[.mlEngineer]!
        try await fixture.test { client in
            try await M.registerModelAndVersion(client, scientist)
            _ = try await client.send(.post, M.prefix + "/model-versions/transition-stage", token: engineer, json: #"{"name": "churn-model", "version": "1", "stage": "Staging"}"#)
        }
        // Record passing validations only (no approval request)
        try await M.validate(fixture.store, model: "churn-model")
        try await fixture.test { client in
            let refused = try await client.send(.post, M.prefix + "/model-versions/transition-stage", token: engineer, json: #"{"name": "churn-model", "version": "1", "stage": "Production"}"#)
            #expect(refused.status == .forbidden, "\(refused.text)")
            #expect(refused.mlflowCode == "PERMISSION_DENIED")
            #expect(refused.mlflowMessage.contains("refused by rule approvals"))
            #expect(refused.mlflowMessage.contains("approval request"))
        }
    }

    @Test func authenticationAndRoutingErrorsAreInMLflowFormat() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let anonymous = try await client.send(.get, M.get("/registered-models/search", []))
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.mlflowCode == "UNAUTHENTICATED")
            let wrong = try await client.send(.get, M.get("/registered-models/search", []), token: "glt_" + String(repeating: "1", count: 64))
            #expect(wrong.mlflowCode == "UNAUTHENTICATED")
            let unknown = try await client.send(.get, M.prefix + "/experiments/search", token: fixture.tokens[.admin])
            #expect(unknown.status == .notFound)
            #expect(unknown.mlflowCode == "ENDPOINT_NOT_FOUND")
            let missing = try await client.send(.post, M.prefix + "/registered-models/create", token: fixture.tokens[.admin], json: "{}")
            #expect(missing.mlflowCode == "INVALID_PARAMETER_VALUE")
            #expect(missing.mlflowMessage.contains("'name'"))
            let notJSON = try await client.send(.post, M.prefix + "/registered-models/create", token: fixture.tokens[.admin], json: "{")
            #expect(notJSON.mlflowCode == "INVALID_PARAMETER_VALUE")
        }
        #expect(try fixture.entryCount() == 1)
    }

    @Test func everyMLflowRouteWithEveryRole() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            for endpoint in MLflowEndpoint.allCases where endpoint != .webhook {
                // Incomplete requests (an empty name): nothing may be written
                let uri = endpoint.method == .get ? M.get(String(endpoint.path.dropFirst(M.prefix.count)), [("name", "")]) : endpoint.path
                let body: String? = endpoint.method == .get ? nil : #"{"name": ""}"#
                let anonymous = try await client.send(endpoint.method, uri, json: body)
                #expect(anonymous.status == .unauthorized, "\(endpoint)")
                for role in APIRole.allCases {
                    let response = try await client.send(endpoint.method, uri, token: fixture.tokens[role], json: body)
                    if role.allows(endpoint.permission) {
                        #expect(response.status != .forbidden && response.status != .unauthorized, "\(role) may use \(endpoint): \(response.text)")
                        #expect(response.status.code < 500, "\(role) \(endpoint): \(response.text)")
                        #expect(response.status == .ok || response.mlflowCode != nil, "\(endpoint): \(response.text)")
                    } else {
                        #expect(response.status == .forbidden, "\(role) may not use \(endpoint)")
                        #expect(response.mlflowCode == "PERMISSION_DENIED")
                    }
                }
            }
        }
        #expect(try fixture.entryCount() == 1)
    }
}
