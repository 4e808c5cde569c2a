import ArgumentParser
import Governance
import LedgerCore

struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Register a model or change its risk tier.",
        subcommands: [Register.self, Tier.self])

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register",
            abstract: "Register a model (model.registered on model/<slug>).",
            discussion: "The slug is the name in lowercase words joined by '-': \"Fraud Detection Engine\" is fraud-detection-engine. The tier must be defined by the policy in force.")

        @OptionGroup var options: GovernanceOptions
        @Option(help: ArgumentHelp("The display name, e.g. \"Fraud Detection Engine\".", valueName: "name")) var name: String
        @Option(help: ArgumentHelp("The owning team, e.g. \"Risk Team\".", valueName: "team")) var owner: String
        @Option(help: ArgumentHelp("The framework, e.g. XGBoost.", valueName: "name")) var framework: String
        @Option(help: ArgumentHelp("The risk tier, 1 (critical) to 4 (experimental) in the default policy.", valueName: "n")) var tier: Int
        @Option(help: ArgumentHelp("What the model is for.", valueName: "text")) var purpose: String

        func run() async throws {
            try await options.execute(.registerModel(
                name: name, owner: owner, framework: framework, tier: try GovernanceArguments.tier(tier), purpose: purpose))
        }
    }

    struct Tier: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tier",
            abstract: "Reclassify a model to another risk tier (model.tier.changed).",
            discussion: "Later decisions use the new tier's approvals, suites and retention.")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
        @Option(help: ArgumentHelp("The new tier.", valueName: "n")) var tier: Int
        @Option(help: ArgumentHelp("Why the model is reclassified.", valueName: "text")) var reason: String

        func run() async throws {
            try await options.execute(.changeTier(model: try GovernanceArguments.model(model), tier: try GovernanceArguments.tier(tier), reason: reason))
        }
    }
}
