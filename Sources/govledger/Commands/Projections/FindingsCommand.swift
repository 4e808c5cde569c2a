import ArgumentParser
import Foundation
import Governance
import LedgerCore
import LedgerServer
import LedgerStore
import Projections

struct FindingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "findings",
        abstract: "Audit findings: list them, record one, record its remediation.",
        discussion: "Areas: \(AuditArea.allCases.map(\.rawValue).joined(separator: ", ")). Severities: \(AuditFindingRecorded.Severity.allCases.map(\.rawValue).joined(separator: ", ")). A finding is known by the seq of its entry.",
        subcommands: [List.self, Record.self, Remediate.self],
        defaultSubcommand: List.self)

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Audit findings, open ones first (the default).")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag
        @Argument(help: ArgumentHelp("Only this model (slug or name).", valueName: "model")) var model: String?
        @Flag(help: "Only findings not remediated yet.") var open = false

        func run() async throws {
            let (_, state) = try await ledger.projection()
            let dossiers = try model.map { [try ProjectionSupport.dossier($0, in: state)] } ?? state.dossiers
            var rows = ProjectionJSON.findingRows(dossiers)
            if open { rows = rows.filter { $0.1.remediated == nil } }
            if output.json {
                for (d, f) in rows { Output.json(.object(ProjectionJSON.finding(f, model: d))) }
                return
            }
            if rows.isEmpty {
                Output.line("No audit findings\(model.map { " for \($0)" } ?? "")\(open ? " open" : "").")
                return
            }
            let today = String(LedgerClock.system.now().description.prefix(10))
            for (d, f) in rows {
                let status: String
                if let remediated = f.remediated {
                    status = "remediated \(remediated.time.prefix(10)) (seq \(remediated.seq))"
                } else {
                    status = f.due < today ? "OPEN, overdue since \(f.due)" : "open, due \(f.due)"
                }
                Output.line("seq \(f.source.seq)  \(d.slug)  \(f.severity)  \(f.area)  owner \(f.owner)  \(status)")
                Output.line("    \(f.observation)")
                Output.line("    remediation: \(f.remediation)\(f.remediationNote.map { " — done: \($0)" } ?? "")")
            }
        }
    }

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "record", abstract: "Record an audit finding on a model (audit.finding.recorded).")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
        @Option(help: ArgumentHelp("The audit area: " + AuditArea.allCases.map(\.rawValue).joined(separator: ", ") + ".", valueName: "area")) var area: String
        @Option(help: ArgumentHelp("informational, low, medium, high or critical.", valueName: "level")) var severity: String
        @Option(help: ArgumentHelp("What was observed.", valueName: "text")) var observation: String
        @Option(help: ArgumentHelp("What must be done.", valueName: "text")) var remediation: String
        @Option(help: ArgumentHelp("Who must do it (a principal).", valueName: "principal")) var owner: String
        @Option(help: ArgumentHelp("By when (YYYY-MM-DD).", valueName: "date")) var due: String

        func validate() throws {
            guard AuditArea(rawValue: area) != nil else {
                throw ValidationError("--area must be one of " + AuditArea.allCases.map(\.rawValue).joined(separator: ", ") + ", not '\(area)'.")
            }
            guard AuditFindingRecorded.Severity(rawValue: severity) != nil else {
                throw ValidationError("--severity must be one of " + AuditFindingRecorded.Severity.allCases.map(\.rawValue).joined(separator: ", ") + ", not '\(severity)'.")
            }
            guard AuditFindingRecorded.isDate(due) else { throw ValidationError("--due must be a date YYYY-MM-DD, not '\(due)'.") }
            guard Principal(rawValue: owner) != nil else { throw ValidationError("--owner '\(owner)' is not a valid principal (such as risk-team@bank.example).") }
            for (name, value) in [("--observation", observation), ("--remediation", remediation)] where value.allSatisfy(\.isWhitespace) {
                throw ValidationError("\(name) must not be blank.")
            }
        }

        func run() async throws {
            try await options.execute(.recordFinding(
                model: try GovernanceArguments.model(model), area: AuditArea(rawValue: area)!, severity: AuditFindingRecorded.Severity(rawValue: severity)!,
                observation: observation, remediation: remediation, owner: Principal(rawValue: owner)!, due: due))
        }
    }

    struct Remediate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remediate", abstract: "Record that a finding was remediated (audit.finding.remediated).")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
        @Option(help: ArgumentHelp("The seq of the finding's entry (govledger findings lists them).", valueName: "seq")) var finding: Int
        @Option(help: ArgumentHelp("What was done.", valueName: "text")) var note: String

        func validate() throws {
            guard finding >= 0 else { throw ValidationError("--finding must be the seq of a finding (0 or more).") }
            guard !note.allSatisfy(\.isWhitespace) else { throw ValidationError("--note must say what was done.") }
        }

        func run() async throws {
            try await options.execute(.remediateFinding(model: try GovernanceArguments.model(model), finding: finding, note: note))
        }
    }
}
