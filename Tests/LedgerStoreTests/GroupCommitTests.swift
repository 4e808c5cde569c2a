import Foundation
import LedgerCore
import LedgerStore
import Testing

/// Concurrent appends share one commit, and each keeps its own atomicity and outcome.
struct GroupCommitTests {
    @Test func concurrentAppendsWithConflictsCommitOnlyTheWinners() async throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create(clock: .system)
        // 64 tasks each append two entries to their own stream, and all race for version 1 of
        // one shared stream: exactly one may win it.
        let outcomes = try await withThrowingTaskGroup(of: (own: [Int], shared: Bool).self) { group in
            for worker in 0..<64 {
                group.addTask {
                    let own = try await store.append([
                        draft("model/w\(worker)", payload: ["n": .number(Double(worker))]),
                        draft("model/w\(worker)", payload: ["n": .number(Double(worker + 1000))]),
                    ])
                    do {
                        _ = try await store.append([draft("model/shared", expected: 0, payload: ["worker": .number(Double(worker))])])
                        return (own.map(\.header.seq), true)
                    } catch let error as LedgerError where error.code == .streamConflict {
                        return (own.map(\.header.seq), false)
                    }
                }
            }
            var all: [(own: [Int], shared: Bool)] = []
            for try await outcome in group { all.append(outcome) }
            return all
        }
        #expect(outcomes.filter(\.shared).count == 1)
        // Each two-entry append is contiguous: no other append was interleaved inside it.
        for outcome in outcomes { #expect(outcome.own.count == 2 && outcome.own[1] == outcome.own[0] + 1) }
        let head = try store.headNow().nextSeq
        #expect(head == 64 * 2 + 1)
        #expect(try store.streamVersionNow(of: StreamName("model/shared")!) == 1)
        let report = try store.verify()
        #expect(report.isValid, "\(String(describing: report.failure))")
        #expect(report.entriesChecked == head)
    }

    @Test func aFailedAppendInAGroupLeavesNoTrace() async throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create(clock: .system)
        _ = try await store.append([draft("model/a")])
        let good = Task { try await store.append([draft("model/b"), draft("model/b")]) }
        let stale = Task { try await store.append([draft("model/c"), draft("model/a", expected: 0)]) }
        let written = try await good.value
        await #expect(throws: LedgerError.self) { try await stale.value }
        #expect(written.count == 2)
        #expect(try store.headNow().nextSeq == 3)
        #expect(try store.streamVersionNow(of: StreamName("model/c")!) == 0, "the rolled-back append wrote nothing")
        #expect(try store.verify().isValid)
    }
}
