import Foundation
import LedgerCore
import LedgerStore

/// Proof latency from the library calls the CLI makes, on a large log.
enum ProofBench {
    struct Latencies {
        let inclusionP50: Double
        let inclusionP99: Double
        let consistencyP50: Double
        let consistencyP99: Double
    }

    /// Builds (or reuses) a log of `entries` small entries: proof cost does not depend on
    /// payload size, only on the tree.
    static func build(entries: Int, folder: URL) throws -> String {
        let path = folder.appendingPathComponent("proof-\(entries).db").path
        if FileManager.default.fileExists(atPath: path),
            let existing = try? SQLiteEventStore.open(at: path), (try? existing.headNow().nextSeq) == entries
        {
            return path
        }
        try? FileManager.default.removeItem(atPath: path)
        let store = try SQLiteEventStore.create(at: path, configuration: .init(durability: .normal)).store
        let stream = StreamName("model/proof-bench")!
        let type = EventType("test.recorded")!
        let actor = Principal("bench")!
        var start = 0
        while start < entries {
            let count = min(10_000, entries - start)
            _ = try store.appendNow((0..<count).map { _ in
                EntryDraft(stream: stream, type: type, actor: actor, payload: [:])
            })
            start += count
            if start % 1_000_000 == 0 { FileHandle.standardError.write(Data("  built \(start) entries\n".utf8)) }
        }
        return path
    }

    static func measure(path: String, samples: Int = 2000) throws -> Latencies {
        let store = try SQLiteEventStore.open(at: path)
        let size = try store.headNow().nextSeq
        var generator = SplitMix(seed: 5)
        var inclusion: [Double] = []
        var consistency: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<samples {
            let seq = Int(generator.next() % UInt64(size))
            inclusion.append(try clock.measure { _ = try store.inclusionProof(seq: seq, size: size) }.seconds)
            let old = Int(generator.next() % UInt64(size)) + 1
            consistency.append(try clock.measure { _ = try store.consistencyProof(from: old, to: size) }.seconds)
        }
        inclusion.sort()
        consistency.sort()
        return Latencies(
            inclusionP50: inclusion[samples / 2], inclusionP99: inclusion[samples * 99 / 100],
            consistencyP50: consistency[samples / 2], consistencyP99: consistency[samples * 99 / 100])
    }
}
