import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every header, chain link, leaf hash and payload digest.",
        discussion: """
            Level 1 (integrity): each header is canonical format v1, seq is contiguous from 0, prevSHA256 links \
            to the previous leaf hash, times never decrease, stream versions count 1, 2, 3… Level 2 (payloads): \
            each payload and salt hash to the header's payloadSHA256. Exits 1 naming the first bad seq.
            """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: JSONFlag

    func run() async throws {
        let store = try ledger.open()
        let report = try store.verify()
        let rate = report.seconds > 0 ? Double(report.entriesChecked) / report.seconds : 0
        if output.json {
            var object = JSONObject()
            object["ok"] = .bool(report.isValid)
            object["entriesChecked"] = .int(report.entriesChecked)
            object["payloadsChecked"] = .int(report.payloadsChecked)
            object["payloadsPurged"] = .int(report.payloadsPurged)
            object["seconds"] = .number((report.seconds * 1000).rounded() / 1000)
            object["entriesPerSecond"] = .number(rate.rounded())
            object["peakResidentMiB"] = .number((Self.peakResidentMiB() * 10).rounded() / 10)
            if let failure = report.failure {
                object["firstBadSeq"] = failure.seq.map { .int($0) } ?? .null
                object["error"] = .string(failure.message)
            } else {
                object["treeSize"] = .int(report.entriesChecked)
                object["rootHash"] = .string(report.rootHash.hex)
                object["headLeafHash"] = .string(report.headLeafHash.hex)
            }
            Output.json(.object(object))
        } else if report.isValid {
            Output.line("OK: \(report.entriesChecked) entries verified (headers, chain links, leaf hashes, \(report.payloadsChecked) payload digests, \(report.payloadsPurged) purged payloads).")
            Output.line(String(format: "    %.3f s, %.0f entries/s", report.seconds, rate))
            Output.line("    tree size \(report.entriesChecked), root \(report.rootHash.hex)")
        } else {
            Output.line("FAILED after \(report.entriesChecked) good entries.")
        }
        if let failure = report.failure {
            let place = failure.seq.map { "seq \($0)" } ?? "the log"
            throw CommandFailure(message: "verification failed at \(place): \(failure.message)", exitCode: 1)
        }
    }

    /// This process's peak resident memory, in MiB (getrusage reports KiB on Linux).
    static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
