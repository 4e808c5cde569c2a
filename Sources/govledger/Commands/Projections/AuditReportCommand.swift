import ArgumentParser
import Foundation
import Governance
import LedgerCore
import LedgerStore
import Projections

struct AuditReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit-report",
        abstract: "An audit report for a model (or every Tier 1 model) and a period, over the seven audit areas.",
        discussion: "Areas: performance (actual vs stated), data quality and provenance, bias and fairness, monitoring effectiveness, governance compliance, security, business value. Every claim cites its entries.")

    @OptionGroup var ledger: LedgerOptions
    @Option(help: ArgumentHelp("The model (slug or name).", valueName: "model")) var model: String?
    @Flag(name: .customLong("tier1"), help: "Every Tier 1 model instead of one.") var tier1 = false
    @Option(help: ArgumentHelp("The first day of the period (YYYY-MM-DD or RFC 3339). Default: the start of the log.", valueName: "date")) var from: String?
    @Option(help: ArgumentHelp("The last day of the period, inclusive. Default: now.", valueName: "date")) var to: String?
    @Option(help: ArgumentHelp("md (default) or html.", valueName: "format")) var format = "md"
    @Option(help: ArgumentHelp("Write to this file (refuses to overwrite) instead of standard output.", valueName: "file")) var out: String?
    @Option(help: ArgumentHelp("The templates directory.", valueName: "dir")) var templates: String?

    func validate() throws {
        guard (model == nil) != !tier1 else { throw ValidationError("Give exactly one of --model MODEL or --tier1.") }
        guard ["md", "html"].contains(format) else { throw ValidationError("--format must be md or html, not '\(format)'.") }
    }

    func run() async throws {
        let now = LedgerClock.system.now()
        let (start, end) = try ProjectionSupport.period(from: from, to: to, now: now)
        let (store, state) = try await ledger.projection()
        let dossiers = try model.map { [try ProjectionSupport.dossier($0, in: state)] } ?? state.dossiers.filter { $0.tier == 1 }
        let builder = AuditReportBuilder(
            dossiers: dossiers, state: state, policy: try await state.latestPolicy(in: store), from: start, to: end, now: now)
        let library = try TemplateLibrary(directory: templates)
        try ProjectionSupport.write(try library.render(builder.build(), template: "audit-report", format: format == "html" ? .html : .markdown), to: out)
    }
}
