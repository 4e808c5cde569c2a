import ArgumentParser
import Foundation
import Governance
import LedgerCore
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
            let store = try ledger.open()
            try HoldCommand.requireModel(model, in: store)
            let state = try RetentionCommand.makePlan(store: store, asOf: Timestamp(millisecondsSinceEpoch: 0)).state
            if state.holds[model]?.contains(where: { $0.caseID == caseID }) == true {
                throw CommandFailure.usage("Model \(model) is already on hold for case \(caseID).")
            }
            let principal = try actor.principal()
            try await HoldCommand.requireCompliance(principal, ledger: ledger)
            let entry = try HoldCommand.record(RetentionState.holdPlaced, model: model, caseID: caseID, reason: reason, actor: principal, store: store)
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
            let store = try ledger.open()
            let state = try RetentionCommand.makePlan(store: store, asOf: Timestamp(millisecondsSinceEpoch: 0)).state
            guard state.holds[model]?.contains(where: { $0.caseID == caseID }) == true else {
                throw CommandFailure.usage("Model \(model) has no active hold for case \(caseID); 'govledger hold list' shows the active holds.")
            }
            let principal = try actor.principal()
            try await HoldCommand.requireCompliance(principal, ledger: ledger)
            let entry = try HoldCommand.record(RetentionState.holdReleased, model: model, caseID: caseID, reason: reason, actor: principal, store: store)
            HoldCommand.report(entry, json: output.json, text: "Legal hold on \(model) (case \(caseID)) released at seq \(entry.header.seq).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List active legal holds.")
        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let store = try ledger.open()
            let holds = try RetentionCommand.makePlan(store: store, asOf: Timestamp(millisecondsSinceEpoch: 0)).state.holds
                .values.flatMap { $0 }.sorted { $0.placedSeq < $1.placedSeq }
            if output.json {
                Output.json(["holds": .array(holds.map { hold in
                    ["model": .string(hold.model), "case": .string(hold.caseID), "reason": .string(hold.reason),
                     "placedSeq": .int(hold.placedSeq), "placedBy": .string(hold.placedBy), "placedAt": .string(hold.placedAt.description)]
                })])
            } else if holds.isEmpty {
                Output.line("No active legal holds.")
            } else {
                for hold in holds {
                    Output.line("\(hold.model)\tcase \(hold.caseID)\tsince \(hold.placedAt) by \(hold.placedBy)\t\(hold.reason)")
                }
            }
        }
    }

    /// Holds are placed and released by principals holding the compliance role (assigned with
    /// 'govledger role assign'), once a policy with roles is in force.
    static func requireCompliance(_ principal: Principal, ledger: LedgerOptions) async throws {
        let (state, _) = try await ledger.governance().state(models: [])
        guard let policy = state.policy else { return }
        let compliance = RoleName(rawValue: "compliance")!
        guard policy.policy.roles[compliance] != nil else { return }
        guard state.holds(principal, role: compliance) else {
            throw CommandFailure.usage("Legal holds are placed and released by the compliance role, which \(principal) does not hold. Ask an administrator to run 'govledger role assign --principal \(principal) --role compliance', or act as a compliance officer.")
        }
    }

    static func requireModel(_ model: String, in store: SQLiteEventStore) throws {
        guard let stream = StreamName("model/" + model), try store.streamVersionNow(of: stream) > 0 else {
            throw CommandFailure.usage("There is no model '\(model)' in this ledger; 'govledger registry' lists the models.")
        }
    }

    static func record(_ type: String, model: String, caseID: String, reason: String, actor: Principal, store: SQLiteEventStore) throws -> Entry {
        guard !caseID.isEmpty, !reason.isEmpty else {
            throw CommandFailure.usage("--case and --reason must not be empty: a hold must say which matter it serves and why.")
        }
        let stream = try StreamName.parse("legal-hold/" + model)
        let draft = EntryDraft(
            stream: stream, type: try EventType.parse(type), actor: actor, retention: .sevenYears,
            payload: ["model": .string(model), "case": .string(caseID), "reason": .string(reason)],
            expectedVersion: try store.streamVersionNow(of: stream))
        guard let entry = try store.appendNow([draft]).first else { throw CommandFailure.failed("Nothing was written.") }
        return entry
    }

    static func report(_ entry: Entry, json: Bool, text: String) {
        if json {
            Output.json(["seq": .int(entry.header.seq), "type": .string(entry.header.type.rawValue), "stream": .string(entry.header.stream.rawValue)])
        } else {
            Output.line(text)
        }
    }
}
