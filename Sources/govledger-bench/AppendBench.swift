import Foundation
import LedgerCore
import LedgerStore

/// Append workloads shaped like the peer script's rows: 200 streams, six event types, four
/// actors, payloads of about 300 canonical bytes.
enum AppendBench {
    static let types = ["model.registered", "model.version.registered", "model.version.transitioned",
                        "evidence.test.recorded", "monitoring.drift.alerted", "board.vote.cast"].map { EventType($0)! }
    static let actors = ["alice@bank.example", "bob@bank.example", "ci@bank.example", "compliance@bank.example"].map { Principal($0)! }
    static let streams = (0..<200).map { StreamName(String(format: "model/model-%03d", $0))! }

    static func drafts(from start: Int, count: Int, generator: inout SplitMix) -> [EntryDraft] {
        (start..<start + count).map { seq in
            let payload: JSONObject = [
                "model": .string("fraud-detection-engine"),
                "version": .string("3.2.\(seq % 17)"),
                "metric": "auc_roc",
                "value": .number(Double(generator.next() % 1_000_000) / 1_000_000),
                "window": ["from": "2025-01-15T00:00:00.000Z", "to": "2025-01-16T00:00:00.000Z"],
                "thresholds": ["warning": 0.85, "critical": 0.8],
                "features": ["transaction_amount", "merchant_category", "hour_of_day", "distance_from_home"],
                "status": "stable",
                "run": .number(Double(seq)),
            ]
            return EntryDraft(
                stream: streams[Int(generator.next() % 200)], type: types[seq % types.count],
                actor: actors[seq % actors.count], payload: payload)
        }
    }

    static func payloadBytes() -> Int {
        var generator = SplitMix(seed: 1)
        return JSONValue.object(drafts(from: 0, count: 1, generator: &generator)[0].payload).canonicalBytes().count
    }

    struct Batched {
        let rate: Double
        let payloadBytes: Int
    }

    /// Durable batched appends through the store (canonical JSON, salts, both tables, FULL).
    static func batched(entries: Int, batch: Int, folder: URL) throws -> Batched {
        let path = folder.appendingPathComponent("append.db").path
        let store = try SQLiteEventStore.create(at: path).store
        var generator = SplitMix(seed: 42)
        // Draft building (the caller's own objects) is not timed; sealing and writing are.
        var batches: [[EntryDraft]] = []
        var start = 0
        while start < entries {
            let count = min(batch, entries - start)
            batches.append(drafts(from: start, count: count, generator: &generator))
            start += count
        }
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for drafts in batches { _ = try store.appendNow(drafts) }
        }
        return Batched(rate: Double(entries) / elapsed.seconds, payloadBytes: payloadBytes())
    }

    /// One transaction per entry; returns latency percentiles in seconds.
    static func single(count: Int, folder: URL) throws -> (p50: Double, p99: Double, total: Double) {
        let path = folder.appendingPathComponent("single.db").path
        let store = try SQLiteEventStore.create(at: path).store
        var generator = SplitMix(seed: 7)
        let all = drafts(from: 0, count: count, generator: &generator)
        var latencies: [Double] = []
        latencies.reserveCapacity(count)
        let clock = ContinuousClock()
        let total = try clock.measure {
            for draft in all {
                let one = try clock.measure { _ = try store.appendNow([draft]) }
                latencies.append(one.seconds)
            }
        }
        latencies.sort()
        return (latencies[count / 2], latencies[min(count - 1, count * 99 / 100)], total.seconds)
    }

    /// Builds a ledger of `entries` for read benchmarks (bulk mode: synchronous=NORMAL).
    static func build(entries: Int, folder: URL, name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        if FileManager.default.fileExists(atPath: path),
            let existing = try? SQLiteEventStore.open(at: path), (try? existing.headNow().nextSeq) == entries
        {
            return path
        }
        try? FileManager.default.removeItem(atPath: path)
        let store = try SQLiteEventStore.create(at: path, configuration: .init(durability: .normal)).store
        var generator = SplitMix(seed: 99)
        var start = 0
        while start < entries {
            let count = min(5000, entries - start)
            _ = try store.appendNow(drafts(from: start, count: count, generator: &generator))
            start += count
        }
        return path
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
