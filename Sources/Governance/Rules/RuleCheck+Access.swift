import LedgerCore

extension RuleCheck {
    /// The board policy of `name`, from any tier of the policy in force.
    private func boardPolicy(_ name: BoardName) throws(GovernanceRejection) -> BoardPolicy {
        let boards = policy.tiers.compactMap(\.approval.board)
        guard let board = boards.first(where: { $0.name == name }) else {
            throw fail(.boardDefined, "policy \(policy.name) \(policy.version) defines no board \(name)\(boards.isEmpty ? "" : "; its boards are " + boards.map(\.name.rawValue).joined(separator: ", "))")
        }
        return board
    }

    func check(_ e: MemberAppointed) throws(GovernanceRejection) {
        let board = try boardPolicy(e.board)
        let record = state.boards[e.board] ?? BoardRecord(name: e.board)
        guard record.member(e.member) == nil else {
            throw fail(.boardMember, "\(e.member) already sits on board \(e.board); remove them first to change their key (govledger board remove)")
        }
        guard record.members.count < board.size else {
            throw fail(.boardSeat, "board \(e.board) is full: \(record.members.count) of \(board.size) seats are taken; remove a member first")
        }
        if let seat = e.seat {
            if !board.seats.isEmpty, !board.seats.contains(seat) {
                throw fail(.boardSeat, "'\(seat)' is not a seat of board \(e.board); its seats are \(board.seats.joined(separator: ", "))")
            }
            if let holder = record.members.first(where: { $0.seat == seat }) {
                throw fail(.boardSeat, "the seat '\(seat)' of board \(e.board) is held by \(holder.principal)")
            }
        }
        if let other = record.members.first(where: { $0.publicKey == e.publicKey }) {
            throw fail(.boardKey, "the key \(e.publicKey.fingerprint.hex.prefix(16))… already belongs to \(other.principal); every member needs their own key (govledger keys generate-member)")
        }
    }

    func check(_ e: MemberRemoved) throws(GovernanceRejection) {
        _ = try boardPolicy(e.board)
        guard state.boards[e.board]?.member(e.member) != nil else {
            throw fail(.boardMember, "\(e.member) is not a member of board \(e.board)")
        }
    }

    func check(_ e: RoleAssigned) throws(GovernanceRejection) {
        guard policy.roles[e.role] != nil else {
            throw fail(.roleDefined, "policy \(policy.name) \(policy.version) defines no role \(e.role); its roles are \(policy.roles.keys.sorted().map(\.rawValue).joined(separator: ", "))")
        }
        guard !state.holds(e.principal, role: e.role) else {
            throw fail(.roleHeld, "\(e.principal) already holds the role \(e.role)")
        }
    }

    func check(_ e: RoleRevoked) throws(GovernanceRejection) {
        guard state.holds(e.principal, role: e.role) else {
            throw fail(.roleHeld, "\(e.principal) does not hold the role \(e.role)")
        }
    }
}
