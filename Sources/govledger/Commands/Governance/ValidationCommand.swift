import ArgumentParser
import Governance
import LedgerCore

struct ValidationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validation",
        abstract: "Record validation results; the ledger computes pass or fail.",
        subcommands: [Record.self])

    struct Record: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "record",
            abstract: "Record the measured values of one suite for a version (validation.recorded).",
            discussion: """
                --metrics is a JSON object of the suite's metrics and their measured values (numbers, or true/false for \
                boolean metrics), e.g. {"latency_p95_ms": 18, "throughput_rpm": 14200, …}. Every required metric must be \
                given and no other; pass or fail is computed from the policy's thresholds ('govledger policy show --json' \
                lists them). A failed suite is recorded too: it blocks promotion until a passing record replaces it.
                """)

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
        @Argument(help: ArgumentHelp("The version.", valueName: "version")) var version: String
        @Option(help: ArgumentHelp("The suite, e.g. infrastructure.", valueName: "suite")) var suite: String
        @Option(help: ArgumentHelp("The measured values, a JSON object (or @file).", valueName: "json")) var metrics: String
        @Option(help: ArgumentHelp("A remark, such as where the evidence is kept.", valueName: "text")) var note: String?

        func run() async throws {
            guard let suiteName = SuiteName(rawValue: suite) else {
                throw ValidationError("'\(suite)' is not a suite name: use snake case such as data_quality.")
            }
            var measurements: [MetricName: Measurement] = [:]
            for member in try GovernanceArguments.object(metrics, option: "--metrics") {
                guard let name = MetricName(rawValue: member.key) else {
                    throw LedgerError(.invalidField, "--metrics: '\(member.key)' is not a metric name; use snake case such as latency_p95_ms.")
                }
                guard let value = Measurement(json: member.value) else {
                    throw LedgerError(.invalidField, "--metrics: the value of '\(member.key)' must be a number or true/false.")
                }
                measurements[name] = value
            }
            try await options.execute(.recordValidation(
                model: try GovernanceArguments.model(model), version: try GovernanceArguments.version(version), suite: suiteName,
                measurements: measurements, note: note))
        }
    }
}
