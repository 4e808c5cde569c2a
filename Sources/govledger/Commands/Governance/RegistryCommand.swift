import ArgumentParser
import Governance
import LedgerCore

struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry",
        abstract: "The model inventory: model, version, framework, stage, deployment, owner, tier.",
        discussion: "One row per model: its production version, else its latest. --all lists every version. Rebuilt from the whole log.")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: JSONFlag
    @Flag(help: "List every version, not only the production (else latest) one.") var all = false

    func run() async throws {
        let state = try await ledger.governance().registry()
        GovernanceOutput.registry(state, allVersions: all, json: output.json)
    }
}

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
        GovernanceOutput.history(entries, of: slug, json: output.json)
    }
}
