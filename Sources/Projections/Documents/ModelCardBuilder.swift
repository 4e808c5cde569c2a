public import Governance
public import LedgerCore
import Foundation

/// Builds a model's card from its dossier: the sections of Mitchell et al., "Model Cards for Model
/// Reporting" (2019), plus the policy's Tier 1 items (known limitations and failure modes, risk
/// assessment, environmental impact). Facts come from the log (registration, lineage,
/// validations, bias tests, approvals, monitoring); the text only people can write comes from
/// `modelcard.section.set` entries. Every statement cites its entries.
///
/// The card is flagged when its last review is older than the tier's `model_card_review_every`
/// or when a section the tier's card kind requires has not been written.
public struct ModelCardBuilder: Sendable {
    public let dossier: ModelDossier
    public let policy: Policy?
    public let now: Timestamp
    public let position: Int

    public init(dossier: ModelDossier, policy: Policy?, now: Timestamp, position: Int) {
        self.dossier = dossier
        self.policy = policy
        self.now = now
        self.position = position
    }

    var governance: TierGovernance? { RiskTier(rawValue: dossier.tier).flatMap { policy?.tier($0)?.governance } }

    /// The sections the tier's card kind requires.
    public var requiredSections: [ModelCardSection] {
        switch governance?.modelCard {
        case .comprehensive?: ModelCardSection.comprehensive
        case .standard?: ModelCardSection.standard
        case .lightweight?, nil: ModelCardSection.lightweight
        }
    }

    /// Required sections nobody has written yet.
    public var missingSections: [ModelCardSection] {
        requiredSections.filter { dossier.cardSections[$0.rawValue] == nil }
    }

    /// When the next review is due, if the tier has a cadence.
    public var reviewDue: Timestamp? {
        guard let every = governance?.modelCardReviewEvery else { return nil }
        let since = dossier.cardReview.flatMap { Timestamp($0.time) } ?? Timestamp(dossier.registered.time)
        return since?.adding(milliseconds: Int64(every.approximateSeconds * 1000))
    }

    /// Whether the review is overdue at ``now``.
    public var isOverdue: Bool { reviewDue.map { $0 < now } ?? false }

    /// The card.
    public func build() -> Document {
        let version = dossier.cardVersion
        var facts = [
            Document.Fact("Model", "\(dossier.name) (\(dossier.slug))"),
            Document.Fact("Risk tier", tierName),
            Document.Fact("Owner", dossier.owner),
            Document.Fact("Card kind", governance?.modelCard.rawValue ?? "lightweight"),
        ]
        if let version { facts.append(.init("Version described", "\(version.version) (\(version.stage) since \(version.stageSince))")) }
        facts.append(.init("Last reviewed", dossier.cardReview.map { "\($0.time) by \($0.actor) (seq \($0.seq))" } ?? "never"))
        if let every = governance?.modelCardReviewEvery, let due = reviewDue {
            facts.append(.init("Review cadence", "every \(every) (next due \(due.description.prefix(10)))"))
        }
        var flags: [String] = []
        if isOverdue, let due = reviewDue {
            flags.append("Review overdue since \(due.description.prefix(10)): Tier \(dossier.tier) cards are reviewed every \(governance?.modelCardReviewEvery?.description ?? "?"). Record a review with govledger card review \(dossier.slug).")
        }
        if !missingSections.isEmpty {
            flags.append("Required sections not written: \(missingSections.map(\.title).joined(separator: ", ")). Write them with govledger card set \(dossier.slug) --section NAME --text ….")
        }
        return Document(
            title: "Model card: \(dossier.name)", subtitle: dossier.purpose, facts: facts, flags: flags,
            sections: [
                modelDetails(version), written(.intendedUse, fallback: [Document.Statement("Purpose as registered: \(dossier.purpose)", sources: [dossier.registered.seq])]),
                written(.intendedUsers), written(.outOfScopeUses), factors(version), metrics(version), written(.evaluationData),
                trainingData(version), quantitativeAnalyses(version), written(.ethicalConsiderations), written(.limitations),
                written(.failureModes), written(.riskAssessment), environmentalImpact(version), written(.caveats), approvals(version),
                monitoring(),
            ],
            position: position, generated: now.description)
    }

    var tierName: String {
        let name = RiskTier(rawValue: dossier.tier).flatMap { policy?.tier($0)?.name }
        return "Tier \(dossier.tier)" + (name.map { " (\($0))" } ?? "")
    }

    func text(_ section: ModelCardSection) -> Document.Statement? {
        dossier.cardSections[section.rawValue].map {
            Document.Statement($0.text + ($0.version.map { " (about version \($0))" } ?? ""), sources: [$0.source.seq])
        }
    }

