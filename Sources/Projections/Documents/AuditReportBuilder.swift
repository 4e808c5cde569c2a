public import Governance
public import LedgerCore
import Foundation

/// Builds an audit report for one or more models and a period, over the seven areas of the
/// policy's annual model audit programme: performance (actual against stated), data quality and
/// provenance, bias and fairness, monitoring effectiveness, governance compliance, security, and
/// business value. Every claim cites the entries it comes from, and the findings of each area
/// (`audit.finding.recorded`) are listed with their remediation.
public struct AuditReportBuilder: Sendable {
    public let dossiers: [ModelDossier]
    public let state: ProjectionState
    public let policy: Policy?
    /// The period, inclusive at both ends.
    public let from: Timestamp
    public let to: Timestamp
    public let now: Timestamp

    public init(dossiers: [ModelDossier], state: ProjectionState, policy: Policy?, from: Timestamp, to: Timestamp, now: Timestamp) {
        self.dossiers = dossiers
        self.state = state
        self.policy = policy
        self.from = from
        self.to = to
        self.now = now
    }

    func inPeriod(_ source: ModelDossier.Source) -> Bool {
        guard let time = Timestamp(source.time) else { return false }
        return !(time < from) && !(to < time)
    }

    func label(_ dossier: ModelDossier) -> String { dossiers.count > 1 ? "\(dossier.name): " : "" }

    func governance(_ dossier: ModelDossier) -> TierGovernance? {
        RiskTier(rawValue: dossier.tier).flatMap { policy?.tier($0)?.governance }
    }

    /// The report.
    public func build() -> Document {
        let names = dossiers.map(\.name).joined(separator: ", ")
        let period = "\(from.description.prefix(10)) to \(to.description.prefix(10))"
        var facts = [Document.Fact("Models", names.isEmpty ? "none" : names), Document.Fact("Period", period)]
        let policies = state.policies.filter { inPeriod($0.source) || $0.source.seq == state.policy(at: firstSeqInPeriod ?? state.position)?.source.seq }
        if !policies.isEmpty {
            facts.append(.init("Policy in force", policies.map { "\($0.name) \($0.version) (digest \($0.digest.prefix(12))…, seq \($0.source.seq))" }.joined(separator: "; ")))
        }
        facts.append(.init("Log position", "\(state.position) entries"))
        var flags: [String] = []
        let open = dossiers.flatMap { d in d.findings.filter { $0.remediated == nil }.map { (d, $0) } }
        let overdue = open.filter { $0.1.due < String(now.description.prefix(10)) }
        if !overdue.isEmpty {
            flags.append("\(overdue.count) open finding(s) past their due date: " + overdue.map { "\($0.0.slug) seq \($0.1.source.seq) (due \($0.1.due))" }.joined(separator: ", ") + ".")
        }
        return Document(
            title: "Model audit report", subtitle: "\(names) · \(period)", facts: facts, flags: flags,
            sections: [
                area(.performance, performance), area(.data, data), area(.fairness, fairness), area(.monitoring, monitoring),
                area(.governance, governanceCompliance), area(.security, security), area(.businessValue, businessValue),
            ],
            position: state.position, generated: now.description)
    }

    var firstSeqInPeriod: Int? {
        dossiers.flatMap { [$0.registered] + $0.versions.flatMap { $0.transitions.map(\.source) } }.filter(inPeriod).map(\.seq).min()
    }

    func area(_ area: AuditArea, _ statements: (ModelDossier) -> [Document.Statement]) -> Document.Section {
        var all: [Document.Statement] = []
        for dossier in dossiers {
            all += statements(dossier).map { Document.Statement(label(dossier) + $0.text, sources: $0.sources) }
            for finding in dossier.findings where finding.area == area.rawValue && (inPeriod(finding.source) || finding.remediated == nil) {
                var text = "Finding (\(finding.severity)): \(Self.sentence(finding.observation)) Remediation: \(Self.sentence(finding.remediation)) Owner \(finding.owner), due \(finding.due)"
                var sources = [finding.source.seq]
                if let remediated = finding.remediated {
                    text += "; remediated \(remediated.time.prefix(10)) by \(remediated.actor)" + (finding.remediationNote.map { ": " + Self.trimmed($0) } ?? "")
                    sources.append(remediated.seq)
                } else {
                    text += "; open"
                }
                all.append(.init(label(dossier) + text + ".", sources: sources))
            }
        }
        return .init(id: area.rawValue, title: area.title, statements: all, empty: "Nothing is recorded in this area for the period.")
    }

