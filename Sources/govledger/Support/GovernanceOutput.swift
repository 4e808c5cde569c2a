import Foundation
import Governance
import LedgerCore
import Projections

/// How governance results read: entries written, the registry table, a model's history.
enum GovernanceOutput {
    /// The entries a command wrote: one line each, or `{"entries": [...]}`.
    static func written(_ entries: [Entry], json: Bool) {
        if json {
            Output.json(["entries": .array(entries.map { .object(AppendCommand.summary($0)) })])
            return
        }
        for entry in entries {
            let h = entry.header
            let what = (try? RegistryState.event(of: entry)).flatMap { $0 }.map(describe) ?? h.type.rawValue
            Output.line("seq \(h.seq)  \(h.stream) v\(h.streamVersion)  \(what)")
        }
    }

    /// Pads columns to their widest cell, two spaces apart.
    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }

    static func stage(_ stage: LifecycleStage) -> String {
        stage.rawValue.prefix(1).uppercased() + stage.rawValue.dropFirst()
    }

    /// The deployment column: where the version runs, or N/A with its stage.
    static func deployment(_ version: VersionRecord) -> String {
        version.deployment ?? "N/A (\(version.stage))"
    }

    /// The inventory: one row per model (its production version, else its latest), or every
    /// version with `allVersions`.
    static func registry(_ state: RegistryState, allVersions: Bool, json: Bool) {
        let models = state.modelsInOrder
        if json {
            Output.json(["models": .array(models.map { .object(modelJSON($0)) })])
            return
        }
        guard !models.isEmpty else {
            Output.line("No models registered. Register one with 'govledger model register', or run 'govledger demo' on a new ledger.")
            return
        }
        var rows: [[String]] = []
        for model in models {
            let versions = allVersions ? model.versions : model.displayedVersion.map { [$0] } ?? []
            if versions.isEmpty { rows.append([model.name, "—", model.framework, "—", "—", model.owner, "Tier \(model.tier)"]) }
            for version in versions {
                rows.append([model.name, version.version.description, model.framework, stage(version.stage), deployment(version), model.owner, "Tier \(model.tier)"])
            }
        }
        for line in table(["Model", "Version", "Framework", "Stage", "Deployed To", "Owner", "Tier"], rows) { Output.line(line) }
    }

    static func modelJSON(_ model: ModelRecord) -> JSONObject {
        var object: JSONObject = [
            "model": .string(model.slug.rawValue), "name": .string(model.name), "owner": .string(model.owner),
            "framework": .string(model.framework), "tier": .int(model.tier.rawValue), "purpose": .string(model.purpose),
            "registeredAt": .string(model.registeredAt.description),
        ]
        if let shown = model.displayedVersion {
            object["version"] = .string(shown.version.description)
            object["stage"] = .string(shown.stage.rawValue)
            object["deployment"] = .string(deployment(shown))
        }
        object["versions"] = .array(model.versions.map { version in
            var entry: JSONObject = [
                "version": .string(version.version.description), "stage": .string(version.stage.rawValue),
                "stageSince": .string(version.stageSince.description), "bump": .string(version.bump.rawValue),
                "validations": .object(JSONObject(uniquingKeysWith: version.validations.map { ($0.key.rawValue, .bool($0.value.passed)) })),
            ]
            entry["deployment"] = version.deployment.map { .string($0) }
            return .object(entry)
        })
        return object
    }

    /// A model's history: time, actor and what happened, one line per entry.
    static func history(_ entries: [Entry], of model: ModelSlug, json: Bool) throws {
        guard !entries.isEmpty else {
            throw CommandFailure.usage("No entries about \(model): is it registered? 'govledger registry' lists the models.")
        }
        if json {
            Output.json(["model": .string(model.rawValue), "entries": .array(entries.map { entry in
                var object = AppendCommand.summary(entry)
                object["actor"] = .string(entry.header.actor.rawValue)
                object["summary"] = .string(summary(entry))
                object["payload"] = (try? entry.payload?.object()).map { .object($0) } ?? .null
                return .object(object)
            })])
            return
        }
        let rows = entries.map { entry in
            [String(entry.header.seq), String(entry.header.time.description.prefix(16)).replacingOccurrences(of: "T", with: " "),
             entry.header.actor.rawValue, summary(entry)]
        }
        for line in table(["Seq", "Time (UTC)", "Actor", "What happened"], rows) { Output.line(line) }
    }

    static func summary(_ entry: Entry) -> String {
        guard entry.payload != nil else { return "\(entry.header.type) (payload purged)" }
        guard let event = (try? RegistryState.event(of: entry)) ?? nil else { return entry.header.type.rawValue }
        return describe(event)
    }

    /// One event in words.
    static func describe(_ event: GovernanceEvent) -> String {
        switch event {
        case .policyAdopted(let e): "adopted policy \(e.policy.name) \(e.policy.version) (digest \(e.digest.hex.prefix(12))…)"
        case .modelRegistered(let e): "registered \"\(e.name)\" (\(e.framework), Tier \(e.tier), owner \(e.owner))"
        case .tierChanged(let e): "changed tier \(e.from) → \(e.to): \(e.reason)"
        case .versionRegistered(let e): "registered version \(e.version) (\(e.bump)\(e.baseline.map { " over \($0)" } ?? ""))"
        case .validationRecorded(let e):
            "validation \(e.suite) of \(e.version): \(e.passed ? "passed" : "FAILED")" + (e.passed ? "" : " (" + e.metrics.keys.sorted().filter { e.metrics[$0]?.passed == false }.map { "\($0) = \(e.metrics[$0]!.value)" }.joined(separator: ", ") + ")")
        case .approvalRequested(let e): "requested approval of \(e.version) → \(e.to)" + (e.board.map { " (board \($0), quorum \(e.quorum ?? 0))" } ?? "")
        case .voteCast(let e): "voted \(e.ballot.decision) on \(e.ballot.version) (request \(e.ballot.request)): \(e.ballot.rationale)" + (e.ballot.dissent.map { " — dissent: \($0)" } ?? "")
        case .signoffRecorded(let e): "signed off \(e.version) as \(e.role) (request \(e.request))" + (e.note.map { ": \($0)" } ?? "")
        case .approvalDecided(let e): "board \(e.board) decided \(e.outcome) on \(e.version) (\(e.tally), quorum \(e.quorum))"
        case .versionTransitioned(let e):
            "\(e.cause == .transition ? "moved" : e.cause == .rollback ? "rolled back" : "superseded") \(e.version) \(e.from) → \(e.to)"
                + (e.deployment.map { " [\($0)]" } ?? "") + (e.reason.map { ": \($0)" } ?? "")
        case .memberAppointed(let e): "appointed \(e.member) to \(e.board)" + (e.seat.map { " as \($0)" } ?? "")
        case .memberRemoved(let e): "removed \(e.member) from \(e.board)"
        case .roleAssigned(let e): "assigned role \(e.role) to \(e.principal)"
        case .roleRevoked(let e): "revoked role \(e.role) from \(e.principal)"
        case .snapshotRecorded(let e):
            "monitoring snapshot \(e.input.window) of \(e.version): \(e.raised.count) alert\(e.raised.count == 1 ? "" : "s") raised, \(e.resolved.count) resolved"
                + (e.triggers.isEmpty ? "" : ", retraining triggered (\(e.triggers.map(\.rawValue).joined(separator: ", ")))")
        case .alertRaised(let e): "drift alert (\(e.severity)) on \(e.metric) of \(e.version): \(e.value.figure) beyond \(e.threshold.figure) [\(e.window)]"
        case .alertResolved(let e): "resolved the drift alert on \(e.metric) of \(e.version) (seq \(e.raised)): \(e.value.figure) within \(e.threshold.figure) [\(e.window)]"
        case .retrainingTriggered(let e): "retraining triggered for \(e.version) by \(e.triggers.map(\.rawValue).joined(separator: ", ")) [\(e.window)]"
        case .retrainingCompleted(let e):
            "retraining run \(e.outcome)\(e.version.map { " (\($0))" } ?? "")\(e.reason.map { ": \($0)" } ?? ""), Δaccuracy \((e.autoApproval.improvement * 100).figure)%, $\(e.costUSD.figure), \(e.durationHours.figure) h, \(e.autoApproval.decision)"
        case .deploymentStarted(let e):
            "started a \(e.strategy) deployment of \(e.version) to \(e.environment) (steps \(e.steps.map { "\(($0 * 100).figure)%" }.joined(separator: " → ")))"
        case .deploymentAdvanced(let e): "advanced the deployment of \(e.version) (seq \(e.deployment)) to step \(e.step): \((e.traffic * 100).figure)% of traffic"
        case .deploymentReported(let e):
            "deployment of \(e.version) reported error rate \((e.errorRate * 100).figure)%, accuracy drop \((e.accuracyDrop * 100).figure)%"
                + (e.agreementRate.map { ", agreement \(($0 * 100).figure)%" } ?? "") + (e.breached ? ": BEYOND the rollback criteria" : ": within the rollback criteria")
        case .deploymentRolledBack(let e): "rolled back the deployment of \(e.version) (seq \(e.deployment)): \(e.reason)"
        case .explainabilityRecorded(let e):
            "explainability of \(e.version) (\(e.method), \(e.global.count) global features, \(e.local.count) local explanations): \(e.passed ? "passed" : "FAILED")"
        case .costRecorded(let e):
            "\(e.category) cost for \(e.period): $\(e.amountUSD.figure)" + (e.onDemandUSD.map { " (on demand $\($0.figure), saved $\((($0 - e.amountUSD)).figure))" } ?? "")
        case .abTestRecorded(let e):
            "A/B test of \(e.version)\(e.baseline.map { " against \($0)" } ?? "") on \(e.metric): improvement \(e.improvement.figure), p = \((e.result["p_value"]?.numberValue ?? 1).figure) — "
                + (e.accepted ? "improvement accepted" : "not significant at p < \(e.pValueBelow.figure)")
        case .biasTestRecorded(let e):
            "bias test of \(e.version) on \(e.attribute) (reference \(e.reference), \(e.groups.count) groups): \(e.passed ? "passed" : "FAILED")"
                + " (" + e.verdict.keys.sorted().map { "\($0) = \(e.verdict[$0]!.value)\(e.verdict[$0]!.passed ? "" : " ✗")" }.joined(separator: ", ") + ")"
        case .cardSectionSet(let e):
            "set the model card section \(e.section.rawValue)\(e.version.map { " for \($0)" } ?? ""): \(e.text.count) characters"
        case .cardReviewed(let e): "reviewed the model card" + (e.note.map { ": \($0)" } ?? "")
        case .findingRecorded(let e):
            "\(e.severity.rawValue) audit finding in \(e.area.rawValue), owner \(e.owner), due \(e.due): \(e.observation)"
        case .findingRemediated(let e): "remediated audit finding \(e.finding): \(e.note)"
        case .tagSet(let e): "set tag \(e.key)=\(e.value.prefix(80))" + (e.version.map { " on \($0)" } ?? "")
        case .tagDeleted(let e): "deleted tag \(e.key)" + (e.version.map { " of \($0)" } ?? "")
        case .aliasSet(let e): "set alias \(e.alias) → \(e.version)"
        case .aliasDeleted(let e): "deleted alias \(e.alias)"
        case .descriptionSet(let e): "set the description" + (e.version.map { " of \($0)" } ?? "") + ": \(e.description.prefix(80))"
        case .renamed(let e): "renamed \"\(e.from)\" → \"\(e.to)\""
        case .featureRegistered(let e):
            "registered feature \(e.feature) (\(e.dataType), owner \(e.owner), from \(e.source), refreshed \(e.refresh), freshness \(e.freshnessSLA), completeness \((e.completenessSLA * 100).figure)%)"
        case .featureVersionReleased(let e):
            "released feature \(e.feature) \(e.version) (\(e.change)\(e.previous.map { " over \($0)" } ?? ""))" + (e.note.map { ": \($0)" } ?? "")
        case .featureVersionDeprecated(let e): "deprecated feature \(e.feature) \(e.version), grace \(e.grace): \(e.reason)"
        case .featureSetReleased(let e):
            "released feature set \(e.featureSet) \(e.version): " + e.features.sorted { $0.key < $1.key }.map { "\($0.key)@\($0.value)" }.joined(separator: ", ")
        case .openLineageRecorded(let e):
            "OpenLineage \(e.kind) event\(e.runEventType.map { " \($0)" } ?? "")\(e.version.map { " for \($0)" } ?? "")"
                + (e.jobName.map { " (job \(e.namespace)/\($0)" + (e.runID.map { ", run \($0)" } ?? "") + ")" } ?? "")
                + (e.inputs.isEmpty ? "" : ", inputs " + e.inputs.map { "\($0.namespace)/\($0.name)\($0.version.map { "@\($0)" } ?? "")" }.joined(separator: ", "))
                + (e.outputs.isEmpty ? "" : ", outputs " + e.outputs.map { "\($0.namespace)/\($0.name)" }.joined(separator: ", "))
        }
    }
}

extension Double {
    /// A measured figure for people, as cards, reports and the dashboard print it: up to four
    /// significant digits, no trailing zeros.
    var figure: String { readable(self) }
}
