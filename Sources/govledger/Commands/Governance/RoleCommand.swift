import ArgumentParser
import Governance
import LedgerCore

struct RoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "role",
        abstract: "Assign and revoke the roles whose holders sign off (compliance, legal, business_owner, …).",
        subcommands: [Assign.self, Revoke.self])

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "assign", abstract: "Give a principal a role the policy defines (role.assigned).")

        @OptionGroup var options: GovernanceOptions
        @Option(help: ArgumentHelp("Who gets the role.", valueName: "principal")) var principal: String
        @Option(help: ArgumentHelp("The role, e.g. compliance.", valueName: "role")) var role: String

        func run() async throws {
            try await options.execute(.assignRole(principal: try Principal.parse(principal), role: try GovernanceArguments.role(role)))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Take a role away (role.revoked).")

        @OptionGroup var options: GovernanceOptions
        @Option(help: ArgumentHelp("Who loses the role.", valueName: "principal")) var principal: String
        @Option(help: ArgumentHelp("The role.", valueName: "role")) var role: String
        @Option(help: ArgumentHelp("Why.", valueName: "text")) var reason: String?

        func run() async throws {
            try await options.execute(.revokeRole(principal: try Principal.parse(principal), role: try GovernanceArguments.role(role), reason: reason))
        }
    }
}
