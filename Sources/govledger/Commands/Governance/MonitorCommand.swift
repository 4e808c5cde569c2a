import ArgumentParser
import Governance
import LedgerCore
import LedgerServer

struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Record a monitoring snapshot; the ledger computes drift, performance and statuses (monitoring.snapshot.recorded).",
        discussion: """
            The file is one JSON document per snapshot: {"model", "version", "window", "features": [{"name", "group", \
            "reference": {"edges", "counts"}, "current": {…}, "reference_sample", "current_sample"}], "predictions", "labels", \
            "performance", "calibration", "data_quality", "infrastructure", "new_records"} (docs/evidence.md has an example). \
            Every metric is judged by the model's tier; a breach raises drift.alert.raised and retraining.triggered in the \
            same atomic append, and a later snapshot back within bounds records drift.alert.resolved.
            """)

    @OptionGroup var options: GovernanceOptions
    @Option(help: ArgumentHelp("The snapshot, a JSON file.", valueName: "path")) var file: String

    func run() async throws {
        try await options.execute(try EvidenceDocument.snapshot(try EvidenceInput.document(file)))
    }
}

struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Drift alerts raised by monitoring snapshots, with their resolution.")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: JSONFlag
    @Flag(help: "Only the alerts not resolved yet.") var open = false

    func run() async throws {
        let state = try await ledger.governance().registry()
        let alerts = state.modelsInOrder.flatMap(\.alerts).filter { !open || $0.resolvedAt == nil }.sorted { ($0.seq ?? 0) < ($1.seq ?? 0) }
        if output.json {
            Output.json(.object(["alerts": .array(alerts.map { alert in
                var object: JSONObject = [
                    "model": .string(alert.model.rawValue), "version": .string(alert.version.description), "metric": .string(alert.metric),
                    "value": .number(alert.value), "threshold": .number(alert.threshold), "severity": .string(alert.severity),
                    "window": .string(alert.window), "raised_at": .string(alert.raisedAt.description), "open": .bool(alert.resolvedAt == nil),
                ]
                object["seq"] = alert.seq.map { .number(Double($0)) }
                object["resolved_at"] = alert.resolvedAt.map { .string($0.description) }
                object["resolved_window"] = alert.resolvedWindow.map { .string($0) }
                return .object(object)
            })]))
            return
        }
        if alerts.isEmpty {
            Output.line(open ? "No open drift alerts." : "No drift alerts.")
            return
        }
        let rows = alerts.map { alert in
            [String(alert.seq ?? 0), alert.model.rawValue, alert.version.description, alert.metric, alert.value.figure, alert.threshold.figure,
             alert.severity, alert.window, alert.resolvedWindow.map { "resolved [\($0)]" } ?? "OPEN"]
        }
        for line in GovernanceOutput.table(["Seq", "Model", "Version", "Metric", "Value", "Threshold", "Severity", "Window", "Status"], rows) {
            Output.line(line)
        }
    }
}

struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "A model's monitoring dashboard: every metric of the latest snapshot, its threshold and status.")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: JSONFlag
    @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String

    func run() async throws {
        let slug = try GovernanceArguments.model(model)
        let (state, _) = try await ledger.governance().state(models: [slug])
        guard let record = state.models[slug] else {
            throw LedgerError(.invalidField, "model \(slug) is not registered; 'govledger registry' lists the models")
        }
        guard let snapshot = record.lastSnapshot else {
            throw LedgerError(.invalidField, "\(slug) has no monitoring snapshot yet; record one with govledger monitor --file …")
        }
        let names = snapshot.metrics.keys.sorted()
        if output.json {
            Output.json(.object([
                "model": .string(slug.rawValue), "version": .string(snapshot.version.description), "window": .string(snapshot.window),
                "tier": .number(Double(record.tier.rawValue)),
                "metrics": .object(JSONObject(uniquingKeysWith: names.map { ($0, .object(snapshot.metrics[$0]!.json)) })),
                "open_alerts": .array(record.openAlerts.map { .string($0.metric) }),
            ]))
            return
        }
        Output.line("\(record.name) \(snapshot.version) — Tier \(record.tier) — window \(snapshot.window) (recorded \(snapshot.time))")
        let rows = names.map { name -> [String] in
            let metric = snapshot.metrics[name]!
            let bound = (metric.direction == .aboveIsBad ? "≤ " : "≥ ") + metric.threshold.figure
            return [name, metric.value.figure, bound, metric.status.rawValue.uppercased()]
        }
        for line in GovernanceOutput.table(["Metric", "Value", "Threshold", "Status"], rows) { Output.line(line) }
        let open = record.openAlerts
        Output.line(open.isEmpty ? "No open alerts." : "Open alerts: " + open.map { "\($0.metric) (\($0.severity), since \($0.window))" }.joined(separator: ", "))
    }
}
