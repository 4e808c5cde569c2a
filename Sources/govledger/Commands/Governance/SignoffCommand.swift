import ArgumentParser
import Governance
import LedgerCore

struct SignoffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signoff",
        abstract: "Sign off the version's open approval request in a role you hold (approval.signoff.recorded).")

    @OptionGroup var options: GovernanceOptions
    @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
    @Argument(help: ArgumentHelp("The version.", valueName: "version")) var version: String
    @Option(help: ArgumentHelp("The role, e.g. compliance, legal, business_owner.", valueName: "role")) var role: String
    @Option(help: ArgumentHelp("A remark for the minutes.", valueName: "text")) var note: String?

    func run() async throws {
        try await options.execute(.signOff(
            model: try GovernanceArguments.model(model), version: try GovernanceArguments.version(version),
            role: try GovernanceArguments.role(role), note: note))
    }
}