    func performance(_ d: ModelDossier) -> [Document.Statement] {
        var out: [Document.Statement] = []
        for version in d.versions where version.stage == "production" || version.transitions.contains(where: { inPeriod($0.source) }) {
            let stated = version.lineage.metrics.keys.sorted().map { "\($0) \(readable(version.lineage.metrics[$0]!))" }
            if !stated.isEmpty { out.append(.init("Stated for \(version.version): " + stated.joined(separator: ", ") + ".", sources: [version.registered.seq])) }
        }
        if let latest = d.snapshots.latest {
            let measured = ["accuracy", "precision", "recall", "f1", "auc_roc"].compactMap { name in
                latest.performance[name].map { value in "\(name) \(readable(value))" + (latest.baseline[name].map { " (baseline \(readable($0)))" } ?? "") }
            }
            if !measured.isEmpty {
                out.append(.init("Measured in production, window \(latest.window) of \(latest.version): " + measured.joined(separator: ", ") + ".", sources: [latest.source.seq]))
            }
            let decays = latest.metrics.filter { $0.name.hasSuffix("_decay") }
            if !decays.isEmpty {
                out.append(.init("Decay against the baseline: " + decays.map { "\($0.name) \(readable($0.value)) (threshold \(readable($0.threshold)), \($0.status))" }.joined(separator: ", ") + ".", sources: [latest.source.seq]))
            }
        }
        for deployment in d.deployments where inPeriod(deployment.source) {
            out.append(.init(
                "\(deployment.strategy) rollout of \(deployment.version) to \(deployment.environment): \(deployment.reports) report(s), \(deployment.breaches) beyond the rollback criteria" + (deployment.rolledBack != nil ? ", rolled back" : "") + ".",
                sources: [deployment.seq] + [deployment.rolledBack?.seq].compactMap { $0 }))
        }
        for test in d.abTests where inPeriod(test.source) {
            out.append(.init("A/B test of \(test.version) on \(test.metric): improvement \(readable(test.improvement)), \(test.accepted ? "accepted" : "not significant").", sources: [test.source.seq]))
        }
        return out
    }

    func data(_ d: ModelDossier) -> [Document.Statement] {
        var out: [Document.Statement] = []
        for version in d.versions where inPeriod(version.registered) || version.stage == "production" {
            var parts: [String] = []
            if let dataset = version.lineage.datasetSHA256 { parts.append("dataset SHA-256 \(dataset)") }
            if let features = version.lineage.featureSetVersion { parts.append("feature set \(features)") }
            out.append(.init(
                "Provenance of \(version.version): " + (parts.isEmpty ? "no dataset hash or feature set recorded" : parts.joined(separator: ", ")) + ".",
                sources: [version.registered.seq]))
        }
        if let latest = d.snapshots.latest {
            let quality = latest.metrics.filter { $0.name.hasPrefix("missing_value") || $0.name.hasPrefix("input_schema") || $0.name.hasPrefix("data_drift_psi") }
            if !quality.isEmpty {
                out.append(.init("Data quality and drift in window \(latest.window): " + quality.map { "\($0.name) \(readable($0.value)) (\($0.status))" }.joined(separator: ", ") + ".", sources: [latest.source.seq]))
            }
        }
        if d.lineage.batches > 0 {
            out.append(.init(
                "Prediction lineage: \(d.lineage.records) records in \(d.lineage.batches) batches" + (d.lineage.first.map { " from \($0.prefix(10))" } ?? "") + (d.lineage.last.map { " to \($0.prefix(10))" } ?? "") + ".",
                sources: [d.lineage.lastBatch].compactMap { $0 }))
        }
        return out
    }