    func written(_ section: ModelCardSection, fallback: [Document.Statement] = []) -> Document.Section {
        let statements = text(section).map { [$0] } ?? fallback
        let required = requiredSections.contains(section)
        return Document.Section(
            id: section.rawValue, title: section.title, statements: statements,
            empty: required ? "Required by the policy and not written yet." : "Not written.")
    }

    func modelDetails(_ version: ModelDossier.Version?) -> Document.Section {
        var statements = [
            Document.Statement("\(dossier.name), \(dossier.framework), owned by \(dossier.owner), registered \(dossier.registered.time.prefix(10)) as \(tierName).", sources: [dossier.registered.seq])
        ]
        statements += dossier.tierChanges.map { .init("Reclassified from Tier \($0.from) to Tier \($0.to): \($0.reason).", sources: [$0.source.seq]) }
        if let overview = text(.overview) { statements.append(overview) }
        if let version {
            var line = "Version \(version.version) (\(version.bump) change\(version.baseline.map { " from \($0)" } ?? "")) registered \(version.registered.time.prefix(10))"
            if let artifact = version.lineage.artifactSHA256 { line += "; artifact SHA-256 \(artifact)" }
            if let sbom = version.lineage.sbomSHA256 { line += "; SBOM SHA-256 \(sbom)" }
            if let image = version.lineage.imageDigest { line += "; image \(image)" }
            statements.append(.init(line + ".", sources: [version.registered.seq]))
            if let last = version.transitions.last {
                statements.append(.init("Stage \(version.stage) since \(version.stageSince.prefix(10)) (\(last.cause) from \(last.from)).", sources: [last.source.seq]))
            }
        }
        let others = dossier.versions.filter { $0.version != version?.version }.map { "\($0.version) (\($0.stage))" }
        if !others.isEmpty { statements.append(.init("Other versions: " + others.joined(separator: ", ") + ".")) }
        return .init(id: "model-details", title: "Model details", statements: statements)
    }

    func factors(_ version: ModelDossier.Version?) -> Document.Section {
        var statements = text(.factors).map { [$0] } ?? []
        if let version, !version.biasTests.isEmpty {
            let attributes = Set(version.biasTests.map(\.attribute)).sorted()
            statements.append(.init(
                "Evaluated across the protected attributes " + attributes.joined(separator: ", ") + ".",
                sources: version.biasTests.map(\.source.seq)))
        }
        if let classes = governance?.protectedClasses, !classes.isEmpty {
            statements.append(.init("The policy names these protected classes for this tier: " + classes.joined(separator: ", ") + "."))
        }
        return .init(id: "factors", title: ModelCardSection.factors.title, statements: statements)
    }

    func metrics(_ version: ModelDossier.Version?) -> Document.Section {
        guard let version else { return .init(id: "metrics", title: "Metrics", statements: []) }
        var statements: [Document.Statement] = []
        let measured = version.lineage.metrics.keys.sorted()
        if !measured.isEmpty {
            statements.append(.init(
                "Training evaluation of \(version.version): " + measured.map { "\($0) \(readable(version.lineage.metrics[$0]!))" }.joined(separator: ", ") + ".",
                sources: [version.registered.seq]))
        }
        for validation in latestValidations(version) {
            statements.append(.init(
                "Validation suite \(validation.suite) \(validation.passed ? "passed" : "FAILED"): "
                    + validation.metrics.map { "\($0.name) = \($0.value)\($0.passed ? "" : " ✗")" }.joined(separator: ", ") + ".",
                sources: [validation.source.seq]))
        }
        return .init(id: "metrics", title: "Metrics", statements: statements)
    }

    func trainingData(_ version: ModelDossier.Version?) -> Document.Section {
        var statements = text(.trainingData).map { [$0] } ?? []
        if let version {
            var facts: [String] = []
            if let dataset = version.lineage.datasetSHA256 { facts.append("training dataset SHA-256 \(dataset)") }
            if let features = version.lineage.featureSetVersion { facts.append("feature set \(features)") }
            if let hyper = version.lineage.hyperparameters { facts.append("hyperparameters \(hyper)") }
            if !facts.isEmpty { statements.append(.init("Lineage of \(version.version): " + facts.joined(separator: "; ") + ".", sources: [version.registered.seq])) }
        }
        let required = requiredSections.contains(.trainingData)
        return .init(id: "trainingData", title: ModelCardSection.trainingData.title, statements: statements,
                     empty: required ? "Required by the policy and not written yet." : "Not written.")
    }

