public import LedgerCore
public import Projections

/// The JSON shapes of read-model rows, shared by the CLI's `--json` output and the API.
public enum ProjectionJSON {
    /// Findings of `dossiers`, open ones first, then by seq.
    public static func findingRows(_ dossiers: [ModelDossier]) -> [(ModelDossier, ModelDossier.Finding)] {
        var rows: [(ModelDossier, ModelDossier.Finding)] = dossiers.flatMap { d in d.findings.map { (d, $0) } }
        rows.sort { ($0.1.remediated == nil ? 0 : 1, $0.1.source.seq) < ($1.1.remediated == nil ? 0 : 1, $1.1.source.seq) }
        return rows
    }

    /// One finding, as `govledger findings list --json` prints it.
    public static func finding(_ f: ModelDossier.Finding, model d: ModelDossier) -> JSONObject {
        var object: JSONObject = [
            "seq": .int(f.source.seq), "model": .string(d.slug), "area": .string(f.area), "severity": .string(f.severity),
            "observation": .string(f.observation), "remediation": .string(f.remediation), "owner": .string(f.owner),
            "due": .string(f.due), "recordedAt": .string(f.source.time), "recordedBy": .string(f.source.actor),
        ]
        object["remediatedAt"] = f.remediated.map { .string($0.time) }
        object["remediatedSeq"] = f.remediated.map { .int($0.seq) }
        object["remediationNote"] = f.remediationNote.map { .string($0) }
        return object
    }

    /// One drift alert with the entries that raised and resolved it.
    public static func alert(_ a: ModelDossier.Alert, model d: ModelDossier) -> JSONObject {
        var object: JSONObject = [
            "model": .string(d.slug), "version": .string(a.version), "metric": .string(a.metric), "value": .number(a.value),
            "threshold": .number(a.threshold), "severity": .string(a.severity), "window": .string(a.window),
            "raisedSeq": .int(a.raised.seq), "raisedAt": .string(a.raised.time), "open": .bool(a.resolved == nil),
        ]
        object["resolvedSeq"] = a.resolved.map { .int($0.seq) }
        object["resolvedAt"] = a.resolved.map { .string($0.time) }
        object["resolvedValue"] = a.resolvedValue.map { .number($0) }
        return object
    }
}
