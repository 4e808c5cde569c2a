import ArgumentParser
import Foundation
import LedgerCore
import LedgerServer
import LedgerStore

/// `govledger tokens`: API tokens for `govledger serve`.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Create API tokens for the HTTP server.",
        subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a token for a principal in a role and print it once.",
            discussion: """
                The token is printed once and never stored: the ledger file keeps only its SHA-256, in a table \
                apart from the log (tokens are not entries and never appear in an export). Every entry written with \
                the token has the principal as its actor. Roles: \(APIRole.allCases.map(\.rawValue).joined(separator: ", ")) \
                (docs/api.md has the matrix).
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag
        @Option(help: ArgumentHelp("Who the token acts as, e.g. ci@bank.example.", valueName: "principal")) var principal: String
        @Option(help: ArgumentHelp("The server role.", valueName: "role")) var role: String
        @Option(help: ArgumentHelp("Days until the token expires (default: never).", valueName: "days")) var expires: Int?

        func validate() throws {
            guard APIRole(rawValue: role) != nil else {
                throw ValidationError("'\(role)' is not a server role: use one of \(APIRole.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            if let expires, !(1...3650).contains(expires) { throw ValidationError("--expires must be from 1 to 3650 days.") }
        }

        func run() async throws {
            let who = try Principal.parse(principal)
            let store = try ledger.open()
            let expiry = expires.map { LedgerClock.system.now().adding(milliseconds: Int64($0) * 86_400_000) }
            let token = try store.createToken(principal: who, role: role, expires: expiry)
            if output.json {
                Output.json(["token": .string(token), "principal": .string(who.rawValue), "role": .string(role), "expires": expiry.map { .string($0.description) } ?? .null])
            } else {
                Output.line(token)
                FileHandle.standardError.write(Data("Token for \(who) as \(role)\(expiry.map { ", expires \($0)" } ?? ""). It is shown only this once: keep it in a secret store.\n".utf8))
            }
        }
    }
}
