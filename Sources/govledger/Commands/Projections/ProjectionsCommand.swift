import ArgumentParser
import Foundation
import LedgerCore
import LedgerServer
import LedgerStore
import Projections

struct ProjectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections",
        abstract: "The read models built from the log (model dossiers, board minutes, cards, findings).",
        discussion: """
            Read models are stored in the ledger file beside the log, with the position they reached, and \
            are brought up to date with the new entries before each card or report. They are never part of \
            the log: 'rebuild' discards them and folds the whole log again, with the same result.
            """,
        subcommands: [Status.self, Rebuild.self],
        defaultSubcommand: Status.self)

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Bring the read models up to date and say where they are.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let store = try ledger.open()
            let started = Date()
            let (state, outcome) = try await ProjectionUpdater(store: store, storage: store).update()
            ProjectionsCommand.report(state, outcome, seconds: Date().timeIntervalSince(started), json: output.json)
        }
    }

    struct Rebuild: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rebuild", abstract: "Discard the stored read models and fold the whole log again.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let store = try ledger.open()
            let started = Date()
            let (state, outcome) = try await ProjectionUpdater(store: store, storage: store).rebuild()
            ProjectionsCommand.report(state, outcome, seconds: Date().timeIntervalSince(started), json: output.json)
        }
    }

    static func report(_ state: ProjectionState, _ outcome: ProjectionUpdater<SQLiteEventStore>.Outcome, seconds: Double, json: Bool) {
        if json {
            Output.json(.object([
                "position": .int(state.position), "applied": .int(outcome.applied), "rebuilt": .bool(outcome.rebuilt),
                "models": .int(state.modelOrder.count), "seconds": .number((seconds * 1000).rounded() / 1000),
            ]))
        } else {
            let how = outcome.rebuilt ? "rebuilt from the start" : "updated from position \(outcome.from)"
            Output.line("Read models at position \(state.position) (\(how): \(outcome.applied) entries applied in \(String(format: "%.3f", seconds)) s); \(state.modelOrder.count) models.")
        }
    }
}
