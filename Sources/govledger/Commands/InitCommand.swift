import ArgumentParser
import LedgerCore
import LedgerStore

struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a new, empty ledger file (or confirm that one exists).")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: JSONFlag
    @Option(help: ArgumentHelp("The log's origin line for checkpoints, e.g. ledger.bank.example/models (default govledger.local/<random id>). Fixed at creation.", valueName: "origin"))
    var origin: String?
    @Option(name: .customLong("page-size"), help: ArgumentHelp("SQLite page size of a new ledger, in bytes: a power of two from 512 to 65536 (default 32768; 4096 halves a single commit's latency, costs lineage ingestion a third of its writer's speed). Fixed at creation.", valueName: "bytes"))
    var pageSize: Int?

    func validate() throws {
        if let pageSize, !SQLiteEventStore.Configuration.isValidPageSize(pageSize) {
            throw ValidationError("--page-size must be a power of two from 512 to 65536, such as 4096 or 32768; not \(pageSize).")
        }
        if let origin {
            guard !origin.isEmpty, origin.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value != 0x7F }) else {
                throw ValidationError("--origin must be non-empty text without spaces or control characters, e.g. ledger.bank.example/models.")
            }
        }
    }

    func run() async throws {
        var configuration = ledger.configuration
        if let pageSize { configuration.pageSize = pageSize }
        let (store, created) = try SQLiteEventStore.create(at: ledger.path, configuration: configuration, origin: origin)
        if !created, let origin, try store.metadata("origin") == nil {
            // A ledger from before origins were recorded takes the one given now.
            try store.setMetadataOnce("origin", origin)
        }
        if !created, let origin, try store.origin() != origin {
            throw CommandFailure.usage("The ledger \(ledger.path) already exists with origin '\(try store.origin())'; the origin is fixed at creation.")
        }
        let filePageSize = try store.pageSize()
        if !created, let pageSize, filePageSize != pageSize {
            throw CommandFailure.usage("The ledger \(ledger.path) already exists with \(filePageSize)-byte pages; the page size is fixed at creation.")
        }
        let head = try store.headNow()
        if output.json {
            Output.json([
                "db": .string(ledger.path), "created": .bool(created), "entries": .int(head.nextSeq), "format": 1, "origin": .string(try store.origin()),
                "pageSize": .int(filePageSize),
            ])
        } else if created {
            Output.line("Created ledger \(ledger.path) (format v1, SQLite WAL, \(filePageSize / 1024) KiB pages, synchronous=\(ledger.durability.uppercased())), origin \(try store.origin()).")
        } else {
            Output.line("Ledger \(ledger.path) already exists with \(head.nextSeq) entries; nothing changed.")
        }
    }
}
