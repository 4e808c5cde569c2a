/// Checks that relate sections of a policy to each other.
extension Policy {
    /// A board used by several tiers must have the same size, quorum and seats in each.
    static func checkBoards(_ tiers: [TierPolicy], at node: PolicyNode) -> Bool {
        var seen: [BoardName: (tier: RiskTier, board: BoardPolicy)] = [:]
        var valid = true
        for tier in tiers {
            guard let board = tier.approval.board else { continue }
            if let earlier = seen[board.name], earlier.board != board {
                node.context.report(
                    node.path.index(tier.tier.rawValue).key("approval").key("board"), line: nil,
                    "the board '\(board.name)' differs from its definition in tiers[\(earlier.tier)]; a board has one size, quorum and set of seats, so give it the same values or another name")
                valid = false
            } else {
                seen[board.name] = (tier.tier, board)
            }
        }
        return valid
    }

    /// Shared entries (policy, board, retention) keep the longest class of any tier.
    static func checkSharedRetention(_ retention: RetentionPolicy, tiers: [TierPolicy], at node: PolicyNode) {
        guard let longest = tiers.max(by: { $0.retention.approximateDays < $1.retention.approximateDays }),
            retention.sharedEntriesClass.approximateDays < longest.retention.approximateDays
        else { return }
        node.context.report(
            node.path.key("shared_entries_class"), line: node.line,
            "\(retention.sharedEntriesClass) is shorter than tiers[\(longest.tier)].retention \(longest.retention); shared entries (policy, board, retention) keep the longest class, so use at least \(longest.retention)")
    }

    /// Reads `regulatory`: an entry (a list of strings, possibly empty) for every defined tier.
    static func decodeRegulatory(_ node: PolicyNode, tiers: [TierPolicy]?) -> [RiskTier: [String]]? {
        guard let entries = tierEntries(node) else { return nil }
        var result: [RiskTier: [String]] = [:]
        var failed = false
        let defined = tiers.map { Set($0.map(\.tier)) }
        for (tier, child) in entries {
            if let defined, !defined.contains(tier) {
                child.report("tier \(tier) is not defined under tiers; remove this entry or define the tier")
                failed = true
                continue
            }
            if let list = child.list({ $0.string() }) { result[tier] = list } else { failed = true }
        }
        if let defined {
            let missing = defined.subtracting(result.keys).sorted()
            if !missing.isEmpty, !failed {
                node.report("no entry for tier\(missing.count == 1 ? "" : "s") \(missing.map(\.description).joined(separator: ", ")); give every tier an entry, [] when no regulation applies")
                failed = true
            }
        }
        return failed ? nil : result
    }
}
