import Foundation
import LedgerCore
import LedgerStore

/// A fresh ledger file in its own temporary folder, removed when the value is released.
final class TemporaryLedger {
    let folder: URL
    var path: String { folder.appendingPathComponent("ledger.db").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("govledger-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    func create(clock: LedgerClock = .fixed(Timestamp("2025-01-15T09:30:00.000Z")!)) throws -> SQLiteEventStore {
        try SQLiteEventStore.create(at: path, configuration: .init(clock: clock, random: .deterministic(seed: 1))).store
    }

    func open() throws -> SQLiteEventStore {
        try SQLiteEventStore.open(at: path, configuration: .init(clock: .fixed(Timestamp("2025-01-15T09:30:00.000Z")!)))
    }
}

func draft(_ stream: String, _ type: String = "test.recorded", expected: Int? = nil, payload: JSONObject = ["n": 1]) -> EntryDraft {
    EntryDraft(stream: StreamName(stream)!, type: EventType(type)!, actor: Principal("tester@bank.example")!,
               payload: payload, expectedVersion: expected)
}

/// Runs the chain verifier over every stored row.
func verifyAll(_ store: SQLiteEventStore) throws -> ChainVerifier {
    var verifier = ChainVerifier()
    try store.forEachEntry { row in
        try verifier.check(seq: row.seq, headerBytes: row.headerBytes, storedLeafHash: row.leafHash, payload: row.payload)
    }
    return verifier
}

/// Runs the sqlite3 shell on a database (used to tamper the way an attacker with file access would).
@discardableResult
func sqlite3(_ path: String, _ sql: String) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sqlite3", path, sql]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}
