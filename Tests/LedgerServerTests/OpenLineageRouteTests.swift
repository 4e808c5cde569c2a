import Foundation
import Governance
import HTTPTypes
import HummingbirdTesting
import LedgerCore
import LedgerServer
import LedgerStore
import Testing

@Suite struct OpenLineageRouteTests {
    static let runID = "0176a8c2-fe01-7439-87e6-56a1a1b4029f"

    static func runEvent(_ type: String = "COMPLETE", job: String = "model/churn-model@1", runID: String = runID, extra: String = "") -> String {
        #"""
        {"eventType": "\#(type)", "eventTime": "2026-01-15T09:30:00.000Z", "producer": "https://github.com/OpenLineage/OpenLineage/tree/1.0.0/client/python",
         "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent", "run": {"runId": "\#(runID)"},
         "job": {"namespace": "pipelines", "name": "\#(job)"},
         "inputs": [{"namespace": "s3://data", "name": "customers", "facets": {"version": {"datasetVersion": "42"}}}],
         "outputs": [{"namespace": "s3://models", "name": "churn/1"}]\#(extra)}
        """#
    }

    static let jobEvent = #"{"eventTime": "2026-01-15T09:30:00Z", "producer": "https://example.com/p", "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent", "job": {"namespace": "Data Lake", "name": "nightly-extract"}, "outputs": [{"namespace": "s3://data", "name": "customers"}]}"#
    static let datasetEvent = #"{"eventTime": "2026-01-15T09:30:00+02:00", "producer": "https://example.com/p", "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent", "dataset": {"namespace": "s3://data", "name": "customers"}}"#

    func ledgerWithVersion() async throws -> ServerFixture {
        let fixture = try await ServerFixture()
        try await fixture.test { client in try await MLflow.registerModelAndVersion(client, fixture.tokens[.dataScientist]!) }
        return fixture
    }

    @Test func eachKindIsRecordedAndACompleteRunFillsTheVersionsLineage() async throws {
        let fixture = try await ledgerWithVersion()
        let engineer = fixture.tokens[.mlEngineer]!
        try await fixture.test { client in
            let start = try await client.send(.post, "/api/v1/lineage", token: engineer, json: Self.runEvent("START"))
            #expect(start.status == .created, "\(start.text)")
            #expect(try start.json()["entries"]?[0]?["stream"]?.stringValue == "model/churn-model")
            let complete = try await client.send(.post, "/api/v1/lineage", token: engineer, json: Self.runEvent())
            #expect(complete.status == .created, "\(complete.text)")
            let job = try await client.send(.post, "/api/v1/lineage", token: engineer, json: Self.jobEvent)
            #expect(job.status == .created, "\(job.text)")
            #expect(try job.json()["entries"]?[0]?["stream"]?.stringValue == "openlineage/data-lake")
            let dataset = try await client.send(.post, "/api/v1/lineage", token: engineer, json: Self.datasetEvent)
            #expect(dataset.status == .created, "\(dataset.text)")
            #expect(try dataset.json()["entries"]?[0]?["stream"]?.stringValue == "openlineage/s3---data")

            // The facet convention links too, by MLflow version number
            let facet = Self.runEvent(job: "train-churn", runID: "1176a8c2-fe01-7439-87e6-56a1a1b4029f").replacingOccurrences(
                of: #""run": {"runId": "1176a8c2-fe01-7439-87e6-56a1a1b4029f"}"#,
                with: #""run": {"runId": "1176a8c2-fe01-7439-87e6-56a1a1b4029f", "facets": {"govledger": {"_producer": "https://example.com", "_schemaURL": "https://example.com/s", "model": "churn-model", "version": "1"}}}"#
            ).replacingOccurrences(of: #""name": "train-churn"}"#, with: #""name": "train-churn", "facets": {"jobType": {"processingType": "BATCH", "integration": "SPARK", "jobType": "MODEL"}}}"#)
            let linked = try await client.send(.post, "/api/v1/lineage", token: engineer, json: facet)
            #expect(try linked.json()["entries"]?[0]?["stream"]?.stringValue == "model/churn-model", "\(linked.text)")

            let model = try await client.send(.get, "/v1/models/churn-model", token: fixture.tokens[.auditor])
            let runs = try #require(try model.json()["versions"]?[0]?["trainingRuns"]?.arrayValue)
            #expect(runs.count == 2)
            #expect(runs[0]["runId"]?.stringValue == Self.runID)
            #expect(runs[0]["inputs"]?.arrayValue == [["namespace": "s3://data", "name": "customers", "version": "42"]])
            #expect(runs[0]["outputs"]?[0]?["name"]?.stringValue == "churn/1")
        }
        let entries = try fixture.store.entriesNow(EntryQuery(type: EventType(rawValue: "openlineage.event.recorded")!))
        #expect(entries.count == 5)
        #expect(entries.allSatisfy { $0.header.actor == ServerFixture.principal(.mlEngineer) })
        #expect(try await GovernanceService(store: fixture.store, clock: .system).checkRules().violations.isEmpty)
    }

    @Test(arguments: [
        (#"{"producer": "https://p", "schemaURL": "https://s", "job": {"namespace": "n", "name": "j"}}"#, "'eventTime' is required"),
        (#"{"eventTime": "yesterday", "producer": "https://p", "schemaURL": "https://s", "job": {"namespace": "n", "name": "j"}}"#, "'eventTime' must be an RFC 3339"),
        (#"{"eventTime": "2026-01-15T09:30:00Z", "schemaURL": "https://s", "job": {"namespace": "n", "name": "j"}}"#, "'producer' is required"),
        (#"{"eventTime": "2026-01-15T09:30:00Z", "producer": "not a uri", "schemaURL": "https://s", "job": {"namespace": "n", "name": "j"}}"#, "'producer' must be a URI"),
        (#"{"eventTime": "2026-01-15T09:30:00Z", "producer": "https://p", "job": {"namespace": "n", "name": "j"}}"#, "'schemaURL' is required"),
        (#"{"eventTime": "2026-01-15T09:30:00Z", "producer": "https://p", "schemaURL": "https://s", "run": {"runId": "r1"}, "job": {"namespace": "n", "name": "j"}}"#, "'run.runId' must be a UUID"),
        (#"{"eventTime": "2026-01-15T09:30:00Z", "producer": "https://p", "schemaURL": "https://s", "run": {}, "job": {"namespace": "n", "name": "j"}}"#, "'run.runId' is required"),
        (#"{"eventTime": "2026-01-15T09:30:00Z", "producer": "https://p", "schemaURL": "https://s", "run": {"runId": "0176a8c2-fe01-7439-87e6-56a1a1b4029f"}, "job": {"namespace": "n"}}"#, "'job.name' is required"),
        (#"{"eventTime": "2026-01-15T09:30:00Z", "producer": "https://p", "schemaURL": "https://s", "run": {"runId": "0176a8c2-fe01-7439-87e6-56a1a1b4029f"}}"#, "'job' is required"),
        (#"{"eventType": "DONE", "eventTime": "2026-01-15T09:30:00Z", "producer": "https://p", "schemaURL": "https://s", "run": {"runId": "0176a8c2-fe01-7439-87e6-56a1a1b4029f"}, "job": {"namespace": "n", "name": "j"}}"#, "'eventType' must be one of"),
        (#"{"eventTime": "2026-01-15T09:30:00Z", "producer": "https://p", "schemaURL": "https://s", "job": {"namespace": "n", "name": "j"}, "inputs": [{"namespace": "n"}]}"#, "'inputs[0].name' is required"),
        (#"{"eventTime": "2026-01-15T09:30:00Z", "producer": "https://p", "schemaURL": "https://s", "dataset": {"name": "d"}}"#, "'dataset.namespace' is required"),
        (#"{"eventTime": "2026-01-15T09:30:00Z", "producer": "https://p", "schemaURL": "https://s"}"#, "'job' is missing"),
        (#"{"eventTime": "2026-01-15T09:30:00Z", "producer": "https://p", "schemaURL": "https://s", "job": {"namespace": "n", "name": "model/churn-model@x"}}"#, "'job.name' must be model/<slug>@<version>"),
    ])
    func badEventsAreRefusedNamingTheField(body: String, expected: String) async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let response = try await client.send(.post, "/api/v1/lineage", token: fixture.tokens[.mlEngineer], json: body)
            #expect(response.status == .badRequest, "\(response.text)")
            #expect(response.errorCode == "invalid_openlineage_event")
            #expect((try? response.json())?["error"]?["message"]?.stringValue?.contains(expected) == true, "\(response.text)")
        }
        #expect(try fixture.entryCount() == 1)
    }

    @Test func aBatchIsAllOrNothingAndLinksMustResolve() async throws {
        let fixture = try await ledgerWithVersion()
        let engineer = fixture.tokens[.mlEngineer]!
        let count = try fixture.entryCount()
        try await fixture.test { client in
            let bad = try await client.send(.post, "/api/v1/lineage/batch", token: engineer, json: "[\(Self.runEvent("START")), {\"eventTime\": \"2026\"}]")
            #expect(bad.status == .badRequest)
            #expect((try? bad.json())?["error"]?["message"]?.stringValue?.hasPrefix("Event 1:") == true, "\(bad.text)")
            #expect(try fixture.entryCount() == count)

            let unknownVersion = try await client.send(.post, "/api/v1/lineage/batch", token: engineer, json: "[\(Self.runEvent("START")), \(Self.runEvent(job: "model/churn-model@7"))]")
            #expect(unknownVersion.status == .unprocessableContent, "\(unknownVersion.text)")
            #expect(unknownVersion.errorCode == "rule_violation")
            #expect(try fixture.entryCount() == count)

            let facetWithoutJobType = Self.runEvent(job: "train").replacingOccurrences(
                of: #""run": {"runId": "\#(Self.runID)"}"#, with: #""run": {"runId": "\#(Self.runID)", "facets": {"govledger": {"model": "churn-model", "version": "1"}}}"#)
            let unlinked = try await client.send(.post, "/api/v1/lineage", token: engineer, json: facetWithoutJobType)
            #expect(unlinked.status == .badRequest)
            #expect(unlinked.text.contains("jobType"))

            let good = try await client.send(.post, "/api/v1/lineage/batch", token: engineer, json: "[\(Self.runEvent("START")), \(Self.runEvent()), \(Self.jobEvent)]")
            #expect(good.status == .created, "\(good.text)")
            #expect(try good.json()["entries"]?.arrayValue?.count == 3)

            let auditor = try await client.send(.post, "/api/v1/lineage", token: fixture.tokens[.auditor], json: Self.jobEvent)
            #expect(auditor.status == .forbidden)
        }
        #expect(try fixture.entryCount() == count + 3)
    }
}
