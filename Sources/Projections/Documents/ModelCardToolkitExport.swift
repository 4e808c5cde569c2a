public import LedgerCore
import Governance

extension ModelCardBuilder {
    /// The schema version of Google's Model Card Toolkit that ``toolkitJSON()`` follows.
    public static let toolkitSchemaVersion = "0.0.2"

    /// The card as Model Card Toolkit JSON (schema v0.0.2): model details, model parameters,
    /// quantitative analysis (one performance metric per numeric validation or bias metric, the
    /// slice naming the suite or the group attribute) and considerations. The schema admits no
    /// extra top-level keys, so sources are cited inside the descriptions as "(seq N)".
    public func toolkitJSON() -> JSONObject {
        let version = dossier.cardVersion
        func cite(_ statement: Document.Statement) -> String {
            statement.text + (statement.sources.isEmpty ? "" : " (seq " + statement.sources.map(String.init).joined(separator: ", ") + ")")
        }
        func descriptions(_ section: ModelCardSection) -> [JSONValue] {
            text(section).map { [.object(["description": .string(cite($0))])] } ?? []
        }

        var details: JSONObject = [
            "name": .string(dossier.name),
            "overview": .string(text(.overview)?.text ?? dossier.purpose),
            "documentation": .string(modelDetails(version).statements.map(cite).joined(separator: "\n")),
            "owners": .array([.object(["name": .string(dossier.owner), "contact": .string(dossier.owner)])]),
        ]
        if let version {
            details["version"] = .object([
                "name": .string(version.version), "date": .string(String(version.registered.time.prefix(10))),
                "diff": .string("\(version.bump) change" + (version.baseline.map { " from \($0)" } ?? "")),
            ])
        }

        var data: [JSONValue] = []
        if let version, let dataset = version.lineage.datasetSHA256 {
            var description = "Training dataset, SHA-256 \(dataset)"
            if let features = version.lineage.featureSetVersion { description += ", feature set \(features)" }
            if let written = text(.trainingData) { description += ". " + cite(written) }
            data.append(.object(["name": .string("training"), "description": .string(description + " (seq \(version.registered.seq))")]))
        }
        if let evaluation = text(.evaluationData) {
            data.append(.object(["name": .string("evaluation"), "description": .string(cite(evaluation))]))
        }
        var parameters: JSONObject = ["model_architecture": .string(dossier.framework)]
        if !data.isEmpty { parameters["data"] = .array(data) }

        var performance: [JSONValue] = []
        if let version {
            for name in version.lineage.metrics.keys.sorted() {
                performance.append(.object(["type": .string(name), "value": .number(version.lineage.metrics[name]!), "slice": .string("training evaluation")]))
            }
            for validation in latestValidations(version) {
                for metric in validation.metrics {
                    guard let value = Double(metric.value) else { continue }
                    performance.append(.object(["type": .string(metric.name), "value": .number(value), "slice": .string("validation \(validation.suite)")]))
                }
            }
        }
        for test in latestBiasTests(version) {
            for metric in test.verdict {
                guard let value = Double(metric.value) else { continue }
                performance.append(.object(["type": .string(metric.name), "value": .number(value), "slice": .string("\(test.attribute) (reference \(test.reference))")]))
            }
        }

        var considerations: JSONObject = [:]
        let users = descriptions(.intendedUsers)
        if !users.isEmpty { considerations["users"] = .array(users) }
        let useCases = descriptions(.intendedUse)
        considerations["use_cases"] = .array(useCases.isEmpty ? [.object(["description": .string("\(dossier.purpose) (seq \(dossier.registered.seq))")])] : useCases)
        let limitations = descriptions(.limitations) + descriptions(.failureModes) + descriptions(.outOfScopeUses)
        if !limitations.isEmpty { considerations["limitations"] = .array(limitations) }
        let tradeoffs = descriptions(.caveats)
        if !tradeoffs.isEmpty { considerations["tradeoffs"] = .array(tradeoffs) }
        var risks: [JSONValue] = []
        for section in [ModelCardSection.ethicalConsiderations, .riskAssessment, .environmentalImpact] {
            if let statement = text(section) {
                risks.append(.object(["name": .string(section.title), "mitigation_strategy": .string(cite(statement))]))
            }
        }
        if !risks.isEmpty { considerations["ethical_considerations"] = .array(risks) }

        return [
            "schema_version": .string(Self.toolkitSchemaVersion),
            "model_details": .object(details),
            "model_parameters": .object(parameters),
            "quantitative_analysis": .object(["performance_metrics": .array(performance)]),
            "considerations": .object(considerations),
        ]
    }
}
