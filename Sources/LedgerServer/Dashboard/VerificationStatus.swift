import Foundation
import LedgerCore
import LedgerStore

/// The result of the last full verification the server ran (levels 1 and 2: chain, tree heads,
/// signed checkpoints and payload commitments), shown on the integrity page. The server verifies
/// the whole log when it starts, in the background.
actor VerificationStatus {
    struct Result: Sendable {
        let finished: Date
        let entries: Int
        let seconds: Double
        let root: String
        let failure: String?
    }

    private(set) var last: Result?
    private(set) var running = false

    func run(_ store: SQLiteEventStore) async {
        guard !running else { return }
        running = true
        defer { running = false }
        let result: Result
        do {
            let report = try store.verify()
            result = Result(
                finished: Date(), entries: report.entriesChecked, seconds: report.seconds, root: report.rootHash.hex,
                failure: report.failure.map { "\($0.message)\($0.seq.map { " (first bad entry: seq \($0))" } ?? "")" })
        } catch {
            result = Result(finished: Date(), entries: 0, seconds: 0, root: "", failure: "\(error)")
        }
        last = result
    }
}
