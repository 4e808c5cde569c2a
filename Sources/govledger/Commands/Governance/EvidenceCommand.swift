import ArgumentParser
import Foundation
import Governance
import LedgerCore
import LedgerServer

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
            try await options.execute(try EvidenceDocument.explainability(try EvidenceInput.document(file)))
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
            try await options.execute(try EvidenceDocument.abTest(try EvidenceInput.document(file)))
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
        try EvidenceDocument.refuseUnknown(object, allowed: allowed, context: context)
    }

    static func string(_ object: JSONObject, _ key: String, context: String = "") throws -> String {
        try EvidenceDocument.string(object, key, context: context)
    }

    static func optionalString(_ object: JSONObject, _ key: String, context: String = "") throws -> String? {
        try EvidenceDocument.optionalString(object, key, context: context)
    }

    static func bias(_ object: JSONObject) throws -> GovernanceCommand { try EvidenceDocument.bias(object) }
}
