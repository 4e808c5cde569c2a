import ArgumentParser
import Foundation
import Governance
import LedgerCore

struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version",
        abstract: "Register model versions with their lineage.",
        subcommands: [Register.self])

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register",
            abstract: "Register a version with its lineage (model.version.registered).",
            discussion: """
                The version must be greater than every earlier version of the model; its bump kind (major, minor, patch) \
                against the production version (else the latest) decides the validation suites it needs. Give the lineage \
                with --lineage-file (a JSON object, see docs/events.md) or with the flags below; the tier's lineage depth \
                decides which keys are required (basic: dataset and artifact digests; standard: also feature set, \
                hyperparameters and metrics; full: also image digest, language version, training hours and SBOM digest).
                """)

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
        @Option(help: ArgumentHelp("The version, MAJOR.MINOR.PATCH.", valueName: "x.y.z")) var version: String
        @Option(name: .customLong("lineage-file"), help: ArgumentHelp("The whole lineage as a JSON object.", valueName: "file")) var lineageFile: String?
        @Option(name: .customLong("dataset-sha256"), help: ArgumentHelp("SHA-256 of the training dataset snapshot (64 hex).", valueName: "hex")) var datasetSHA256: String?
        @Option(name: .customLong("feature-set-version"), help: ArgumentHelp("The feature store version.", valueName: "text")) var featureSetVersion: String?
        @Option(help: ArgumentHelp("Hyperparameters, a JSON object (or @file).", valueName: "json")) var hyperparameters: String?
        @Option(name: .customLong("image-digest"), help: ArgumentHelp("The training image digest, sha256:<64 hex>.", valueName: "digest")) var imageDigest: String?
        @Option(name: .customLong("gpu-type"), help: ArgumentHelp("The GPU trained on.", valueName: "text")) var gpuType: String?
        @Option(name: .customLong("language-version"), help: ArgumentHelp("The language runtime, e.g. \"Python 3.11\".", valueName: "text")) var languageVersion: String?
        @Option(name: .customLong("training-hours"), help: ArgumentHelp("Training duration in hours.", valueName: "n")) var trainingHours: Double?
        @Option(name: .customLong("training-cost-usd"), help: ArgumentHelp("Training cost in US dollars.", valueName: "n")) var trainingCostUSD: Double?
        @Option(help: ArgumentHelp("Evaluation metrics, a JSON object of numbers such as {\"accuracy\": 0.975} (or @file).", valueName: "json")) var metrics: String?
        @Option(name: .customLong("artifact-sha256"), help: ArgumentHelp("SHA-256 of the model artifact (64 hex).", valueName: "hex")) var artifactSHA256: String?
        @Option(name: .customLong("sbom-sha256"), help: ArgumentHelp("SHA-256 of the SBOM (64 hex).", valueName: "hex")) var sbomSHA256: String?

        func validate() throws {
            let flags: [Any?] = [datasetSHA256, featureSetVersion, hyperparameters, imageDigest, gpuType, languageVersion, trainingHours, trainingCostUSD, metrics, artifactSHA256, sbomSHA256]
            if lineageFile != nil, flags.contains(where: { $0 != nil }) {
                throw ValidationError("Give the lineage once: --lineage-file or the lineage flags, not both.")
            }
        }

        /// The lineage JSON from the file or the flags; `Lineage(json:)` then checks it strictly.
        func lineageJSON() throws -> JSONObject {
            if let lineageFile { return try GovernanceArguments.object("@" + lineageFile, option: "--lineage-file") }
            var object = JSONObject()
            object["datasetSHA256"] = datasetSHA256.map { .string($0) }
            object["featureSetVersion"] = featureSetVersion.map { .string($0) }
            object["hyperparameters"] = try hyperparameters.map { .object(try GovernanceArguments.object($0, option: "--hyperparameters")) }
            var environment = JSONObject()
            environment["imageDigest"] = imageDigest.map { .string($0) }
            environment["gpuType"] = gpuType.map { .string($0) }
            environment["languageVersion"] = languageVersion.map { .string($0) }
            if !environment.isEmpty { object["environment"] = .object(environment) }
            object["trainingHours"] = trainingHours.map { .number($0) }
            object["trainingCostUSD"] = trainingCostUSD.map { .number($0) }
            object["metrics"] = try metrics.map { .object(try GovernanceArguments.object($0, option: "--metrics")) }
            object["artifactSHA256"] = artifactSHA256.map { .string($0) }
            object["sbomSHA256"] = sbomSHA256.map { .string($0) }
            return object
        }

        func run() async throws {
            let lineage = try Lineage(json: try lineageJSON())
            try await options.execute(.registerVersion(
                model: try GovernanceArguments.model(model), version: try GovernanceArguments.version(version), lineage: lineage))
        }
    }
}
