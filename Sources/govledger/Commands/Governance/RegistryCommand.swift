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
