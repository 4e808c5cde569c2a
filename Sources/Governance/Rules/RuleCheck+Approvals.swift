import LedgerCore

extension RuleCheck {
    func check(_ e: ApprovalRequested) throws(GovernanceRejection) {
        let model = try model(e.model)
        let version = try version(e.version, of: model)
        let tier = try tierPolicy(of: model)
        guard e.from == version.stage else {
            throw fail(.lifecycle, "\(model.slug) \(version.version) is in stage \(version.stage), not \(e.from)")
        }
        guard let transition = policy.lifecycle.transition(from: version.stage, to: e.to), transition.guards.contains(.approvals) else {
            let needing = policy.lifecycle.transitions.filter { $0.guards.contains(.approvals) }
            let stages = policy.lifecycle.stages
            let remedy: String
            if let first = needing.first, let here = stages.firstIndex(of: version.stage), let there = stages.firstIndex(of: first.from), here < there {
                remedy = "move it to \(first.from) first (govledger transition \(model.slug) \(version.version) --to \(first.from))"
            } else if let first = needing.first, first.from == version.stage {
                remedy = "request --to \(first.to)"
            } else {
                remedy = "a version past that point needs no approval; register a new version to change what runs"
            }
            throw fail(.approvalTarget, "approvals are needed only for \(needing.map { "\($0.from) → \($0.to)" }.joined(separator: ", ")); \(model.slug) \(version.version) is in \(version.stage): \(remedy)")
        }
        let board = tier.approval.board
        guard e.board == board?.name, e.quorum == board?.quorum, e.signoffs == tier.approval.signoffs else {
            throw fail(.approvalRequest, "it must record what Tier \(model.tier) requires now: board \(board?.name.rawValue ?? "none"), quorum \(board.map { String($0.quorum) } ?? "none"), sign-offs \(tier.approval.signoffs.map(\.rawValue).joined(separator: ", "))")
        }
        if let active = model.activeRequest(for: version.version), active.board == e.board, active.quorum == e.quorum, active.signoffRoles == e.signoffs {
            throw fail(.approvalRequest, "request \(active.seq) for \(model.slug) \(version.version) → \(active.to) is still \(active.status == .open ? "open (\(active.tally))" : "approved and unused"); complete it rather than opening another")
        }
        if let board {
            let members = state.members(of: board.name).count
            guard members >= board.quorum else {
                throw fail(.approvalRequest, "board \(board.name) has \(members) member\(members == 1 ? "" : "s"), fewer than its quorum \(board.quorum), so it could never approve; appoint members first (govledger board appoint \(board.name) --member … --public-key …)")
            }
        }
    }

    /// The request `seq` of `model` for `version`, or a `request-open` rejection.
    private func request(_ seq: Int, of model: ModelRecord, version: SemanticVersion) throws(GovernanceRejection) -> ApprovalRequest {
        _ = try self.version(version, of: model)
        guard let request = model.request(seq), request.version == version else {
            let active = model.activeRequest(for: version).map { "; the active request for \(version) is \($0.seq)" } ?? "; open one with govledger approval request \(model.slug) \(version) --to approved"
            throw fail(.requestOpen, "there is no approval request \(seq) for \(model.slug) \(version)\(active)")
        }
        return request
    }

    private func closedReason(_ request: ApprovalRequest) -> String {
        switch request.status {
        case .used: "request \(request.seq) was used by the transition at seq \(request.usedBy.map(String.init) ?? "?") and is closed"
        case .rejected: "request \(request.seq) was rejected by the board (\(request.decision?.tally.description ?? "")) and is closed; open a new request"
        case .approved: "request \(request.seq) was already decided: approved (\(request.decision?.tally.description ?? ""))"
        case .open: "request \(request.seq) is open"
        }
    }

