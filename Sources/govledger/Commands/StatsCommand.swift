import ArgumentParser
import LedgerCore
import LedgerStore

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show entries, streams, payloads, size on disk and the head hash.")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: JSONFlag

    func run() async throws {
        let store = try ledger.open()
        let stats = try store.statistics()
        if output.json {
            var report = JSONObject()
            report["db"] = .string(ledger.path)
            report["entries"] = .int(stats.entries)
            report["streams"] = .int(stats.streams)
            report["payloadsPresent"] = .int(stats.payloadsPresent)
            report["bytesOnDisk"] = .number(Double(stats.bytesOnDisk))
            report["headSeq"] = stats.entries > 0 ? .int(stats.head.nextSeq - 1) : .null
            report["headLeafHash"] = stats.entries > 0 ? .string(stats.head.leafHash.hex) : .null
            report["firstTime"] = stats.firstTime.map { .string($0.description) } ?? .null
            report["lastTime"] = stats.head.time.map { .string($0.description) } ?? .null
            Output.json(.object(report))
        } else {
            Output.line("ledger        \(ledger.path)")
            Output.line("entries       \(stats.entries)")
            Output.line("streams       \(stats.streams)")
            Output.line("payloads      \(stats.payloadsPresent) present, \(stats.entries - stats.payloadsPresent) purged")
            Output.line("size on disk  \(stats.bytesOnDisk) bytes")
            if stats.entries > 0 {
                Output.line("first entry   \(stats.firstTime?.description ?? "?")")
                Output.line("head          seq \(stats.head.nextSeq - 1) at \(stats.head.time?.description ?? "?")")
                Output.line("head hash     \(stats.head.leafHash.hex)")
            }
        }
    }
}
