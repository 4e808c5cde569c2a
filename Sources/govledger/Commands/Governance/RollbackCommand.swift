import ArgumentParser
import Governance
import LedgerCore

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Return the previous production version to production; the current one moves to deprecated.",
        discussion: "Both transitions are recorded in one batch. Refused when the model has no previous production version left to return to.")

    @OptionGroup var options: GovernanceOptions
    @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
    @Option(help: ArgumentHelp("Why, e.g. the rollback criterion that fired.", valueName: "text")) var reason: String

    func run() async throws {
        try await options.execute(.rollback(model: try GovernanceArguments.model(model), reason: reason))
    }
}
