import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// The options every command that touches a ledger shares.
struct LedgerOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The ledger file. Default: $GOVLEDGER_DB, else ./govledger.db.", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Commit durability: 'full' (fsync every commit, the default) or 'normal' (faster bulk loads; the last commits may be lost on power loss, never corrupted).", valueName: "mode"))
    var durability: String = "full"

    /// The resolved database path.
    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["GOVLEDGER_DB"], !env.isEmpty { return env }
        return "./govledger.db"
    }

    func validate() throws {
        guard SQLiteEventStore.Durability(rawValue: durability) != nil else {
            throw ValidationError("--durability must be 'full' or 'normal', not '\(durability)'.")
        }
        if let db, db.isEmpty { throw ValidationError("--db needs a file path.") }
    }

    var configuration: SQLiteEventStore.Configuration {
        SQLiteEventStore.Configuration(durability: SQLiteEventStore.Durability(rawValue: durability) ?? .full)
    }

    /// Opens the existing ledger, or fails with exit code 2 and what to do.
    func open() throws -> SQLiteEventStore {
        try SQLiteEventStore.open(at: path, configuration: configuration)
    }
}

/// A `--json` flag.
struct JSONFlag: ParsableArguments {
    @Flag(name: .long, help: "Print machine-readable JSON instead of text.")
    var json = false
}

extension JSONValue {
    /// A JSON number from an integer.
    static func int(_ value: Int) -> JSONValue { .number(Double(value)) }
}
