import ArgumentParser
import Foundation
import Governance
import LedgerCore

struct CostsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "costs",
        abstract: "Model costs by category, with spot savings and the cost saved by skipped promotions.",
        discussion: "'govledger costs [MODEL]' reports; 'govledger costs record MODEL …' records a cost (cost.recorded).",
        subcommands: [Report.self, Record.self],
        defaultSubcommand: Report.self)

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "record", abstract: "Record a model's cost for a period (cost.recorded).")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
        @Option(help: ArgumentHelp("The period, such as 2025-04.", valueName: "period")) var period: String
        @Option(help: ArgumentHelp("training, inference or storage.", valueName: "category")) var category: String
        @Option(name: .customLong("amount-usd"), help: ArgumentHelp("What was paid, in US dollars.", valueName: "n")) var amount: Double
        @Option(name: .customLong("on-demand-usd"), help: ArgumentHelp("What the same capacity costs on demand (spot savings).", valueName: "n")) var onDemand: Double?
        @Option(help: ArgumentHelp("A remark.", valueName: "text")) var note: String?

        func run() async throws {
            guard let kind = CostRecorded.Category(rawValue: category) else { throw ValidationError("--category must be training, inference or storage.") }
            guard amount.isFinite, amount >= 0 else { throw ValidationError("--amount-usd must be a number of 0 or more.") }
            if let onDemand, !(onDemand.isFinite && onDemand >= 0) { throw ValidationError("--on-demand-usd must be a number of 0 or more.") }
            try await options.execute(.recordCost(model: try GovernanceArguments.model(model), period: period, category: kind, amountUSD: amount, onDemandUSD: onDemand, note: note))
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "report", abstract: "Costs per model (the default).")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag
        @Argument(help: ArgumentHelp("Only this model (slug or name).", valueName: "model")) var model: String?

        func run() async throws {
            let state = try await ledger.governance().registry()
            var models = state.modelsInOrder
            if let model {
                let slug = try GovernanceArguments.model(model)
                guard let record = state.models[slug] else {
                    throw LedgerError(.invalidField, "model \(slug) is not registered; 'govledger registry' lists the models")
                }
                models = [record]
            }
            struct Row { let slug: String; let training: Double; let inference: Double; let storage: Double; let retraining: Double; let spot: Double; let skipped: Double }
            let rows = models.map { record -> Row in
                func sum(_ category: CostRecorded.Category) -> Double { record.costs.filter { $0.category == category }.map(\.amountUSD).reduce(0, +) }
                return Row(
                    slug: record.slug.rawValue, training: sum(.training), inference: sum(.inference), storage: sum(.storage),
                    retraining: record.retrainingRuns.map(\.run.costUSD).reduce(0, +), spot: record.costs.map(\.savedUSD).reduce(0, +),
                    skipped: record.retrainingRuns.filter { $0.run.outcome != .promoted }.compactMap(\.run.promotionCostUSD).reduce(0, +))
            }.filter { model != nil || $0.training + $0.inference + $0.storage + $0.retraining > 0 }
            if output.json {
                Output.json(.object(["models": .array(rows.map { row in
                    .object([
                        "model": .string(row.slug), "training_usd": .number(row.training), "inference_usd": .number(row.inference),
                        "storage_usd": .number(row.storage), "retraining_runs_usd": .number(row.retraining), "spot_saved_usd": .number(row.spot),
                        "skipped_promotions_saved_usd": .number(row.skipped),
                    ])
                })]))
                return
            }
            guard !rows.isEmpty else {
                Output.line("No costs recorded; record one with govledger costs record MODEL --period … --category … --amount-usd …")
                return
            }
            func usd(_ value: Double) -> String { String(format: "$%.2f", value) }
            let table = rows.map { [$0.slug, usd($0.training), usd($0.inference), usd($0.storage), usd($0.retraining), usd($0.spot), usd($0.skipped)] }
            for line in GovernanceOutput.table(["Model", "Training", "Inference", "Storage", "Retraining runs", "Spot saved", "Skipped promotions saved"], table) {
                Output.line(line)
            }
            let total = rows.map { $0.training + $0.inference + $0.storage + $0.retraining }.reduce(0, +)
            let saved = rows.map { $0.spot + $0.skipped }.reduce(0, +)
            Output.line("Total spent: \(usd(total)) · saved: \(usd(saved)) (spot versus on-demand, and promotions skipped by the retraining decisions)")
        }
    }
}
