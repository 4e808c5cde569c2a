import Foundation
import LedgerCore
import LedgerStore

enum VerifyBench {
    struct InProcess {
        let rate: Double
        let headerBytes: Int
        let payloadBytes: Int
    }

    /// The same verification `govledger verify` runs, called as a library.
    static func inProcess(path: String) throws -> InProcess {
        let store = try SQLiteEventStore.open(at: path)
        let report = try store.verify()
        guard report.isValid else { throw BenchError("the benchmark ledger does not verify: \(report.failure!)") }
        // Average entry sizes, for the hashing ceiling.
        var headerBytes = 0
        var payloadBytes = 0
        try store.forEachEntry(EntryQuery(limit: 1000)) { row in
            headerBytes += row.headerBytes.count
            payloadBytes += row.payload?.canonicalBytes.count ?? 0
        }
        let sample = min(1000, max(1, report.entriesChecked))
        return InProcess(rate: Double(report.entriesChecked) / report.seconds, headerBytes: headerBytes / sample, payloadBytes: payloadBytes / sample)
    }

    /// Runs the `govledger` binary beside this one; returns its rate and peak resident memory.
    static func cli(path: String) -> (rate: Double, peakMiB: Double)? {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("govledger")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else { return nil }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["verify", "--db", path, "--json"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let report = try? JSONValue.parse(Array(data).filter { $0 != 0x0A }),
            let rate = report["entriesPerSecond"]?.numberValue, let peak = report["peakResidentMiB"]?.numberValue
        else { return nil }
        return (rate, peak)
    }
}
