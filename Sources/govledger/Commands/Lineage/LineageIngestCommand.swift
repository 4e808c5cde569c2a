import ArgumentParser
import Foundation
import Governance
import LedgerCore
import LedgerStore
import Projections

extension LineageCommand {
    struct Ingest: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ingest",
            abstract: "Record a file of predictions: one ledger entry per batch, all or nothing.",
            discussion: """
                FILE is JSON Lines (one record per line) or CSV with a header row (columns in docs/lineage.md); \
                --format defaults to csv for a .csv file and jsonl otherwise. Every record is checked first: the \
                record format, duplicate prediction ids (in the file and in the ledger), times more than 5 minutes \
                ahead of the clock, and, once models are registered, the registry's rules (a registered version in \
                production, or deployed as shadow, at the record's time, reading its lineage's feature set). Any bad record rejects the whole file (exit 2) with the line and reasons of \
                each, and nothing is written. Otherwise the records are grouped by model into batches of at most \
                --batch-size, each recorded as one prediction.batch.recorded entry on lineage/<model> whose payload \
                carries the batch's Merkle root, and all batches land in one transaction. Then the index runs \
                the ingestion made due are merged (seconds for millions of records) unless --no-merge leaves them \
                to 'govledger lineage compact' or the next ingestion.
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag
        @OptionGroup var actor: ActorOption
        @Argument(help: ArgumentHelp("The file of prediction records.", valueName: "file")) var file: String
        @Option(help: ArgumentHelp("jsonl or csv (default: by the file's extension).", valueName: "format")) var format: String?
        @Option(name: .customLong("batch-size"), help: ArgumentHelp("Records per batch entry, 1 to 1048576.", valueName: "n"))
        var batchSize: Int = LineageBatch.defaultRecords
        @Option(help: ArgumentHelp("Retention class of the batch entries.", valueName: "class")) var retention: String = "7y"
        @Option(name: .customLong("segment-bytes"), help: ArgumentHelp("Bytes of JSON Lines read, checked and written at a time.", visibility: .hidden))
        var segmentBytes: Int = 32 << 20
        @Flag(name: .customLong("no-merge"), help: "Return after the commit; leave merging the index runs to 'govledger lineage compact'.")
        var noMerge = false

        func validate() throws {
            guard segmentBytes >= 1 else { throw ValidationError("--segment-bytes must be at least 1, not \(segmentBytes).") }
            guard (1...LineageBatch.maxRecords).contains(batchSize) else {
                throw ValidationError("--batch-size must be between 1 and \(LineageBatch.maxRecords), not \(batchSize).")
            }
            if let format, LineageInput.Format(rawValue: format) == nil {
                throw ValidationError("--format must be 'jsonl' or 'csv', not '\(format)'.")
            }
        }

        func run() async throws {
            let principal = try actor.principal()
            let retentionClass = try RetentionClass.parse(retention)
            let inputFormat = format.flatMap(LineageInput.Format.init(rawValue:)) ?? (file.lowercased().hasSuffix(".csv") ? .csv : .jsonl)
            let bytes = try AppendCommand.readFile(file, what: "lineage file")
            // The registry's rules: a registered version, serving at the record's time, reading
            // the feature set of its lineage (a ledger without registered models accepts all).
            // They read the stored registry projection, brought up to date with the entries
            // appended since it was saved, so the cost does not grow with the log.
            let store = try ledger.open()
            let serving: LineageServing
            do {
                serving = LineageServing(projection: try await ProjectionUpdater(store: store, storage: store).update().state)
            } catch is LedgerError {
                // A log with an entry whose payload breaks the catalog cannot be projected (verify
                // --rules names it): fold the log once, passing over such entries.
                var registry = RegistryState()
                let policies = PolicyCache()
                for entry in try await store.entries(EntryQuery()) { try? registry.apply(entry, policies: policies) }
                serving = LineageServing(registry: registry)
            }
            let checks = LineageChecks(clock: .system, validator: RegistryLineageValidator(serving: serving))
            // Parsing and planning are split over the cores (the results equal the one-core
            // ones), and a segment of JSON Lines is written by the store's writer thread while
            // the next is read: all segments in one transaction, committed only if every record
            // of the file passed.
            let pieces = LineageIngestion.readingPieces
            let ingestion = store.beginLineageIngestion(actor: principal, retention: retentionClass, merging: noMerge ? .later : .beforeReturning)
            var problems: [LineageProblem] = []
            var planned: [(model: String, count: Int, root: SHA256Digest)] = []
            var records = 0
            do {
                var start = 0
                var firstLine = 0
                repeat {
                    var input: LineageInput
                    if inputFormat == .jsonl {
                        var end = min(start + segmentBytes, bytes.count)
                        while end < bytes.count, bytes[end - 1] != 0x0A { end += 1 }
                        let piece = bytes[start..<end]
                        input = await LineageInput.readJSONLines(piece, firstLine: firstLine + 1, parts: pieces)
                        firstLine += LineageInput.lineFeeds(in: piece)
                        start = end
                    } else {
                        do throws(LedgerError) {
                            input = try LineageInput.read(bytes, format: inputFormat)
                        } catch {
                            throw LedgerError(error.code, "\(file): \(error.message)")
                        }
                        start = bytes.count
                    }
                    problems += checks.problems(in: input)
                    records += input.records.count
                    // Once a record is bad nothing will be written: the rest is only checked.
                    if problems.isEmpty, !input.records.isEmpty {
                        let batches = await LineageBatch.plan(input.records, size: batchSize, parts: pieces)
                        planned += batches.map { ($0.model, $0.records.count, $0.tree.root) }
                        // The writer releases the segment's records after writing them (they share
                        // memory with the batches), not this task while the writer reads them.
                        try await ingestion.write(batches, releasing: consume input)
                    }
                } while start < bytes.count
            } catch {
                await ingestion.abort()
                throw error
            }
            guard problems.isEmpty else {
                await ingestion.abort()
                throw LineageCommand.reject(problems, file: file, json: output.json)
            }
            guard records > 0 else {
                await ingestion.abort()
                throw CommandFailure.usage("\(file) holds no records; nothing was written.")
            }
            let entries: [Entry]
            do {
                entries = try await ingestion.commit()
            } catch let rejection as LineageRejection {
                throw LineageCommand.reject(rejection.problems, file: file, json: output.json)
            }
            if output.json {
                Output.json([
                    "ok": true, "records": .int(records),
                    "batches": .array(zip(planned, entries).map { batch, entry in
                        [
                            "seq": .int(entry.header.seq), "stream": .string(entry.header.stream.rawValue), "model": .string(batch.model),
                            "count": .int(batch.count), "root": .string(batch.root.hex), "leafHash": .string(entry.leafHash.hex),
                        ]
                    }),
                ])
            } else {
                for (batch, entry) in zip(planned, entries) {
                    Output.line("batch seq \(entry.header.seq)  \(entry.header.stream)  \(batch.count) records  root \(batch.root.hex)")
                }
                Output.line("Recorded \(records) predictions in \(entries.count) batch entr\(entries.count == 1 ? "y" : "ies"), atomically.")
            }
            // The ingestion's writer thread may still hold the store when the process exits:
            // closing it here leaves the ledger one file, its log copied in. The records are
            // committed and reported by now, so a close that fails (the log then stays beside the
            // ledger, and the next open recovers it) does not turn the command into a failure.
            try? store.close()
        }
    }
}
