import Foundation
import Governance
import HTTPTypes
import HummingbirdTesting
import LedgerCore
import LedgerServer
import LedgerStore
import NIOCore

/// Helpers for the MLflow-compatible API: MLflow-shaped requests and the governance steps a
/// promotion needs, taken through the service as the CLI would.
enum MLflow {
    static let prefix = "/api/2.0/mlflow"
    static let lineageTags = #"{"key": "govledger.lineage.datasetSHA256", "value": "\#(String(repeating: "a", count: 64))"}, {"key": "govledger.lineage.artifactSHA256", "value": "\#(String(repeating: "b", count: 64))"}"#

    /// A GET URI with percent-encoded query parameters.
    static func get(_ path: String, _ query: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = query.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        return prefix + path + (encoded.isEmpty ? "" : "?" + encoded)
    }

    /// Registers a Tier 4 model and its first version (with basic lineage) through the API.
    static func registerModelAndVersion(_ client: some TestClientProtocol, _ token: String, name: String = "churn-model") async throws {
        _ = try await client.send(.post, prefix + "/registered-models/create", token: token,
            json: #"{"name": "\#(name)", "tags": [{"key": "govledger.tier", "value": "4"}]}"#)
        _ = try await client.send(.post, prefix + "/model-versions/create", token: token,
            json: #"{"name": "\#(name)", "source": "s3://models/\#(name)/1", "tags": [\#(lineageTags)]}"#)
    }

    /// Records passing validations of every suite the version needs.
    static func validate(_ store: SQLiteEventStore, model: String, version: String = "1.0.0") async throws {
        let service = GovernanceService(store: store, clock: .system)
        let slug = ModelSlug(rawValue: model)!
        let semver = SemanticVersion(version)!
        let (state, _) = try await service.state(models: [slug])
        let policy = state.policy!.policy
        let record = state.models[slug]!.version(semver)!
        for suite in policy.requiredSuites(tier: state.models[slug]!.tier, bump: record.bump)! {
            var measurements: [MetricName: Governance.Measurement] = [:]
            for (name, threshold) in policy.suites[suite]!.metrics where !threshold.isOptional {
                if let expected = threshold.expected {
                    measurements[name] = Governance.Measurement.bool(expected)
                } else if let lower = threshold.lowerBound {
                    measurements[name] = Governance.Measurement.number(lower.isInclusive ? lower.value : lower.value + 1)
                } else if let upper = threshold.upperBound {
                    measurements[name] = Governance.Measurement.number(upper.isInclusive ? upper.value : upper.value / 2)
                }
            }
            try await service.execute(.recordValidation(model: slug, version: semver, suite: suite, measurements: measurements, note: nil), by: admin)
        }
    }

    static let admin = Principal(rawValue: "admin@bank.example")!

    /// Records passing validations and the three Tier 4 sign-offs of an approval request to `approved`.
    static func approve(_ store: SQLiteEventStore, model: String, version: String = "1.0.0") async throws {
        try await validate(store, model: model, version: version)
        let service = GovernanceService(store: store, clock: .system)
        let slug = ModelSlug(rawValue: model)!
        let semver = SemanticVersion(version)!
        let (state, _) = try await service.state(models: [slug])
        try await service.execute(.requestApproval(model: slug, version: semver, to: .approved), by: admin)
        for (role, holder) in [("data_scientist", "ds@bank.example"), ("peer_reviewer", "peer@bank.example"), ("ml_engineer", "mle@bank.example")] {
            let principal = Principal(rawValue: holder)!
            if !state.holds(principal, role: RoleName(role)!) {
                try await service.execute(.assignRole(principal: principal, role: RoleName(role)!), by: admin)
            }
            try await service.execute(.signOff(model: slug, version: semver, role: RoleName(role)!, note: nil), by: principal)
        }
    }
}

extension TestResponse {
    /// The `error_code` of an MLflow error body.
    var mlflowCode: String? { (try? json())?["error_code"]?.stringValue }
    var mlflowMessage: String { (try? json())?["message"]?.stringValue ?? "" }
}

extension JSONValue {
    /// The element at `index` of an array.
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
