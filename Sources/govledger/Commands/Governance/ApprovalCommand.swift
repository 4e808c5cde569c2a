import ArgumentParser
import Governance
import LedgerCore

struct ApprovalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approval",
        abstract: "Open approval requests.",
        subcommands: [Request.self])

    struct Request: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "request",
            abstract: "Open an approval request for a version's move to a stage (approval.requested).",
            discussion: "The move must carry the approvals guard (by default staging → approved). The request records the tier's board, quorum and sign-off roles; members vote with 'govledger vote', role holders sign off with 'govledger signoff'.")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
        @Argument(help: ArgumentHelp("The version.", valueName: "version")) var version: String
        @Option(help: ArgumentHelp("The stage the approval is for.", valueName: "stage")) var to: String = "approved"

        func run() async throws {
            try await options.execute(.requestApproval(
                model: try GovernanceArguments.model(model), version: try GovernanceArguments.version(version), to: try GovernanceArguments.stage(to)))
        }
    }
}
