import ArgumentParser
import Governance
import LedgerCore

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every entry about a model, in order: time, actor, what happened.")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: JSONFlag
    @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String

    func run() async throws {
        let slug = try GovernanceArguments.model(model)
        let entries = try await ledger.governance().history(of: slug)
        try GovernanceOutput.history(entries, of: slug, json: output.json)
    }
}
