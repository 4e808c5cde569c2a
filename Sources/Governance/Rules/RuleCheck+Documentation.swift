import LedgerCore

extension RuleCheck {
    func check(_ e: ModelCardSectionSet) throws(GovernanceRejection) {
        let record = try model(e.model)
        if let version = e.version { _ = try self.version(version, of: record) }
        guard ModelCardSectionSet.isValidText(e.text) else {
            throw fail(.modelCard, "the text must not be blank and is at most \(ModelCardSectionSet.maximumLength) characters (it has \(e.text.count)); shorten it or link to a longer document")
        }
    }

    func check(_ e: ModelCardReviewed) throws(GovernanceRejection) {
        _ = try model(e.model)
    }

    func check(_ e: AuditFindingRecorded) throws(GovernanceRejection) {
        _ = try model(e.model)
        let day = String(context.time.description.prefix(10))
        guard e.due >= day else {
            throw fail(.auditFinding, "the due date \(e.due) is before the day it is recorded (\(day)); give a date from \(day) on")
        }
    }

    func check(_ e: AuditFindingRemediated) throws(GovernanceRejection) {
        let record = try model(e.model)
        guard let finding = record.findings.first(where: { $0.seq == e.finding }) else {
            let open = record.findings.filter { $0.remediation == nil }.compactMap(\.seq).map(String.init)
            throw fail(.auditFinding, "\(e.model) has no audit finding recorded at seq \(e.finding) (\(open.isEmpty ? "it has no open findings" : "its open findings are at seq " + open.joined(separator: ", "))); see govledger findings \(e.model)")
        }
        if let remediation = finding.remediation {
            throw fail(.auditFinding, "audit finding \(e.finding) of \(e.model) was already remediated at seq \(remediation.seq.map(String.init) ?? "?"); record a new finding if the problem came back")
        }
    }
}
