import Governance
import LedgerCore
import LedgerStore

/// Level-3 verification of a stored ledger, streaming, and how its report reads.
enum RulesVerification {
    static func check(_ store: SQLiteEventStore) throws -> RuleReport {
        var checker = RuleChecker()
        try store.forEachEntry { row in
            let header = try EntryHeader(canonicalBytes: row.headerBytes)
            checker.check(Entry(header: header, headerBytes: Array(row.headerBytes), payload: row.payload, leafHash: row.leafHash))
        }
        return checker.finish()
    }

    static func json(_ report: RuleReport) -> JSONObject {
        [
            "ok": .bool(report.isValid), "entriesChecked": .int(report.entriesChecked), "eventsChecked": .int(report.eventsChecked),
            "payloadsPurged": .int(report.payloadsPurged), "unverifiableAfterPurge": .int(report.unverifiableAfterPurge), "violations": .array(report.violations.map(\.json)),
        ]
    }

    static func print(_ report: RuleReport) {
        if report.isValid {
            Output.line("rules: OK, \(report.eventsChecked) governance entries follow every rule" + (report.payloadsPurged > 0 ? " (\(report.payloadsPurged) purged payloads not checked, \(report.unverifiableAfterPurge) later entries depend on purged facts)" : ""))
        } else {
            Output.line("rules: \(report.violations.count) violation\(report.violations.count == 1 ? "" : "s") in \(report.eventsChecked) governance entries:")
            for violation in report.violations { Output.line("  \(violation)") }
        }
    }
}
