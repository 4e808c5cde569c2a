import ArgumentParser
import Foundation
import Governance
import LedgerCore
import LedgerStore

/// The principal recording a governance command: `--actor`, else `$GOVLEDGER_ACTOR`.
struct ActorOption: ParsableArguments {
    @Option(help: ArgumentHelp("Who records the entry (default $GOVLEDGER_ACTOR), e.g. alice@bank.example.", valueName: "principal"))
    var actor: String?

    /// The resolved, validated principal.
    func principal() throws -> Principal {
        guard let text = actor ?? ProcessInfo.processInfo.environment["GOVLEDGER_ACTOR"], !text.isEmpty else {
            throw ValidationError("Say who records this: pass --actor PRINCIPAL or set GOVLEDGER_ACTOR (for example alice@bank.example).")
        }
        return try Principal.parse(text)
    }
}

/// What every governance command shares: the ledger, `--json` and the actor.
struct GovernanceOptions: ParsableArguments {
    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: JSONFlag
    @OptionGroup var actor: ActorOption

    /// The service over the configured ledger, deciding at the wall-clock time the store stamps.
    func service() throws -> GovernanceService<SQLiteEventStore> {
        try ledger.governance()
    }

    /// Decides and appends `command`, then prints what was written.
    func execute(_ command: GovernanceCommand) async throws {
        let written = try await service().execute(command, by: try actor.principal())
        GovernanceOutput.written(written, json: output.json)
    }
}

/// Parsers for governance arguments, each failing with the rule of the value.
enum GovernanceArguments {
    static func model(_ text: String) throws -> ModelSlug { try ModelSlug.parse(text) }
    static func version(_ text: String) throws -> SemanticVersion { try SemanticVersion.parse(text) }

    static func stage(_ text: String) throws -> LifecycleStage {
        guard let stage = LifecycleStage(rawValue: text) else {
            throw ValidationError("'\(text)' is not a stage: use a lifecycle stage such as staging, approved, production, deprecated or archived.")
        }
        return stage
    }

    static func tier(_ value: Int) throws -> RiskTier {
        guard let tier = RiskTier(rawValue: value) else {
            throw ValidationError("--tier must be a tier number from 1 to \(RiskTier.maximum).")
        }
        return tier
    }

    static func role(_ text: String) throws -> RoleName {
        guard let role = RoleName(rawValue: text) else {
            throw ValidationError("'\(text)' is not a role name: use snake case such as compliance, legal or business_owner.")
        }
        return role
    }

    static func board(_ text: String) throws -> BoardName {
        guard let board = BoardName(rawValue: text) else {
            throw ValidationError("'\(text)' is not a board name: use a slug such as ml-review-board.")
        }
        return board
    }

    /// A JSON object given on the command line or in a file (`@path`).
    static func object(_ text: String, option: String) throws -> JSONObject {
        var bytes = Array(text.utf8)
        if text.hasPrefix("@") {
            let path = String(text.dropFirst())
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure.usage("Cannot read the \(option) file '\(path)': check that it exists and is readable.")
            }
            bytes = Array(data)
        }
        do throws(LedgerError) {
            guard case .object(let object) = try JSONValue.parse(bytes) else {
                throw LedgerError(.malformedInput, "it must be a JSON object such as {\"accuracy\": 0.975}.")
            }
            return object
        } catch {
            throw LedgerError(error.code, "\(option): \(error.message)")
        }
    }

    /// An Ed25519 private key file: one line holding the 32-byte seed as 64 lowercase hex
    /// characters or as standard base64 (44 characters).
    static func privateKey(path: String) throws -> Ed25519PrivateKey {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure.usage("Cannot read the key file '\(path)': check the path and its permissions.")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let seed = (text.utf8.count == 64 ? Hex.decodeLowercase(Array(text.utf8)) : nil) ?? Base64.decode(text), seed.count == 32 else {
            throw CommandFailure.usage("'\(path)' does not hold a member key: expected one line with the 32-byte Ed25519 seed as 64 lowercase hex characters or base64 (made by 'govledger keys generate-member').")
        }
        return try Ed25519PrivateKey(rawRepresentation: seed)
    }
}

extension LedgerOptions {
    /// A governance service over the configured ledger, deciding at wall-clock time.
    func governance() throws -> GovernanceService<SQLiteEventStore> {
        GovernanceService(store: try open(), clock: .system)
    }
}
