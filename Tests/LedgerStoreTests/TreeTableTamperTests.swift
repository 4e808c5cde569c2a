import Foundation
import Testing
import LedgerCore
@testable import LedgerStore

/// Damage to the tree tables and checkpoint bookkeeping that `verify` must report, found by the
/// tamper sweep (Tests/Reliability/tamper.py), and the one repair opening a ledger may still make.
struct TreeTableTamperTests {
    /// A ledger of 8 entries in batches of 3, 3 and 2 (tree heads at 3, 6 and 8) with a checkpoint
    /// of size 8 signed for origin `ledger.bank.example/models`.
    func makeLedger() throws -> TemporaryLedger {
        let ledger = try TemporaryLedger()
        let store = try SQLiteEventStore.create(
            at: ledger.path, configuration: .init(clock: .fixed(Timestamp("2025-01-15T09:30:00.000Z")!), random: .deterministic(seed: 4)),
            origin: "ledger.bank.example/models"
        ).store
        for size in [3, 3, 2] {
            _ = try store.appendNow((0..<size).map { draft("model/m\($0)") })
        }
        let signer = try NoteSigner(name: "ledger.bank.example", privateKey: Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 5, count: 32)))
        _ = try store.signCheckpoint(with: signer)
        #expect(try store.verify().isValid)
        return ledger
    }

    @Test(arguments: [
        // The last leaf (seq 7) completes subtrees; opening must not rebuild its deleted row.
        ("DROP TRIGGER merkle_subtree_no_delete; DELETE FROM merkle_subtree WHERE seq = 7;", "stored tree hashes", 7),
        ("DROP TRIGGER tree_head_no_delete; DELETE FROM tree_head WHERE size = 8;", "no tree head is stored for the whole log", 7),
        ("DROP TRIGGER tree_head_no_update; UPDATE tree_head SET time = '2024-01-15T09:30:00.000Z' WHERE size = 6;", "not stamped with the time", 5),
        ("DROP TRIGGER ledger_meta_no_update; UPDATE ledger_meta SET value = 'ledger.bank.example/other' WHERE key = 'origin';", "this ledger's origin", 7),
    ])
    func damageIsReportedAfterReopening(sql: String, message: String, seq: Int) throws {
        // Given a verified ledger changed behind govledger's back
        let ledger = try makeLedger()
        let result = try sqlite3(ledger.path, sql)
        #expect(result.status == 0, "\(result.output)")
        // When it is opened again and verified
        let report = try ledger.open().verify()
        // Then verify names the damage
        #expect(report.failure?.message.contains(message) == true, "\(report.failure?.message ?? "no failure")")
        #expect(report.failure?.seq == seq)
    }

    @Test func aLedgerFromBeforeTheTreeTablesIsStillBackfilled() throws {
        // Given a ledger whose tree tables are empty, as one written before schema v2
        let ledger = try makeLedger()
        try sqlite3(ledger.path, """
            DROP TRIGGER merkle_subtree_no_delete; DROP TRIGGER tree_head_no_delete; DROP TRIGGER checkpoint_no_delete;
            DELETE FROM merkle_subtree; DELETE FROM tree_head; DELETE FROM checkpoint;
            """)
        // When it is opened
        let store = try ledger.open()
        // Then the subtree hashes and the head of the whole log are rebuilt, and it verifies
        let report = try store.verify()
        #expect(report.isValid, "\(report.failure?.message ?? "")")
        #expect(report.treeHeadsChecked == 1)
        #expect(try sqlite3(ledger.path, "SELECT COUNT(*) FROM merkle_subtree;").output.trimmingCharacters(in: .whitespacesAndNewlines) == "4")
    }
}
