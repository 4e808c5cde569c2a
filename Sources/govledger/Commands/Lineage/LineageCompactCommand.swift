import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

extension LineageCommand {
    struct Compact: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compact",
            abstract: "Merge the lineage index runs that are due, as an ingestion does after its commit.",
            discussion: """
                Every 8 runs of one size class and kind become one (docs/lineage.md, Merging), in steps of their own \
                transactions, so other writers go between them. For ingestions made with 'lineage ingest --no-merge', \
                at a quiet hour. Prints how many merges were made and how many runs a lookup now probes.
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let store = try ledger.open()
            let began = ContinuousClock.now
            let merges = try store.compactLineageIndex()
            let seconds = began.duration(to: .now).seconds
            let (ids, subjects) = try store.lineageIndexRuns()
            if output.json {
                Output.json([
                    "ok": true, "merges": .int(merges), "idRuns": .int(ids), "subjectRuns": .int(subjects),
                    "seconds": .number((seconds * 1000).rounded() / 1000),
                ])
            } else {
                Output.line("\(merges == 0 ? "No merge was due" : "Made \(merges) merge\(merges == 1 ? "" : "s") of index runs"); a lookup now probes \(ids) id run\(ids == 1 ? "" : "s") and \(subjects) subject run\(subjects == 1 ? "" : "s").")
            }
        }
    }
}
