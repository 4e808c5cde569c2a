import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole log as JSON Lines: {\"header\", \"payload\", \"salt\"} per entry.",
        discussion: "Each line is the RFC 8785 canonical form of the entry; JCS of a line's header reproduces the header bytes H that the leaf hash covers. See docs/format.md.")

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: JSONFlag

    @Option(help: ArgumentHelp("Write to this file instead of standard output (refuses to overwrite).", valueName: "file"))
    var out: String?

    func run() async throws {
        let store = try ledger.open()
        if let out, FileManager.default.fileExists(atPath: out) {
            throw CommandFailure.usage("'\(out)' already exists; choose a new file name or remove it first.")
        }
        let temporary = out.map { $0 + ".partial" }
        let handle: FileHandle
        if let temporary {
            guard FileManager.default.createFile(atPath: temporary, contents: nil),
                let file = FileHandle(forWritingAtPath: temporary)
            else {
                throw CommandFailure.usage("Cannot create '\(temporary)': check that the folder exists and is writable.")
            }
            handle = file
        } else {
            handle = FileHandle.standardOutput
        }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        var count = 0
        do {
            try store.forEachEntry { row in
                let header: EntryHeader
                do {
                    header = try EntryHeader(canonicalBytes: row.headerBytes)
                } catch let error as LedgerError {
                    throw LedgerError(.integrityFailure, "\(error.message) Run 'govledger verify' before exporting.", seq: row.seq)
                }
                Entry(header: header, headerBytes: Array(row.headerBytes), payload: row.payload, leafHash: row.leafHash)
                    .appendExportLine(to: &buffer)
                buffer.append(0x0A)
                count += 1
                if buffer.count >= 1 << 20 {
                    try handle.write(contentsOf: buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try handle.write(contentsOf: buffer)
        } catch {
            if let temporary { try? FileManager.default.removeItem(atPath: temporary) }
            throw error
        }
        if let out, let temporary {
            try handle.synchronize()
            try handle.close()
            try FileManager.default.moveItem(atPath: temporary, toPath: out)
            if output.json {
                Output.json(["out": .string(out), "entries": .int(count)])
            } else {
                Output.line("Exported \(count) entries to \(out).")
            }
        }
    }
}
