import Foundation
import Governance
import LedgerCore
import LedgerServer
import LedgerStore
import Projections

extension LedgerOptions {
    /// The read models brought up to the end of the log (stored in the ledger, updated with the
    /// entries appended since the last run).
    func projection() async throws -> (store: SQLiteEventStore, state: ProjectionState) {
        let store = try open()
        let (state, _) = try await ProjectionUpdater(store: store, storage: store).update()
        return (store, state)
    }
}

enum ProjectionSupport {
    /// The dossier of `model`, or a usage error naming the known models.
    static func dossier(_ model: String, in state: ProjectionState) throws -> ModelDossier {
        let slug = try GovernanceArguments.model(model)
        guard let dossier = state.models[slug.rawValue] else {
            let known = state.modelOrder.prefix(12).joined(separator: ", ")
            throw CommandFailure.usage("Model '\(slug)' is not registered\(known.isEmpty ? "" : " (registered: \(known))"); see govledger registry.")
        }
        return dossier
    }

    /// Writes `text` to `path` through a temporary file and a rename, refusing to overwrite;
    /// to standard output when `path` is nil.
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            Output.line(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            return
        }
        try write(Array(text.utf8), to: path)
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        if FileManager.default.fileExists(atPath: path) {
            throw CommandFailure.usage("'\(path)' already exists; choose another file name or remove it first.")
        }
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw CommandFailure.usage("Cannot write '\(path)': check that its directory exists and is writable.")
        }
        do {
            try FileManager.default.moveItem(atPath: temporary, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw CommandFailure.usage("Cannot write '\(path)': \(error.localizedDescription)")
        }
    }

    /// Parses `--from`/`--to`: a date (the start of the day for `from`, its last millisecond for
    /// `to`) or an RFC 3339 timestamp.
    static func period(from: String?, to: String?, now: Timestamp) throws -> (Timestamp, Timestamp) {
        func parse(_ text: String, option: String, endOfDay: Bool) throws -> Timestamp {
            guard let time = Timestamp(dateOrTimestamp: text) else {
                throw CommandFailure.usage("\(option) '\(text)' is not a date: use YYYY-MM-DD or an RFC 3339 time such as 2025-01-15T09:30:00.000Z.")
            }
            return endOfDay && text.count == 10 ? time.adding(milliseconds: 86_400_000 - 1) : time
        }
        let start = try from.map { try parse($0, option: "--from", endOfDay: false) } ?? Timestamp(millisecondsSinceEpoch: 0)
        let end = try to.map { try parse($0, option: "--to", endOfDay: true) } ?? now
        guard !(end < start) else { throw CommandFailure.usage("--to (\(end)) is before --from (\(start)); give a period that ends after it starts.") }
        return (start, end)
    }
}
