import Governance
import LedgerCore
import Testing

/// Whatever sequence of commands is tried, what the decisions accept never breaks a rule, and
/// every accepted transition's guards hold when re-checked from the log alone.
struct RandomCommandPropertyTests {
    typealias W = GovernanceWorld

    @Test(arguments: [UInt64(1), 2, 3])
    func acceptedCommandsAlwaysFormARuleAbidingLog(seed: UInt64) async throws {
        let world = try await W.make(cached: true)
        var generator = RandomCommands(rng: SplitMix64(seed: seed), policy: world.policy, models: ["alpha", "beta", "gamma"].map { ModelSlug($0)! })
        var accepted = 0
        var refused: [GovernanceRule: Int] = [:]
        for _ in 0..<400 {
            let state = try await world.state()
            do {
                switch generator.next(state) {
                case .wait(let days):
                    world.advance(days: days)
                case .command(let command, let actor):
                    try await world.run(command, by: actor)
                    accepted += 1
                case .vote(let model, let version, let member, let decision, let tamper, let signer):
                    let ballot = try await world.service.prepareBallot(model: model, version: version, member: member, decision: decision, rationale: "random", dissent: nil)
                    var signature = try ballot.sign(with: W.key(signer))
                    if tamper { signature[5] ^= 0x40 }
                    try await world.run(.castVote(ballot: ballot, keyFingerprint: W.key(signer).publicKey.fingerprint, signature: signature), by: member)
                    accepted += 1
                }
            } catch let error as LedgerError {
                // Refusals are expected; anything but a rule's refusal is a bug.
                try #require(error.code == .invalidField, "\(error)")
                let rule = GovernanceRule.allCases.first { error.message.contains("refused by rule \($0.rawValue):") }
                try #require(rule != nil || error.message.contains("not registered"), "\(error.message)")
                if let rule { refused[rule, default: 0] += 1 }
            }
        }
        let entries = await world.entries
        let report = RuleChecker.check(entries)
        #expect(report.violations.isEmpty, "\(report.violations.map(\.description).joined(separator: "\n"))")
        var oracle = GuardOracle()
        try oracle.read(entries)
        #expect(oracle.problems.isEmpty, "\(oracle.problems.joined(separator: "\n"))")
        // The run must have exercised both sides: promotions and refusals.
        let promotions = entries.filter { entry in
            guard entry.header.type == .versionTransitioned, let payload = try? entry.payload?.object() else { return false }
            return payload["to"]?.stringValue == "production"
        }.count
        #expect(promotions >= 2, "only \(promotions) promotions in \(accepted) accepted commands, refused \(refused)")
        #expect(oracle.checked >= 10)
        #expect(refused.values.reduce(0, +) >= 30, "\(refused)")
        // The same log, built again by the same commands, has the same state.
        #expect(try await world.state() == report.stateCheck(entries))
    }
}

extension RuleReport {
    /// The registry rebuilt from scratch from `entries`, to compare with the incremental one.
    func stateCheck(_ entries: [Entry]) throws -> RegistryState {
        var state = RegistryState()
        for entry in entries { try state.apply(entry) }
        return state
    }
}
