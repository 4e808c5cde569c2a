import ArgumentParser
import Foundation
import Governance
import LedgerCore

struct RetrainingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retraining",
        abstract: "Record retraining runs and print a model's retraining decision log.",
        subcommands: [Record.self, Log.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record a retraining run (retraining.completed); the ledger computes deltas and the auto-approval rule.",
            discussion: """
                Deltas are the retrained version's lineage metrics minus the production version's. The auto-approval rule \
                (policy retraining.auto_approve: improvement above 1.0% in accuracy, every required suite passed, no open \
                drift alert) is evaluated and recorded; a promoted run that is not eligible needs the tier's approvals.
                """)

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
        @Option(help: ArgumentHelp("promoted, kept or failed.", valueName: "outcome")) var outcome: String
        @Option(help: ArgumentHelp("The retrained version (required unless failed).", valueName: "x.y.z")) var version: String?
        @Option(help: ArgumentHelp("Why the run failed or was kept.", valueName: "text")) var reason: String?
        @Option(name: .customLong("cost-usd"), help: ArgumentHelp("What the run cost, in US dollars.", valueName: "n")) var cost: Double
        @Option(name: .customLong("duration-hours"), help: ArgumentHelp("How long the run took, in hours.", valueName: "n")) var duration: Double
        @Option(name: .customLong("promotion-cost-usd"), help: ArgumentHelp("What promoting would cost (saved when not promoted).", valueName: "n")) var promotionCost: Double?

        func run() async throws {
            guard let kind = RetrainingCompleted.Outcome(rawValue: outcome) else {
                throw ValidationError("--outcome must be promoted, kept or failed.")
            }
            for (name, value) in [("--cost-usd", cost), ("--duration-hours", duration), ("--promotion-cost-usd", promotionCost ?? 0)] where !(value.isFinite && value >= 0) {
                throw ValidationError("\(name) must be a number of 0 or more.")
            }
            if kind == .failed, reason == nil { throw ValidationError("A failed run needs --reason.") }
            if kind != .failed, version == nil { throw ValidationError("A \(kind) run needs --version, the retrained version.") }
            try await options.execute(.recordRetraining(
                model: try GovernanceArguments.model(model), version: try version.map(GovernanceArguments.version), outcome: kind,
                reason: reason, costUSD: cost, durationHours: duration, promotionCostUSD: promotionCost))
        }
    }

    struct Log: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "log",
            abstract: "A model's retraining decision log: each run, its outcome, deltas, cost and decision, with totals.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String

        func run() async throws {
            let slug = try GovernanceArguments.model(model)
            let (state, _) = try await ledger.governance().state(models: [slug])
            guard let record = state.models[slug] else {
                throw LedgerError(.invalidField, "model \(slug) is not registered; 'govledger registry' lists the models")
            }
            let runs = record.retrainingRuns
            let promoted = runs.filter { $0.run.outcome == .promoted }.count
            let failures = runs.filter { $0.run.outcome == .failed }.count
            let saved = runs.filter { $0.run.outcome != .promoted }.compactMap(\.run.promotionCostUSD).reduce(0, +)
            let spent = runs.map(\.run.costUSD).reduce(0, +)
            let rate = runs.isEmpty ? 0 : Double(promoted) / Double(runs.count)
            if output.json {
                Output.json(.object([
                    "model": .string(slug.rawValue),
                    "runs": .array(runs.map { run in
                        var object = run.run.payload
                        object["time"] = .string(run.time.description)
                        object["seq"] = run.seq.map { .number(Double($0)) }
                        return .object(object)
                    }),
                    "promotion_rate": .number(rate), "failures": .number(Double(failures)), "cost_usd": .number(spent),
                    "cost_saved_usd": .number(saved),
                ]))
                return
            }
            guard !runs.isEmpty else {
                Output.line("\(slug) has no retraining runs; record one with govledger retraining record \(slug) --outcome …")
                return
            }
            let rows = runs.map { entry -> [String] in
                let run = entry.run
                return [String(entry.time.description.prefix(10)), run.version?.description ?? "—", run.outcome.rawValue,
                        run.production == nil || run.version == nil ? "—" : String(format: "%+.2f%%", run.autoApproval.improvement * 100),
                        "$" + run.costUSD.figure, run.durationHours.figure + " h", run.autoApproval.decision.replacingOccurrences(of: "_", with: " "),
                        run.reason ?? ""]
            }
            for line in GovernanceOutput.table(["Date", "Version", "Outcome", "ΔAccuracy", "Cost", "Duration", "Decision", "Reason"], rows) {
                Output.line(line)
            }
            Output.line("Runs: \(runs.count) · promoted: \(promoted) (\(String(format: "%.0f", rate * 100))%) · failures: \(failures) · cost: $\(spent.figure) · saved by skipped promotions: $\(saved.figure)")
        }
    }
}
