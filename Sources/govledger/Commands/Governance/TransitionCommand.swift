import ArgumentParser
import Governance
import LedgerCore

struct TransitionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transition",
        abstract: "Move a version to another lifecycle stage, if its guards hold (model.version.transitioned).",
        discussion: """
            The policy's lifecycle lists the allowed moves and their guards (validation, no_regression, approvals, \
            archive_window); 'govledger policy show' prints them. Promoting a version to production moves the current \
            production version to deprecated in the same batch.
            """)

    @OptionGroup var options: GovernanceOptions
    @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
    @Argument(help: ArgumentHelp("The version.", valueName: "version")) var version: String
    @Option(help: ArgumentHelp("The target stage, e.g. staging, approved, production, deprecated, archived.", valueName: "stage")) var to: String
    @Option(help: ArgumentHelp("Where the version runs after the move, e.g. \"API Gateway (us-east)\".", valueName: "text")) var deployment: String?
    @Option(help: ArgumentHelp("Why.", valueName: "text")) var reason: String?

    func run() async throws {
        try await options.execute(.transition(
            model: try GovernanceArguments.model(model), version: try GovernanceArguments.version(version),
            to: try GovernanceArguments.stage(to), deployment: deployment, reason: reason))
    }
}
