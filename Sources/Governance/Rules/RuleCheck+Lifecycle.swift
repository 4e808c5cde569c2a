import LedgerCore

extension RuleCheck {
    func check(_ e: VersionTransitioned) throws(GovernanceRejection) {
        let model = try model(e.model)
        let version = try version(e.version, of: model)
        guard e.from == version.stage else {
            throw fail(.lifecycle, "\(model.slug) \(version.version) is in stage \(version.stage), not \(e.from)")
        }
        switch e.cause {
        case .supersession: try checkSupersession(e, model, version)
        case .rollback: try checkRollback(e, model, version)
        case .transition: try checkTransition(e, model, version)
        }
    }

    private func checkSupersession(_ e: VersionTransitioned, _ model: ModelRecord, _ version: VersionRecord) throws(GovernanceRejection) {
        guard case .supersession? = model.pendingFollowUp?.followUp else {
            throw fail(.followUp, "a supersession is recorded only right after the promotion of the version that supersedes it, in the same batch")
        }
        guard e.from == .production, e.to == .deprecated, e.request == nil else {
            throw fail(.lifecycle, "a superseded version moves production → deprecated and uses no approval request")
        }
    }

    private func checkRollback(_ e: VersionTransitioned, _ model: ModelRecord, _ version: VersionRecord) throws(GovernanceRejection) {
        let rollback = policy.lifecycle.rollback
        guard e.request == nil else { throw fail(.rollback, "a rollback uses no approval request") }
        if case .restore? = model.pendingFollowUp?.followUp {
            // The second half: the follow-up check has matched the version and counterpart.
            guard e.from == rollback.to, e.to == rollback.from else {
                throw fail(.rollback, "the restored version returns \(rollback.to) → \(rollback.from) (lifecycle.rollback)")
            }
            return
        }
        guard let current = model.productionVersion, current.version == version.version else {
            throw fail(.rollback, "\(version.version) is not the production version (\(model.productionVersion.map { "\($0.version) is" } ?? "none is")); only the production version can be rolled back")
        }
        guard e.from == rollback.from, e.to == rollback.to else {
            throw fail(.rollback, "a rollback moves the production version \(rollback.from) → \(rollback.to) (lifecycle.rollback)")
        }
        guard let previous = model.previousProductionVersion else {
            throw fail(.rollback, "\(model.slug) has no previous production version to return to: \(version.version) is the only production version on record; promote a fixed version instead")
        }
        guard previous.stage == rollback.to else {
            throw fail(.rollback, "the previous production version \(previous.version) is \(previous.stage), not \(rollback.to); only a \(rollback.to) version can return to \(rollback.from)")
        }
        guard e.counterpart == previous.version else {
            throw fail(.rollback, "it names \(e.counterpart?.description ?? "no version") to restore, but the previous production version is \(previous.version)")
        }
        let evaluation = LifecycleGuards.evaluate(rollback.guards, version: previous, of: model, to: rollback.from, in: state, at: context.time)
        if let failure = evaluation.failure { throw fail(failure.rule, failure.reason) }
    }

    private func checkTransition(_ e: VersionTransitioned, _ model: ModelRecord, _ version: VersionRecord) throws(GovernanceRejection) {
        guard let transition = policy.lifecycle.transition(from: version.stage, to: e.to) else {
            let targets = policy.lifecycle.transitions.filter { $0.from == version.stage }.map(\.to.rawValue)
            let rollbackHint = version.stage == policy.lifecycle.rollback.from ? "; to return the previous production version use govledger rollback \(model.slug)" : ""
            throw fail(.lifecycle, "the lifecycle has no transition \(version.stage) → \(e.to); from \(version.stage) a version may move to \(targets.isEmpty ? "no other stage" : targets.joined(separator: " or "))\(rollbackHint)")
        }
        let current = e.to == .production ? model.productionVersion?.version : nil
        guard e.counterpart == current else {
            throw fail(.lifecycle, current.map { "a promotion to production names the production version it supersedes, \($0)" } ?? "only a promotion that supersedes a production version names a counterpart")
        }
        let evaluation = LifecycleGuards.evaluate(transition.guards, version: version, of: model, to: e.to, in: state, at: context.time)
        if let failure = evaluation.failure { throw fail(failure.rule, failure.reason) }
        guard e.request == evaluation.request else {
            throw fail(.approvals, evaluation.request.map { "it must name the approval request it uses, \($0)" } ?? "this transition needs no approval request, but names \(e.request.map(String.init) ?? "")")
        }
        guard e.autoApproval == evaluation.autoApproval else {
            throw fail(.approvals, evaluation.autoApproval.map { "it must name the auto-approved retraining run it uses, \($0)" } ?? "it names the auto-approval of run \(e.autoApproval.map(String.init) ?? ""), but no auto-approved run of \(version.version) stands in for approvals here")
        }
    }
}
