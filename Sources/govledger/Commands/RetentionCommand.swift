import ArgumentParser
import Foundation
import Governance
import LedgerCore
import LedgerServer
import LedgerStore

struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Purge payloads whose retention window has ended, keeping every header and proof.",
        discussion: "See docs/retention.md for the rules, legal holds and how to audit a purge.",
        subcommands: [Plan.self, Apply.self, Audit.self])

    struct Plan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan", abstract: "Dry run: list what would be purged as of a date, per class and model.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag
        @Option(name: .customLong("as-of"), help: ArgumentHelp("The date to plan for (2025-01-15 or a full timestamp; default now).", valueName: "date"))
        var asOf: String?

        func run() async throws {
            let store = try ledger.open()
            let plan = try RetentionCommand.makePlan(store: store, asOf: try RetentionCommand.date(asOf, store: store))
            RetentionCommand.print(plan.plan, json: output.json)
        }
    }

    struct Apply: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apply",
            abstract: "Purge the payloads the plan lists and append one retention.purged entry, atomically.",
            discussion: "Without --yes it prints the plan and writes nothing. Running it again purges nothing more.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag
        @OptionGroup var actor: ActorOption
        @Option(name: .customLong("as-of"), help: ArgumentHelp("Purge what has expired by this date (default now; never later than now).", valueName: "date"))
        var asOf: String?
        @Flag(help: "Really purge.") var yes = false

        func run() async throws {
            let store = try ledger.open()
            let principal = try actor.principal()
            let planner = try RetentionCommand.makePlan(store: store, asOf: try RetentionCommand.date(asOf, store: store))
            let plan = planner.plan
            guard !plan.purgeable.isEmpty else {
                if output.json {
                    Output.json(["purged": 0, "asOf": .string(plan.asOf.description)])
                } else {
                    Output.line("Nothing to purge as of \(plan.asOf).")
                }
                return
            }
            guard yes else {
                RetentionCommand.print(plan, json: output.json)
                throw CommandFailure.usage("This would purge \(plan.purgeable.count) payloads. Review the plan above and run again with --yes to purge.")
            }
            guard let record = try RetentionOperations.purge(planner, store: store, actor: principal) else {
                throw CommandFailure.failed("Nothing was purged: the plan changed while it was applied; run it again.")
            }
            if output.json {
                var object = plan.json
                object["purged"] = .number(Double(plan.purgeable.count))
                object["recordSeq"] = .int(record.header.seq)
                Output.json(.object(object))
            } else {
                Output.line("Purged \(plan.purgeable.count) payloads; recorded as retention.purged at seq \(record.header.seq). Headers and proofs are unchanged.")
            }
        }
    }

    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Check that every recorded purge was lawful: expired windows only, no legal hold, asOf not in its future.",
            discussion: "Exits 1 listing each unlawful purge. A regulator can run the same check from an export: see docs/retention.md.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let store = try ledger.open()
            var audit = RetentionAudit()
            var records = 0
            try store.forEachEntry(EntryQuery()) { row in
                let header = try EntryHeader(canonicalBytes: row.headerBytes)
                let type = header.type.rawValue
                if type == "retention.purged", let payload = try row.payload?.object() {
                    audit.check(record: header, payload: payload)
                    records += 1
                }
                try audit.state.apply(header: header, payload: try row.payload?.object())
                audit.observe(header)
            }
            if output.json {
                Output.json(["ok": .bool(audit.violations.isEmpty), "purgeRecords": .int(records),
                             "violations": .array(audit.violations.map { .string($0.description) })])
            } else if audit.violations.isEmpty {
                Output.line("OK: \(records) purge records checked; every purged payload had outlived its window and no model was on hold.")
            }
            if !audit.violations.isEmpty {
                if !output.json { audit.violations.prefix(50).forEach { Output.line("VIOLATION \($0)") } }
                throw CommandFailure.failed("\(audit.violations.count) unlawful purges found (first: \(audit.violations[0])).")
            }
        }
    }

    /// The as-of date: given or now, and never in the future (that would purge early).
    static func date(_ text: String?, store: SQLiteEventStore) throws -> Timestamp {
        let now = LedgerClock.system.now()
        guard let text else { return now }
        guard let date = Timestamp(dateOrTimestamp: text) else {
            throw CommandFailure.usage("--as-of '\(text)' is not a date (2025-01-15) or an RFC 3339 UTC time with milliseconds.")
        }
        guard date <= now else {
            throw CommandFailure.usage("--as-of \(date) is in the future; purging as of a later date would delete data before its window ends.")
        }
        return date
    }

    /// Two passes: holds and extensions first (they may come after the entries they protect),
    /// then the plan.
    static func makePlan(store: SQLiteEventStore, asOf: Timestamp) throws -> RetentionPlanner {
        try RetentionOperations.plan(store: store, asOf: asOf)
    }

    static func print(_ plan: RetentionPlanner.Plan, json: Bool) {
        if json {
            Output.json(.object(plan.json))
            return
        }
        Output.line("Retention plan as of \(plan.asOf): \(plan.purgeable.count) payloads would be purged (\(plan.alreadyPurged) purged earlier).")
        for group in plan.groups {
            Output.line("  \(group.retention)\t\(group.model ?? "(shared)")\t\(group.count) entries\t\(group.oldest) … \(group.newest)")
        }
        for (model, count) in plan.held.sorted(by: { $0.key < $1.key }) {
            Output.line("  held\t\(model)\t\(count) entries past their window kept under legal hold")
        }
    }
}
