import ArgumentParser
import Foundation
import LedgerCore

/// The `govledger` command tree.
struct GovLedger: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govledger",
        abstract: "An append-only, hash-chained, verifiable ledger for ML model governance.",
        discussion: """
            The ledger file is --db PATH, else $GOVLEDGER_DB, else ./govledger.db.
            Exit codes: 0 success, 1 a verification failure or rule violation, 2 bad usage or bad input.
            """,
        version: "0.1.0 (ledger format v1)",
        subcommands: [
            InitCommand.self, AppendCommand.self, LogCommand.self, VerifyCommand.self, ExportCommand.self,
            StatsCommand.self, KeysCommand.self, CheckpointCommand.self, ProveCommand.self, VerifyProofCommand.self,
            AuditPackCommand.self, VerifyPackCommand.self,
            RetentionCommand.self, HoldCommand.self, LineageCommand.self, ServeCommand.self, TokensCommand.self,
        ],
        groupedSubcommands: [
            CommandGroup(name: "Governance", subcommands: [
                PolicyCommand.self, ModelCommand.self, VersionCommand.self, ValidationCommand.self,
                TransitionCommand.self, RollbackCommand.self, BoardCommand.self, RoleCommand.self,
                ApprovalCommand.self, VoteCommand.self, SignoffCommand.self, RegistryCommand.self,
                HistoryCommand.self, DemoCommand.self,
            ]),
            CommandGroup(name: "Evidence", subcommands: [
                EvidenceCommand.self, MonitorCommand.self, AlertsCommand.self, StatusCommand.self, RetrainingCommand.self, DeployCommand.self, CostsCommand.self,
                FeaturesCommand.self,
            ]),
            CommandGroup(name: "Audit", subcommands: [
                CardCommand.self, FindingsCommand.self, AuditReportCommand.self, ProjectionsCommand.self,
            ]),
        ]
    )
}

@main
enum Main {
    static func main() async {
        let code = await run(Array(CommandLine.arguments.dropFirst()))
        Output.flush()
        exit(code)
    }

    /// Parses and runs one command line; returns the process exit code.
    ///
    /// Usage errors (ArgumentParser's validation failures, bad input, a missing ledger) exit 2,
    /// verification failures and rule violations exit 1, help and version exit 0.
    static func run(_ arguments: [String]) async -> Int32 {
        do {
            var command = try GovLedger.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch let error as LedgerError {
            Output.error(error.description)
            return error.isUsageError ? 2 : 1
        } catch let failure as CommandFailure {
            if !failure.alreadyReported { Output.error(failure.message) }
            return failure.exitCode
        } catch {
            let code = GovLedger.exitCode(for: error)
            let message = GovLedger.fullMessage(for: error)
            if code == .success {
                Output.line(message)
                return 0
            }
            if !message.isEmpty { Output.errorVerbatim(message) }
            if code == .validationFailure || error is ValidationError {
                return 2
            }
            return code.rawValue == 0 ? 1 : (code.rawValue == 64 ? 2 : 1)
        }
    }
}
