import ArgumentParser
import Foundation
import Governance
import LedgerCore
import LedgerServer
import LedgerStore

struct HoldCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold",
        abstract: "Place and release legal holds: a held model's entries are never purged.",
        subcommands: [Place.self, Release.self, List.self])

    struct Place: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "place", abstract: "Place a legal hold on a model.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag
        @OptionGroup var actor: ActorOption
        @Argument(help: ArgumentHelp("The model (its stream name after model/).", valueName: "model")) var model: String
        @Option(help: "Why the hold is needed.") var reason: String
        @Option(name: .customLong("case"), help: ArgumentHelp("The legal case or matter ID.", valueName: "id")) var caseID: String

        func run() async throws {
            let entry = try await HoldCommand.refusingAsUsage {
                try await RetentionOperations.placeHold(
                    model: model, caseID: caseID, reason: reason, actor: try actor.principal(), store: try ledger.open(), service: try ledger.governance())
            }
            HoldCommand.report(entry, json: output.json, text: "Legal hold placed on \(model) (case \(caseID)) at seq \(entry.header.seq).")
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "release", abstract: "Release a legal hold.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag
        @OptionGroup var actor: ActorOption
        @Argument(help: ArgumentHelp("The model.", valueName: "model")) var model: String
        @Option(help: "Why the hold ends.") var reason: String
        @Option(name: .customLong("case"), help: ArgumentHelp("The case ID of the hold to release.", valueName: "id")) var caseID: String

        func run() async throws {
            let entry = try await HoldCommand.refusingAsUsage {
                try await RetentionOperations.releaseHold(
                    model: model, caseID: caseID, reason: reason, actor: try actor.principal(), store: try ledger.open(), service: try ledger.governance())
            }
            HoldCommand.report(entry, json: output.json, text: "Legal hold on \(model) (case \(caseID)) released at seq \(entry.header.seq).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List active legal holds.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let store = try ledger.open()
            let holds = try RetentionOperations.holds(store: store)
            if output.json {
                Output.json(["holds": .array(holds.map { .object(RetentionOperations.json($0)) })])
            } else if holds.isEmpty {
                Output.line("No active legal holds.")
            } else {
                for hold in holds {
                    Output.line("\(hold.model)\tcase \(hold.caseID)\tsince \(hold.placedAt) by \(hold.placedBy)\t\(hold.reason)")
                }
            }
        }
    }

    /// Runs `body`, turning a refusal into a usage error (exit 2).
    static func refusingAsUsage<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let refusal as RetentionOperations.Refusal {
            throw CommandFailure.usage(refusal.message)
        }
    }

    static func report(_ entry: Entry, json: Bool, text: String) {
        if json {
            Output.json(["seq": .int(entry.header.seq), "type": .string(entry.header.type.rawValue), "stream": .string(entry.header.stream.rawValue)])
        } else {
            Output.line(text)
        }
    }
}
