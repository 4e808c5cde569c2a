import ArgumentParser
import LedgerCore
import LedgerStore

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "List entries in seq order, optionally filtered.",
        discussion: "With --json, prints one JSON object per line: {\"seq\", \"leafHash\", \"header\", \"payload\"} (payload null once purged).")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: JSONFlag

    @Option(help: ArgumentHelp("Only this stream.", valueName: "name")) var stream: String?
    @Option(help: ArgumentHelp("Only this event type.", valueName: "type")) var type: String?
    @Option(help: ArgumentHelp("Only entries at or after this time (2025-01-15 or 2025-01-15T09:30:00.000Z).", valueName: "time")) var since: String?
    @Option(help: ArgumentHelp("Only entries before this time.", valueName: "time")) var until: String?
    @Option(name: .customLong("from-seq"), help: ArgumentHelp("Start at this seq.", valueName: "n")) var fromSeq: Int = 0
    @Option(help: ArgumentHelp("At most this many entries.", valueName: "n")) var limit: Int?
    @Flag(help: "Show each payload under its entry (text output).") var payloads = false

    func validate() throws {
        guard fromSeq >= 0 else { throw ValidationError("--from-seq must be 0 or more.") }
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more.") }
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, Timestamp(dateOrTimestamp: value) == nil {
                throw ValidationError("\(name) '\(value)' is not a date (2025-01-15) or an RFC 3339 UTC time with milliseconds (2025-01-15T09:30:00.000Z).")
            }
        }
    }

    func run() async throws {
        let query = EntryQuery(
            stream: try stream.map { name throws(LedgerError) in try StreamName.parse(name) },
            type: try type.map { name throws(LedgerError) in try EventType.parse(name) },
            since: since.flatMap { Timestamp(dateOrTimestamp: $0) }, until: until.flatMap { Timestamp(dateOrTimestamp: $0) },
            fromSeq: fromSeq, limit: limit)
        let store = try ledger.open()
        var shown = 0
        try store.forEachEntry(query) { row in
            let header: EntryHeader
            do {
                header = try EntryHeader(canonicalBytes: row.headerBytes)
            } catch let error as LedgerError {
                throw LedgerError(.integrityFailure, "\(error.message) Run 'govledger verify' to check the whole log.", seq: row.seq)
            }
            shown += 1
            if output.json {
                var line: [UInt8] = Array(#"{"header":"#.utf8)
                line.append(contentsOf: row.headerBytes)
                line.append(contentsOf: Array(#","leafHash":""#.utf8))
                line.append(contentsOf: (row.leafHash ?? header.leafHash).hex.utf8)
                line.append(contentsOf: Array(#"","payload":"#.utf8))
                line.append(contentsOf: row.payload?.canonicalBytes ?? Array("null".utf8))
                line.append(contentsOf: Array(#","seq":"#.utf8))
                line.append(contentsOf: String(row.seq).utf8)
                line.append(contentsOf: Array("}\n".utf8))
                Output.bytes(line)
            } else {
                Output.line("\(header.seq)\t\(header.time)\t\(header.stream) v\(header.streamVersion)\t\(header.type)\t\(header.actor)")
                if payloads {
                    let text = row.payload.map { String(decoding: $0.canonicalBytes, as: UTF8.self) } ?? "(payload purged)"
                    Output.line("    \(text)")
                }
            }
        }
        if !output.json, shown == 0 { Output.line("No entries match.") }
    }
}
