import ArgumentParser
import Foundation
import Governance
import LedgerCore

struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Adopt a governance policy or show the one in force.",
        subcommands: [Adopt.self, Show.self])

    struct Adopt: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "adopt",
            abstract: "Validate a policy file and adopt it: a policy.adopted entry carrying its canonical form and digest.",
            discussion: "Every later decision names this policy's digest. Adopting the policy already in force is refused; a change of policy is a new file version, adopted again.")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The policy file (YAML or JSON), e.g. compliance/policy.yaml.", valueName: "file"))
        var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CommandFailure.usage("Cannot read the policy file '\(file)': check that it exists and is readable.")
            }
            let policy = try PolicyLoader.load(yaml: String(decoding: data, as: UTF8.self))
            try await options.execute(.adoptPolicy(policy))
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the policy in force: digest, adoption, tiers and their approvals.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let service = try ledger.governance()
            let (state, _) = try await service.state(models: [])
            guard let adopted = state.policy else {
                throw CommandFailure.usage("No policy has been adopted in this ledger yet; run 'govledger policy adopt compliance/policy.yaml'.")
            }
            let policy = adopted.policy
            if output.json {
                Output.json([
                    "name": .string(policy.name.rawValue), "version": .string(policy.version), "digest": .string(adopted.digest.hex),
                    "adoptedAt": .string(adopted.time.description), "adoptedBy": .string(adopted.actor.rawValue),
                    "seq": adopted.seq.map { .int($0) } ?? .null, "policy": policy.canonicalJSON,
                ])
                return
            }
            Output.line("policy    \(policy.name) \(policy.version)")
            Output.line("digest    \(adopted.digest.hex)")
            Output.line("adopted   \(adopted.time) by \(adopted.actor)\(adopted.seq.map { " (seq \($0))" } ?? "")")
            Output.line("")
            let rows = policy.tiers.map { tier -> [String] in
                let board = tier.approval.board.map { "\($0.name) (quorum \($0.quorum) of \($0.size))" } ?? "—"
                return ["\(tier.tier) \(tier.name)", board, tier.approval.signoffs.map(\.rawValue).joined(separator: ", "),
                        tier.requiredSuites.map(\.rawValue).joined(separator: ", "), tier.retention.rawValue]
            }
            for line in GovernanceOutput.table(["Tier", "Board", "Sign-offs", "Required suites", "Retention"], rows) { Output.line(line) }
            Output.line("")
            let transitions = policy.lifecycle.transitions.map { t in "\(t.from) → \(t.to)" + (t.guards.isEmpty ? "" : " [\(t.guards.map(\.rawValue).joined(separator: ", "))]") }
            Output.line("lifecycle " + transitions.joined(separator: "; "))
            Output.line("rollback  \(policy.lifecycle.rollback.from) → \(policy.lifecycle.rollback.to); no regression beyond \(policy.promotion.noRegression.maxDegradation) on \(policy.promotion.noRegression.metrics.map(\.rawValue).joined(separator: ", "))")
        }
    }
}