    func fairness(_ d: ModelDossier) -> [Document.Statement] {
        var out: [Document.Statement] = []
        let tests = d.versions.flatMap { v in v.biasTests.map { (v.version, $0) } }
        for (version, test) in tests where inPeriod(test.source) {
            out.append(.init(
                "Bias test of \(version) on \(test.attribute) \(test.passed ? "passed" : "FAILED"): " + test.verdict.map { "\($0.name) = \($0.value)\($0.passed ? "" : " ✗")" }.joined(separator: ", ") + ".",
                sources: [test.source.seq]))
        }
        if let g = governance(d), g.biasTesting != .notRequired {
            let last = tests.map(\.1.source).max { $0.seq < $1.seq }
            var text = "The policy makes bias testing \(g.biasTesting.rawValue.replacingOccurrences(of: "_", with: " ")) for Tier \(d.tier)"
            if let every = g.biasRetestEvery { text += ", retested every \(every)" }
            if let last, let time = Timestamp(last.time), let every = g.biasRetestEvery {
                let due = time.adding(milliseconds: Int64(every.approximateSeconds * 1000))
                text += due < now ? "; the last test (\(last.time.prefix(10))) is past its retest date \(due.description.prefix(10))" : "; the last test (\(last.time.prefix(10))) is current"
            } else if last == nil {
                text += "; no bias test is recorded"
            }
            out.append(.init(text + ".", sources: [last?.seq].compactMap { $0 }))
        }
        return out
    }

