import Foundation
import Testing
import Governance
import LedgerCore
import LedgerStore
@testable import govledger

extension ScriptedClock {
    /// Test shorthand: set the time from its RFC 3339 text.
    func set(_ text: String) { set(Timestamp(text)!) }
}

struct RetentionTests {
    /// Eight simulated years: a Tier 1 (7y), Tier 2 (3y) and Tier 3 (1y) model each record an entry
    /// every quarter from 2017 to 2024; the Tier 3 model "churn" goes on legal hold in 2022.
    func eightYears() throws -> (SQLiteEventStore, ScriptedClock, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("govledger-retention-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let clock = ScriptedClock(Timestamp("2017-01-01T00:00:00.000Z")!)
        let store = try SQLiteEventStore.create(
            at: folder.appendingPathComponent("l.db").path,
            configuration: .init(clock: clock.ledgerClock, random: .deterministic(seed: 11))).store
        let models = [("fraud", "7y"), ("pricing", "3y"), ("churn", "1y")]
        for year in 2017...2024 {
            for month in [1, 4, 7, 10] {
                clock.set(String(format: "%04d-%02d-15T12:00:00.000Z", year, month))
                _ = try store.appendNow(models.map { model, retention in
                    EntryDraft(stream: StreamName("model/\(model)")!, type: EventType("test.recorded")!, actor: Principal("ci")!,
                               retention: RetentionClass(retention)!, payload: ["quarter": .string("\(year)-\(month)")])
                })
                if year == 2022, month == 4 {
                    _ = try store.appendNow([EntryDraft(
                        stream: StreamName("legal-hold/churn")!, type: EventType("legal.hold.placed")!, actor: Principal("compliance@bank.example")!,
                        payload: ["model": "churn", "case": "CASE-7", "reason": "customer litigation"])])
                }
            }
        }
        return (store, clock, folder)
    }

    func payloadSeqs(_ store: SQLiteEventStore) throws -> [String: [String]] {
        var present: [String: [String]] = [:]
        for entry in try store.entriesNow(EntryQuery()) where entry.header.type.rawValue == "test.recorded" {
            if let payload = entry.payload {
                present[entry.header.stream.rawValue, default: []].append(try payload.object()["quarter"]?.stringValue ?? "?")
            }
        }
        return present
    }

    @Test func purgesExactlyTheExpiredUnheldPayloadsAndKeepsEveryProof() throws {
        let (store, clock, folder) = try eightYears()
        defer { try? FileManager.default.removeItem(at: folder) }
        let size = try store.headNow().nextSeq
        let rootBefore = try store.treeRoot(size: size)
        let proofBefore = try store.inclusionProof(seq: 5, size: size)

        // As of 2025-01-01: Tier 2 (3y) entries before 2022-01-01 are due; Tier 1 entries are not
        // (the oldest, 2017-01-15, expires 2024-01-15... so 2017 Q1-Q4 of fraud are due too).
        clock.set("2025-01-01T00:00:00.000Z")
        let asOf = Timestamp("2025-01-01T00:00:00.000Z")!
        let planner = try RetentionCommand.makePlan(store: store, asOf: asOf)
        #expect(planner.plan.held["churn"] == 28)  // 2017-2023 Q4 minus those not yet expired
        _ = try store.purgePayloads(planner.plan.purgeable) { _ in planner.record(actor: Principal("dpo")!, retention: .sevenYears) }
        let after = try payloadSeqs(store)
        // fraud (7y): entries up to 2017-10-15 expired (2024-10-15 ≤ 2025-01-01); 2018-01 kept.
        #expect(after["model/fraud"]?.first == "2018-1")
        #expect(after["model/fraud"]?.count == 28)
        // pricing (3y): everything before 2022-01-01 purged; 2022-01 kept.
        #expect(after["model/pricing"]?.first == "2022-1")
        // churn (1y) is on hold: nothing purged.
        #expect(after["model/churn"]?.count == 32)

        // Integrity still passes; purged payloads count as purged, not missing.
        let report = try store.verify()
        #expect(report.isValid, "\(String(describing: report.failure))")
        #expect(report.payloadsPurged == 4 + 20)
        // Proofs from before the purge still verify against the same root.
        #expect(try store.treeRoot(size: size) == rootBefore)
        try MerkleProof.verifyInclusion(leafHash: proofBefore.leafHash, index: 5, size: size, proof: proofBefore.proof, root: rootBefore)

        // A second apply at the same date does nothing.
        #expect(try RetentionCommand.makePlan(store: store, asOf: asOf).plan.purgeable.isEmpty)

        // Release the hold: churn entries before 2024-01-01 (1y) become purgeable.
        clock.set("2025-01-02T00:00:00.000Z")
        _ = try store.appendNow([EntryDraft(
            stream: StreamName("legal-hold/churn")!, type: EventType("legal.hold.released")!, actor: Principal("compliance@bank.example")!,
            payload: ["model": "churn", "case": "CASE-7", "reason": "case closed"])])
        let later = try RetentionCommand.makePlan(store: store, asOf: Timestamp("2025-01-02T00:00:00.000Z")!)
        #expect(later.plan.purgeable.count == 28)
        #expect(later.plan.held.isEmpty)
    }

    @Test func anEarlyPurgeVerifiesButTheAuditNamesIt() throws {
        // Given a writer that purges a Tier 1 entry of 2024 as if its window had ended
        let (store, clock, folder) = try eightYears()
        defer { try? FileManager.default.removeItem(at: folder) }
        clock.set("2025-01-01T00:00:00.000Z")
        let young = try #require(try store.entriesNow(EntryQuery(stream: StreamName("model/fraud"))).last)
        _ = try store.purgePayloads([young.header.seq]) { _ in
            EntryDraft(stream: StreamName("ledger/retention")!, type: EventType("retention.purged")!, actor: Principal("mallory")!,
                       payload: ["asOf": "2025-01-01T00:00:00.000Z", "ranges": [[.number(Double(young.header.seq)), .number(Double(young.header.seq))]]])
        }
        // Then integrity still holds (the purge is recorded) …
        #expect(try store.verify().isValid)
        // … but the audit finds the purge unlawful and says why
        var audit = RetentionAudit()
        try store.forEachEntry(EntryQuery()) { row in
            let header = try EntryHeader(canonicalBytes: row.headerBytes)
            if header.type.rawValue == "retention.purged", let payload = try row.payload?.object() {
                audit.check(record: header, payload: payload)
            }
            try audit.state.apply(header: header, payload: try row.payload?.object())
            audit.observe(header)
        }
        #expect(audit.violations.count == 1)
        #expect(audit.violations.first?.purgedSeq == young.header.seq)
        #expect(audit.violations.first?.reason.contains("window") == true)
    }

    @Test func aPayloadDeletedOutsideTheRetentionPathStillFails() throws {
        let (store, _, folder) = try eightYears()
        defer { try? FileManager.default.removeItem(at: folder) }
        let db = store.path
        // The trigger refuses a plain delete…
        let refused = try shell("sqlite3", db, "DELETE FROM entry_payload WHERE seq = 3;")
        #expect(refused.status != 0)
        #expect(refused.output.contains("only by a retention purge"))
        // …and forging the bookkeeping row to get past it is caught by verify: no chained
        // retention.purged entry covers the payload.
        _ = try shell("sqlite3", db, "INSERT INTO payload_purge (seq, purged_by) VALUES (3, 99); DELETE FROM entry_payload WHERE seq = 3;")
        let report = try store.verify()
        #expect(report.failure?.seq == 3)
        #expect(report.failure?.message.contains("no retention or erasure entry covers it") == true)
    }

    @Test func applyRefusesFutureDatesAndNeedsYes() throws {
        let cli = try CLIHarness()
        #expect(try cli.run("init").status == 0)
        #expect(try cli.run("append", "--stream", "model/a", "--type", "test.recorded", "--actor", "ci", "--retention", "1d", "--payload", "{}").status == 0)
        let future = try cli.run("retention", "apply", "--as-of", "2999-01-01", "--actor", "dpo")
        #expect(future.status == 2)
        #expect(future.stderr.contains("in the future"))
        let nothing = try cli.run("retention", "apply", "--actor", "dpo")
        #expect(nothing.status == 0)
        #expect(nothing.stdout.contains("Nothing to purge"))
        let plan = try cli.run("retention", "plan", "--json")
        #expect(plan.status == 0)
        let hold = try cli.run("hold", "place", "nope", "--reason", "x", "--case", "C1", "--actor", "compliance")
        #expect(hold.status == 2)
        #expect(hold.stderr.contains("no model 'nope'"))
        #expect(try cli.run("hold", "place", "a", "--reason", "litigation", "--case", "C1", "--actor", "compliance").status == 0)
        #expect(try cli.run("hold", "list").stdout.contains("case C1"))
        #expect(try cli.run("hold", "release", "a", "--reason", "closed", "--case", "C2", "--actor", "compliance").status == 2)
        #expect(try cli.run("hold", "release", "a", "--reason", "closed", "--case", "C1", "--actor", "compliance").status == 0)
    }

    func shell(_ arguments: String...) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
