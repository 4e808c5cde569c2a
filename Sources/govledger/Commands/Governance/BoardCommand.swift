import ArgumentParser
import Governance
import LedgerCore

struct BoardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "board",
        abstract: "Appoint and remove review board members and their vote keys.",
        subcommands: [Appoint.self, Remove.self])

    struct Appoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "appoint",
            abstract: "Appoint a member with their Ed25519 public key (board.member.appointed).",
            discussion: "The member makes their key with 'govledger keys generate-member' and hands over only the public key it prints. The board must be defined by the policy and have a free seat.")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The board, e.g. ml-review-board.", valueName: "board")) var board: String
        @Option(help: ArgumentHelp("The member's principal.", valueName: "principal")) var member: String
        @Option(name: .customLong("public-key"), help: ArgumentHelp("The member's Ed25519 public key, 32 bytes in base64.", valueName: "base64")) var publicKey: String
        @Option(help: ArgumentHelp("The seat, e.g. CTO, if the board names seats.", valueName: "seat")) var seat: String?

        func run() async throws {
            guard let raw = Base64.decode(publicKey), let key = try? Ed25519PublicKey(rawRepresentation: raw) else {
                throw ValidationError("--public-key must be an Ed25519 public key: 32 bytes in standard base64 (44 characters), as printed by 'govledger keys generate-member'.")
            }
            try await options.execute(.appointMember(
                board: try GovernanceArguments.board(board), member: try Principal.parse(member), publicKey: key, seat: seat))
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a member from a board (board.member.removed).")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The board.", valueName: "board")) var board: String
        @Option(help: ArgumentHelp("The member's principal.", valueName: "principal")) var member: String
        @Option(help: ArgumentHelp("Why.", valueName: "text")) var reason: String?

        func run() async throws {
            try await options.execute(.removeMember(board: try GovernanceArguments.board(board), member: try Principal.parse(member), reason: reason))
        }
    }
}