    func monitoring(_ d: ModelDossier) -> [Document.Statement] {
        var out: [Document.Statement] = []
        if d.snapshots.count > 0 {
            out.append(.init("\(d.snapshots.count) monitoring snapshots recorded, \(d.snapshots.alerting) of them raising alerts.", sources: [d.snapshots.first?.seq, d.snapshots.latest?.source.seq].compactMap { $0 }))
        }
        for alert in d.alerts where inPeriod(alert.raised) || alert.resolved == nil {
            var text = "\(alert.severity.capitalized) alert on \(alert.metric) of \(alert.version): \(readable(alert.value)) against \(readable(alert.threshold)), raised \(alert.raised.time.prefix(16))"
            var sources = [alert.raised.seq]
            if let resolved = alert.resolved, let start = Timestamp(alert.raised.time), let end = Timestamp(resolved.time) {
                let hours = Double(end.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 3_600_000
                text += ", resolved after \(readable(hours)) h" + (alert.resolvedValue.map { " at \(readable($0))" } ?? "")
                sources.append(resolved.seq)
            } else {
                text += ", still open"
            }
            out.append(.init(text + ".", sources: sources))
        }
        for trigger in d.retrainingTriggers where inPeriod(trigger.source) {
            out.append(.init("Retraining triggered for \(trigger.version) by \(trigger.triggers.joined(separator: ", ")) in window \(trigger.window).", sources: [trigger.source.seq]))
        }
        for run in d.retrainingRuns where inPeriod(run.source) {
            out.append(.init("Retraining run \(run.outcome)\(run.version.map { " (\($0))" } ?? ""): \(readable(run.durationHours)) h, $\(readable(run.costUSD)); \(run.decision).", sources: [run.source.seq]))
        }
        return out
    }

    /// `text` without a final full stop, to end a longer sentence.
    static func trimmed(_ text: String) -> String { text.hasSuffix(".") ? String(text.dropLast()) : text }

    /// `text` ending with a full stop.
    static func sentence(_ text: String) -> String { trimmed(text) + "." }

    func governanceCompliance(_ d: ModelDossier) -> [Document.Statement] {
        var out: [Document.Statement] = []
        let transitions = d.versions.flatMap { v in v.transitions.map { (v, $0) } }.sorted { $0.1.source.seq < $1.1.source.seq }
        for (version, transition) in transitions {
            if inPeriod(transition.source) {
                var text = "\(version.version) \(transition.from) → \(transition.to) (\(transition.cause)) on \(transition.source.time.prefix(10)) by \(transition.source.actor) under policy digest \(transition.policyDigest.prefix(12))…"
                var sources = [transition.source.seq]
                if let seq = transition.request, let request = d.requests.first(where: { $0.seq == seq }) {
                    let votes = request.votes.map { "\($0.member) \($0.decision)" + ($0.dissent != nil ? " (dissent)" : "") }
                    if !votes.isEmpty { text += "; votes: " + votes.joined(separator: ", ") }
                    if let decision = request.decision { text += "; decision \(decision.outcome) \(decision.approve)/\(decision.members) with quorum \(decision.quorum)" }
                    if !request.signoffs.isEmpty { text += "; sign-offs: " + request.signoffs.map { "\($0.role) by \($0.source.actor)" }.joined(separator: ", ") }
                    sources += [request.seq] + request.votes.map(\.source.seq) + request.signoffs.map(\.source.seq) + [request.decision?.source.seq].compactMap { $0 }
                }
                out.append(.init(text + ".", sources: sources))
            }
        }
        let card = ModelCardBuilder(dossier: d, policy: policy, now: now, position: state.position)
        var cardText = "Model card: last reviewed " + (d.cardReview.map { "\($0.time.prefix(10))" } ?? "never")
        if card.isOverdue, let due = card.reviewDue { cardText += ", review overdue since \(due.description.prefix(10))" }
        if !card.missingSections.isEmpty { cardText += "; required sections missing: " + card.missingSections.map(\.title).joined(separator: ", ") }
        out.append(.init(cardText + ".", sources: [d.cardReview?.seq].compactMap { $0 }))
        return out
    }

    func security(_ d: ModelDossier) -> [Document.Statement] {
        var out: [Document.Statement] = []
        for version in d.versions where version.stage == "production" || inPeriod(version.registered) {
            var parts: [String] = []
            if let artifact = version.lineage.artifactSHA256 { parts.append("artifact SHA-256 \(artifact)") }
            if let sbom = version.lineage.sbomSHA256 { parts.append("SBOM SHA-256 \(sbom)") }
            if let image = version.lineage.imageDigest { parts.append("image \(image)") }
            out.append(.init(
                "Integrity of \(version.version): " + (parts.isEmpty ? "no artifact digest recorded" : parts.joined(separator: ", ")) + ".",
                sources: [version.registered.seq]))
        }
        var actors: [String: Int] = [:]
        for source in sources(of: d) where inPeriod(source) { actors[source.actor, default: 0] += 1 }
        if !actors.isEmpty {
            out.append(.init("Entries in the period by principal: " + actors.keys.sorted().map { "\($0) (\(actors[$0]!))" }.joined(separator: ", ") + "."))
        }
        return out
    }

    func businessValue(_ d: ModelDossier) -> [Document.Statement] {
        var out: [Document.Statement] = []
        let costs = d.costs.filter { inPeriod($0.source) }
        if !costs.isEmpty {
            var byCategory: [String: Double] = [:]
            for cost in costs { byCategory[cost.category, default: 0] += cost.amountUSD }
            let saved = costs.compactMap { c in c.onDemandUSD.map { $0 - c.amountUSD } }.reduce(0, +)
            out.append(.init(
                "Costs: " + byCategory.keys.sorted().map { "\($0) $\(readable(byCategory[$0]!))" }.joined(separator: ", ") + (saved > 0 ? "; $\(readable(saved)) saved against on-demand prices" : "") + ".",
                sources: costs.map(\.source.seq)))
        }
        let runs = d.retrainingRuns.filter { inPeriod($0.source) }
        if !runs.isEmpty {
            out.append(.init("Retraining spend: $\(readable(runs.map(\.costUSD).reduce(0, +))) over \(runs.count) run(s).", sources: runs.map(\.source.seq)))
        }
        return out
    }

    /// Every source of a dossier, for counting who wrote what.
    func sources(of d: ModelDossier) -> [ModelDossier.Source] {
        var all = [d.registered] + d.tierChanges.map(\.source) + d.costs.map(\.source) + d.abTests.map(\.source) + d.findings.map(\.source)
        for v in d.versions {
            all += [v.registered] + v.transitions.map(\.source) + v.validations.map(\.source) + v.biasTests.map(\.source)
        }
        for r in d.requests { all += [r.source] + r.votes.map(\.source) + r.signoffs.map(\.source) + [r.decision?.source].compactMap { $0 } }
        all += d.alerts.map(\.raised) + d.retrainingTriggers.map(\.source) + d.retrainingRuns.map(\.source) + d.deployments.map(\.source)
        return all
    }
}
