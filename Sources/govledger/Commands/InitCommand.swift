import ArgumentParser
import LedgerCore
import LedgerStore

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new, empty ledger file (or confirm that one exists).")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: JSONFlag

    func run() async throws {
        let (store, created) = try SQLiteEventStore.create(at: ledger.path, configuration: ledger.configuration)
        let head = try store.headNow()
        if output.json {
            Output.json(["db": .string(ledger.path), "created": .bool(created), "entries": .int(head.nextSeq), "format": 1])
        } else if created {
            Output.line("Created ledger \(ledger.path) (format v1, SQLite WAL, synchronous=\(ledger.durability.uppercased())).")
        } else {
            Output.line("Ledger \(ledger.path) already exists with \(head.nextSeq) entries; nothing changed.")
        }
    }
}
