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
        var verifier = ChainVerifier()
        let start = ContinuousClock.now
        var failure: LedgerError?
        do {
            try store.forEachEntry { row in
                try verifier.check(seq: row.seq, headerBytes: row.headerBytes, storedLeafHash: row.leafHash, payload: row.payload)
            }
        } catch let error as LedgerError {
            failure = error
        }
        let elapsed = start.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(verifier.count) / seconds : 0
        if output.json {
            var report = JSONObject()
            report["ok"] = .bool(failure == nil)
            report["entriesChecked"] = .int(verifier.count)
            report["payloadsChecked"] = .int(verifier.payloadsChecked)
            report["payloadsPurged"] = .int(verifier.payloadsPurged)
            report["seconds"] = .number((seconds * 1000).rounded() / 1000)
            report["entriesPerSecond"] = .number(rate.rounded())
            if failure == nil {
                report["treeSize"] = .int(verifier.tree.count)
                report["rootHash"] = .string(verifier.tree.root.hex)
                report["headLeafHash"] = .string(verifier.headLeafHash.hex)
            }
            if let failure {
                report["firstBadSeq"] = failure.seq.map { .int($0) } ?? .null
                report["error"] = .string(failure.message)
            }
            Output.json(.object(report))
        } else if let failure {
            Output.line("FAILED after \(verifier.count) good entries.")
        } else {
            Output.line("OK: \(verifier.count) entries verified (headers, chain links, leaf hashes, \(verifier.payloadsChecked) payload digests, \(verifier.payloadsPurged) purged payloads).")
            Output.line(String(format: "    %.3f s, %.0f entries/s", seconds, rate))
            Output.line("    tree size \(verifier.tree.count), root \(verifier.tree.root.hex)")
        }
        if let failure {
            let where_ = failure.seq.map { "seq \($0)" } ?? "the log"
            throw CommandFailure(message: "verification failed at \(where_): \(failure.message)", exitCode: 1)
        }
    }
}
