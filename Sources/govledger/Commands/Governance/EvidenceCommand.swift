import ArgumentParser
import Foundation
import Governance
import LedgerCore

struct EvidenceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Record evidence the ledger computes and judges itself (see docs/evidence.md).",
        subcommands: [Bias.self, AB.self, Explain.self])

    struct Explain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explain",
            abstract: "Record a version's explanations and quality scores (explainability.recorded).",
            discussion: """
                The file is one JSON object: {"model", "version", "method": "shap", "global": {"feature": importance, …}, \
                "local": {"prediction id": ["reason code", …]}, "counterfactuals": {"prediction id": "change"}, \
                "scores": {"stability", "fidelity", "sparsity"}}. The ledger judges the scores and the number of global \
                features against the policy's explainability suite.
                """)

        @OptionGroup var options: GovernanceOptions
        @Option(help: ArgumentHelp("The explanations, a JSON file.", valueName: "path")) var file: String

        func run() async throws {
            let object = try EvidenceInput.document(file)
            try EvidenceInput.refuseUnknown(object, allowed: ["model", "version", "method", "global", "local", "counterfactuals", "scores"])
            func map<T>(_ key: String, _ expected: String, _ convert: (JSONValue) -> T?) throws -> [String: T] {
                guard let members = object[key]?.objectValue else { throw LedgerError(.invalidField, "\(key): is missing or not an object of \(expected)") }
                var result: [String: T] = [:]
                for member in members {
                    guard let value = convert(member.value) else { throw LedgerError(.invalidField, "\(key).\(member.key): must be \(expected)") }
                    result[member.key] = value
                }
                return result
            }
            let global = try map("global", "importances (numbers)") { $0.numberValue }
            let local = try map("local", "lists of reason codes") { value -> [String]? in
                guard let list = value.arrayValue else { return nil }
                let codes = list.compactMap(\.stringValue)
                return codes.count == list.count ? codes : nil
            }
            let counterfactuals = try map("counterfactuals", "changes in words") { $0.stringValue }
            let scores = try map("scores", "numbers from 0 to 1") { $0.numberValue.flatMap { $0 >= 0 && $0 <= 1 ? $0 : nil } }
            try await options.execute(.recordExplainability(
                model: try GovernanceArguments.model(try EvidenceInput.string(object, "model")),
                version: try GovernanceArguments.version(try EvidenceInput.string(object, "version")),
                method: try EvidenceInput.string(object, "method"), global: global, local: local, counterfactuals: counterfactuals, scores: scores))
        }
    }

    struct AB: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ab",
            abstract: "Record an A/B test of a candidate against production (ab.test.recorded).",
            discussion: """
                The file is one JSON object: {"model", "version" (arm B), "metric", "arms": {"successes_a", "trials_a", \
                "successes_b", "trials_b"}} for a rate (two-proportion z-test) or "arms": {"sample_a": [...], "sample_b": [...]} \
                for a continuous metric (Welch's t-test). Arm A is the production version. An improvement is accepted only \
                when B is better and p is below the policy's improvement_p_value_below.
                """)

        @OptionGroup var options: GovernanceOptions
        @Option(help: ArgumentHelp("The A/B test, a JSON file.", valueName: "path")) var file: String

        func run() async throws {
            let object = try EvidenceInput.document(file)
            try EvidenceInput.refuseUnknown(object, allowed: ["model", "version", "metric", "arms"])
            guard let arms = object["arms"]?.objectValue else {
                throw LedgerError(.invalidField, "arms: is missing or not an object")
            }
            try await options.execute(.recordABTest(
                model: try GovernanceArguments.model(try EvidenceInput.string(object, "model")),
                version: try GovernanceArguments.version(try EvidenceInput.string(object, "version")),
                metric: try EvidenceInput.string(object, "metric"), arms: try ABTestRecorded.Arms(json: arms)))
        }
    }

    struct Bias: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bias",
            abstract: "Record a bias test from per-group confusion counts (bias.test.recorded).",
            discussion: """
                The file is one JSON object: {"model": "credit-scoring", "version": "2.0.0", "attribute": "gender", \
                "reference": "male", "groups": [{"name": "male", "tp": 80, "fp": 20, "tn": 90, "fn": 10}, \
                {"name": "female", "tp": 40, "fp": 10, "tn": 140, "fn": 10, "probabilities": [0.9, 0.2], "labels": [1, 0]}], \
                "note": "optional"}. The ledger computes the fairness metrics and judges them against the policy's fairness \
                suite; the entry keeps the input so anyone can recompute.
                """)

        @OptionGroup var options: GovernanceOptions
        @Option(help: ArgumentHelp("The bias test, a JSON file.", valueName: "path")) var file: String

        func run() async throws {
            let document = try EvidenceInput.document(file)
            let test = try EvidenceInput.bias(document)
            try await options.execute(test)
        }
    }
}

/// Reads evidence documents strictly: every message names the file's field.
enum EvidenceInput {
    /// The JSON object in `path`.
    static func document(_ path: String) throws -> JSONObject {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure.usage("Cannot read the evidence file '\(path)': check that it exists and is readable.")
        }
        do throws(LedgerError) {
            guard case .object(let object) = try JSONValue.parse(Array(data)) else {
                throw LedgerError(.malformedInput, "it must be one JSON object")
            }
            return object
        } catch {
            throw LedgerError(error.code, "\(path): \(error.message)")
        }
    }

    static func refuseUnknown(_ object: JSONObject, allowed: Set<String>, context: String = "") throws {
        if let unknown = object.keys.first(where: { !allowed.contains($0) }) {
            throw LedgerError(.invalidField, "\(context)\(unknown): is not a field here; the fields are \(allowed.sorted().joined(separator: ", "))")
        }
    }

    static func string(_ object: JSONObject, _ key: String, context: String = "") throws -> String {
        guard let text = object[key]?.stringValue, !text.isEmpty else {
            throw LedgerError(.invalidField, "\(context)\(key): is missing or not a non-empty string")
        }
        return text
    }

    static func optionalString(_ object: JSONObject, _ key: String, context: String = "") throws -> String? {
        guard object[key] != nil else { return nil }
        return try string(object, key, context: context)
    }

    static func bias(_ object: JSONObject) throws -> GovernanceCommand {
        try refuseUnknown(object, allowed: ["model", "version", "attribute", "reference", "groups", "note"])
        let model = try GovernanceArguments.model(try string(object, "model"))
        let version = try GovernanceArguments.version(try string(object, "version"))
        guard let list = object["groups"]?.arrayValue else {
            throw LedgerError(.invalidField, "groups: is missing or not a list of groups {\"name\", \"tp\", \"fp\", \"tn\", \"fn\"}")
        }
        var groups: [FairnessGroup] = []
        for (index, value) in list.enumerated() { groups.append(try FairnessGroup(json: value, field: "groups[\(index)]")) }
        return .recordBiasTest(
            model: model, version: version, attribute: try string(object, "attribute"), reference: try string(object, "reference"),
            groups: groups, note: try optionalString(object, "note"))
    }
}
