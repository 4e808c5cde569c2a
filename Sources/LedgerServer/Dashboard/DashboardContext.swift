import Foundation
import LedgerCore
import Projections

/// Template contexts of the dashboard pages, built from a model's dossier.
enum DashboardContext {
    static func day(_ time: String) -> String { String(time.prefix(10)) }
    static func minute(_ time: String) -> String { time.prefix(16).replacingOccurrences(of: "T", with: " ") }

    static func vote(_ vote: ModelDossier.Vote) -> [String: Any] {
        [
            "member": vote.member, "decision": vote.decision, "rationale": vote.rationale, "dissent": vote.dissent ?? "",
            "hasDissent": vote.dissent != nil, "seq": vote.source.seq, "time": minute(vote.source.time),
            "approve": vote.decision == "approve", "reject": vote.decision == "reject",
        ]
    }

    static func alert(_ alert: ModelDossier.Alert, model: ModelDossier) -> [String: Any] {
        var row: [String: Any] = ["model": model.name, "slug": model.slug, "version": alert.version, "metric": alert.metric]
        row["value"] = readable(alert.value)
        row["threshold"] = readable(alert.threshold)
        row["severity"] = alert.severity
        row["window"] = alert.window
        row["raised"] = minute(alert.raised.time)
        row["seq"] = alert.raised.seq
        row["tier"] = model.tier
        if let resolved = alert.resolved {
            row["resolved"] = minute(resolved.time)
            row["resolvedSeq"] = resolved.seq
            if let start = Timestamp(alert.raised.time), let end = Timestamp(resolved.time) {
                row["hours"] = readable(Double(end.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / 3_600_000)
            }
        }
        return row
    }

    /// The model page: facts, versions, lifecycle timeline, approvals with every vote, the latest
    /// validations and bias tests, monitoring against thresholds, alerts, retraining, findings.
    static func model(_ d: ModelDossier, state: ProjectionState, now: Timestamp) -> [String: Any] {
        var model: [String: Any] = ["slug": d.slug, "name": d.name, "owner": d.owner, "framework": d.framework, "purpose": d.purpose]
        model["tier"] = d.tier
        model["registered"] = day(d.registered.time)
        model["registeredSeq"] = d.registered.seq
        model["production"] = d.productionVersion?.version ?? "none"
        model["versions"] = d.versions.reversed().map { v -> [String: Any] in
            var row: [String: Any] = ["version": v.version, "stage": v.stage, "since": day(v.stageSince), "registered": day(v.registered.time)]
            row["seq"] = v.registered.seq
            row["bump"] = v.bump
            row["deployment"] = v.deployment ?? ""
            row["artifact"] = v.lineage.artifactSHA256.map { String($0.prefix(16)) + "…" } ?? "—"
            return row
        }
        var timeline: [(Int, [String: Any])] = [(d.registered.seq, ["time": minute(d.registered.time), "what": "registered as Tier \(d.tier)", "actor": d.registered.actor, "seq": d.registered.seq])]
        for v in d.versions {
            timeline.append((v.registered.seq, ["time": minute(v.registered.time), "what": "\(v.version) registered (\(v.bump))", "actor": v.registered.actor, "seq": v.registered.seq]))
            for t in v.transitions {
                let what = "\(v.version) \(t.from) → \(t.to)" + (t.cause == "transition" ? "" : " (\(t.cause))") + (t.reason.map { ": \($0)" } ?? "")
                timeline.append((t.source.seq, ["time": minute(t.source.time), "what": what, "actor": t.source.actor, "seq": t.source.seq]))
            }
        }
        for change in d.tierChanges {
            timeline.append((change.source.seq, ["time": minute(change.source.time), "what": "Tier \(change.from) → Tier \(change.to): \(change.reason)", "actor": change.source.actor, "seq": change.source.seq]))
        }
        model["timeline"] = timeline.sorted { $0.0 > $1.0 }.prefix(40).map(\.1)
        model["requests"] = d.requests.reversed().map { r -> [String: Any] in
            var row: [String: Any] = ["version": r.version, "from": r.from, "to": r.to, "seq": r.seq, "opened": day(r.source.time)]
            row["board"] = r.board ?? ""
            row["hasBoard"] = r.board != nil
            row["quorum"] = r.quorum ?? 0
            row["votes"] = r.votes.map(vote)
            row["hasVotes"] = !r.votes.isEmpty
            row["signoffs"] = r.signoffs.map { ["role": $0.role, "actor": $0.source.actor, "seq": $0.source.seq, "note": $0.note ?? ""] }
            row["required"] = r.signoffsRequired.joined(separator: ", ")
            if let decision = r.decision {
                row["decision"] = ["outcome": decision.outcome, "approve": decision.approve, "reject": decision.reject, "abstain": decision.abstain, "seq": decision.source.seq, "approved": decision.outcome == "approved"]
            }
            return row
        }
        model["hasRequests"] = !d.requests.isEmpty
        if let version = d.cardVersion {
            var latest: [String: ModelDossier.Validation] = [:]
            for validation in version.validations { latest[validation.suite] = validation }
            model["evidenceVersion"] = version.version
            model["validations"] = latest.values.sorted { $0.source.seq < $1.source.seq }.map { v -> [String: Any] in
                ["suite": v.suite, "passed": v.passed, "seq": v.source.seq, "time": day(v.source.time),
                 "metrics": v.metrics.map { ["name": $0.name, "value": $0.value, "passed": $0.passed] }]
            }
            var bias: [String: ModelDossier.BiasTest] = [:]
            for test in version.biasTests { bias[test.attribute] = test }
            model["biasTests"] = bias.values.sorted { $0.source.seq < $1.source.seq }.map { t -> [String: Any] in
                ["attribute": t.attribute, "reference": t.reference, "groups": t.groups.joined(separator: ", "), "passed": t.passed, "seq": t.source.seq,
                 "metrics": t.verdict.map { ["name": $0.name, "value": readable(Double($0.value) ?? .nan), "passed": $0.passed] }]
            }
            model["hasBias"] = !bias.isEmpty
        }
        if let latest = d.snapshots.latest {
            model["snapshot"] = [
                "window": latest.window, "version": latest.version, "seq": latest.source.seq, "time": day(latest.source.time), "count": d.snapshots.count,
                "metrics": latest.metrics.map { m -> [String: Any] in
                    ["name": m.name, "value": readable(m.value), "threshold": readable(m.threshold), "status": m.status, "ok": m.status == "stable"]
                },
            ]
        }
        model["alerts"] = d.alerts.reversed().map { alert($0, model: d) }
        model["hasAlerts"] = !d.alerts.isEmpty
        model["retraining"] = (d.retrainingTriggers.map { t -> (Int, [String: Any]) in
            (t.source.seq, ["time": day(t.source.time), "what": "triggered for \(t.version) by \(t.triggers.joined(separator: ", ")) (window \(t.window))", "seq": t.source.seq])
        } + d.retrainingRuns.map { r -> (Int, [String: Any]) in
            (r.source.seq, ["time": day(r.source.time), "what": "run \(r.outcome)" + (r.version.map { " → \($0)" } ?? "") + ", \(readable(r.durationHours)) h, $\(readable(r.costUSD)): \(r.decision)" + (r.reason.map { ". \($0)" } ?? ""), "seq": r.source.seq])
        }).sorted { $0.0 > $1.0 }.map(\.1)
        model["hasRetraining"] = !d.retrainingTriggers.isEmpty || !d.retrainingRuns.isEmpty
        model["findings"] = d.findings.reversed().map { f -> [String: Any] in
            ["area": f.area, "severity": f.severity, "observation": f.observation, "remediation": f.remediation, "owner": f.owner, "due": f.due,
             "seq": f.source.seq, "open": f.remediated == nil, "remediated": f.remediated.map { day($0.time) } ?? "",
             "overdue": f.remediated == nil && f.due < day(now.description)]
        }
        model["hasFindings"] = !d.findings.isEmpty
        model["cardReviewed"] = d.cardReview.map { day($0.time) } ?? "never"
        return model
    }
}