    func check(_ e: VoteCast) throws(GovernanceRejection) {
        let ballot = e.ballot
        let model = try model(ballot.model)
        let request = try request(ballot.request, of: model, version: ballot.version)
        guard let boardName = request.board else {
            throw fail(.requestOpen, "request \(request.seq) needs no board vote: Tier \(model.tier) approvals are sign-offs (govledger signoff)")
        }
        guard ballot.board == boardName else {
            throw fail(.catalog, "the vote names board \(ballot.board), but request \(request.seq) is decided by board \(boardName)")
        }
        guard request.status == .open else {
            throw fail(.requestOpen, "\(closedReason(request)); votes are taken only while a request is open")
        }
        guard context.actor == ballot.member else {
            throw fail(.boardMember, "the vote is for member \(ballot.member) but recorded by \(context.actor); each member records their own vote")
        }
        guard let member = state.boards[boardName]?.member(ballot.member) else {
            let members = state.members(of: boardName).map(\.rawValue)
            throw fail(.boardMember, "\(ballot.member) is not a member of board \(boardName) (\(members.isEmpty ? "it has no members" : "its members are " + members.joined(separator: ", "))); only members vote")
        }
        guard e.keyFingerprint == member.publicKey.fingerprint else {
            throw fail(.voteSignature, "the vote names the key \(e.keyFingerprint.hex.prefix(16))…, but \(member.principal)'s appointed key is \(member.publicKey.fingerprint.hex.prefix(16))…; sign with the key appointed for the member")
        }
        guard ballot.isSigned(by: member.publicKey, signature: e.signature) else {
            throw fail(.voteSignature, "the Ed25519 signature does not verify with \(member.principal)'s appointed key over the vote's canonical bytes (govledger-vote/v1, docs/governance.md); sign the ballot again with govledger vote --key FILE")
        }
        if let earlier = request.vote(by: ballot.member) {
            throw fail(.voteOnce, "\(ballot.member) already voted \(earlier.decision) on request \(request.seq)\(earlier.seq.map { " at seq \($0)" } ?? ""); a vote cannot be changed or repeated")
        }
    }

    func check(_ e: ApprovalDecided) throws(GovernanceRejection) {
        let model = try model(e.model)
        let request = try request(e.request, of: model, version: e.version)
        guard case .decision(let pending)? = model.pendingFollowUp?.followUp, pending == request.seq, let board = request.board,
            let quorum = request.quorum
        else {
            throw fail(.decisionTally, "no vote has made request \(request.seq) decisive; approval.decided is written only with the deciding vote, in the same batch")
        }
        let members = state.members(of: board)
        let tally = request.tally
        guard let outcome = request.forcedOutcome(boardMembers: members) else {
            throw fail(.decisionTally, "the votes (\(tally)) do not decide request \(request.seq) at quorum \(quorum)")
        }
        guard e.outcome == outcome, e.tally == tally, e.quorum == quorum, e.members == members.count, e.board == board else {
            throw fail(.decisionTally, "it records \(e.outcome) with \(e.tally), quorum \(e.quorum), \(e.members) members of \(e.board), but the votes give \(outcome) with \(tally), quorum \(quorum), \(members.count) members of \(board)")
        }
    }

    func check(_ e: SignoffRecorded) throws(GovernanceRejection) {
        let model = try model(e.model)
        let request = try request(e.request, of: model, version: e.version)
        guard request.isActive else {
            throw fail(.requestOpen, "\(closedReason(request)); sign-offs are taken only on an open or approved request")
        }
        let tier = try tierPolicy(of: model)
        guard tier.approval.signoffs.contains(e.role) else {
            throw fail(.signoffRequired, "Tier \(model.tier) approvals need sign-offs from \(tier.approval.signoffs.map(\.rawValue).joined(separator: ", ")); \(e.role) is not one of them")
        }
        guard state.holds(context.actor, role: e.role) else {
            let holders = state.roleHolders[e.role] ?? []
            throw fail(.signoffRole, "\(context.actor) does not hold the role \(e.role) (\(holders.isEmpty ? "nobody does" : "its holders are " + holders.map(\.rawValue).joined(separator: ", "))); assign it with govledger role assign --principal \(context.actor) --role \(e.role), or sign off as a holder")
        }
        if let earlier = request.signoff(for: e.role) {
            throw fail(.signoffOnce, "the \(e.role) sign-off on request \(request.seq) was already recorded by \(earlier.principal)")
        }
    }
}