    func quantitativeAnalyses(_ version: ModelDossier.Version?) -> Document.Section {
        var statements: [Document.Statement] = []
        for test in latestBiasTests(version) {
            statements.append(.init(
                "Bias test on \(test.attribute) (reference group \(test.reference); groups \(test.groups.joined(separator: ", "))) \(test.passed ? "passed" : "FAILED"): "
                    + test.verdict.map { "\($0.name) = \($0.value)\($0.passed ? "" : " ✗")" }.joined(separator: ", ") + ".",
                sources: [test.source.seq]))
        }
        if let explainability = version?.explainability {
            statements.append(.init(
                "Explainability (\(explainability.method)) \(explainability.passed ? "passed" : "FAILED"); top features: \(explainability.topFeatures.joined(separator: ", ")).",
                sources: [explainability.source.seq]))
        }
        let empty = governance?.biasTesting == .mandatory ? "No bias test is recorded for this version, and the policy makes it mandatory for this tier." : "No analysis by segment is recorded."
        return .init(id: "quantitative-analyses", title: "Quantitative analyses by segment", statements: statements, empty: empty)
    }

    func environmentalImpact(_ version: ModelDossier.Version?) -> Document.Section {
        var statements = text(.environmentalImpact).map { [$0] } ?? []
        if let version, version.lineage.trainingHours != nil || version.lineage.gpuType != nil || version.lineage.trainingCostUSD != nil {
            var parts: [String] = []
            if let hours = version.lineage.trainingHours { parts.append("\(readable(hours)) training hours") }
            if let gpu = version.lineage.gpuType { parts.append("on \(gpu)") }
            if let cost = version.lineage.trainingCostUSD { parts.append("costing $\(readable(cost))") }
            statements.append(.init("Training compute of \(version.version): " + parts.joined(separator: " ") + ".", sources: [version.registered.seq]))
        }
        let required = requiredSections.contains(.environmentalImpact)
        return .init(id: "environmentalImpact", title: ModelCardSection.environmentalImpact.title, statements: statements,
                     empty: required ? "Required by the policy and not written yet." : "Not written.")
    }

    func approvals(_ version: ModelDossier.Version?) -> Document.Section {
        guard let version else { return .init(id: "approvals", title: "Approvals", statements: []) }
        var statements: [Document.Statement] = []
        for request in dossier.requests where request.version == version.version {
            var line = "Request to move \(request.version) \(request.from) → \(request.to)"
            if let board = request.board { line += " before \(board) (quorum \(request.quorum ?? 0))" }
            if let decision = request.decision {
                line += ": \(decision.outcome), \(decision.approve) for, \(decision.reject) against, \(decision.abstain) abstaining"
            }
            let dissents = request.votes.filter { $0.dissent != nil }
            if !dissents.isEmpty { line += "; dissent recorded by " + dissents.map(\.member).joined(separator: ", ") }
            if !request.signoffs.isEmpty { line += "; signed off by " + request.signoffs.map { "\($0.role) (\($0.source.actor))" }.joined(separator: ", ") }
            statements.append(.init(line + ".", sources: [request.seq] + request.votes.map(\.source.seq) + request.signoffs.map(\.source.seq) + [request.decision?.source.seq].compactMap { $0 }))
        }
        return .init(id: "approvals", title: "Approvals", statements: statements, empty: "No approval request is recorded for this version.")
    }

    func monitoring() -> Document.Section {
        var statements: [Document.Statement] = []
        if let latest = dossier.snapshots.latest {
            statements.append(.init("\(dossier.snapshots.count) monitoring snapshots; the latest, window \(latest.window) of \(latest.version), at \(latest.source.time.prefix(10)).", sources: [latest.source.seq]))
        }
        let open = dossier.alerts.filter { $0.resolved == nil }
        for alert in open {
            statements.append(.init("Open \(alert.severity) alert on \(alert.metric): \(readable(alert.value)) against threshold \(readable(alert.threshold)) (window \(alert.window)).", sources: [alert.raised.seq]))
        }
        return .init(id: "monitoring", title: "Monitoring", statements: statements, empty: "No monitoring is recorded.")
    }

    /// The latest validation of each suite.
    func latestValidations(_ version: ModelDossier.Version) -> [ModelDossier.Validation] {
        var latest: [String: ModelDossier.Validation] = [:]
        for validation in version.validations { latest[validation.suite] = validation }
        return latest.values.sorted { $0.source.seq < $1.source.seq }
    }

    /// The latest bias test of each attribute.
    func latestBiasTests(_ version: ModelDossier.Version?) -> [ModelDossier.BiasTest] {
        var latest: [String: ModelDossier.BiasTest] = [:]
        for test in version?.biasTests ?? [] { latest[test.attribute] = test }
        return latest.values.sorted { $0.source.seq < $1.source.seq }
    }
}

/// A number for people: up to four significant digits, no trailing zeros (`0.9702`, `336`).
public func readable(_ value: Double) -> String {
    guard value.isFinite else { return String(value) }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    var text = String(format: "%.4g", value)
    if text.contains("e") { return text }
    while text.contains("."), text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}
