/// Seals drafts into chained entries: assigns seq, time and stream versions, salts and hashes
/// payloads, links each header to the previous leaf hash.
///
/// Pure: the store supplies the chain head and current stream versions from inside its write
/// transaction, and the clock and random source are injected. A batch is sealed completely
/// before anything is written, so a rejected draft leaves nothing behind.
///
/// ```swift
/// let entries = try ChainBuilder.seal(drafts, after: head, streamVersion: { try store.version(of: $0) },
///                                     clock: clock, random: .system)
/// ```
public enum ChainBuilder {
    /// Seals `drafts` in order after `head`.
    ///
    /// All entries of one batch share one time: `max(clock.now(), head.time)`, so times never
    /// decrease along the log even if the clock steps back.
    ///
    /// - Parameters:
    ///   - streamVersion: the current version of a stream in the store (0 if it has no entries).
    /// - Throws: ``LedgerError`` `.streamConflict` naming the stream and both versions when a
    ///   draft's `expectedVersion` does not match; `.limitExceeded` for an oversized payload.
    public static func seal(
        _ drafts: [EntryDraft], after head: ChainHead,
        streamVersion: (StreamName) throws -> Int,
        clock: LedgerClock, random: RandomSource
    ) throws -> [Entry] {
        var time = clock.now()
        if let last = head.time, last > time { time = last }
        let salts = try random.bytes(count: drafts.count * SealedPayload.saltByteCount)
        var versions: [StreamName: Int] = [:]
        var prev = head.leafHash
        var entries: [Entry] = []
        entries.reserveCapacity(drafts.count)
        let hasher = SHA256Hasher()
        var headerBytes: [UInt8] = []
        headerBytes.reserveCapacity(512)
        for (index, draft) in drafts.enumerated() {
            let current: Int
            if let known = versions[draft.stream] {
                current = known
            } else {
                current = try streamVersion(draft.stream)
            }
            if let expected = draft.expectedVersion, expected != current {
                throw LedgerError(
                    .streamConflict,
                    "Stream '\(draft.stream)' is at version \(current), but entry \(index + 1) of the batch expected \(expected). Someone else appended first: read the stream again, re-decide, and retry with --expected-version \(current).", batchIndex: index)
            }
            versions[draft.stream] = current + 1
            let payloadBytes = try JSONValue.object(draft.payload).canonicalBytesChecked()
            guard payloadBytes.count <= SealedPayload.maxBytes else {
                throw LedgerError(.limitExceeded, "Entry \(index + 1) has a payload of \(payloadBytes.count) bytes in canonical form; at most \(SealedPayload.maxBytes) are accepted. Store large data outside the ledger and record its SHA-256.", batchIndex: index)
            }
            let salt = Array(salts[index * 16..<(index + 1) * 16])
            let payload = SealedPayload(canonicalBytes: payloadBytes, salt: salt)
            let header = try EntryHeader(
                seq: head.nextSeq + index, time: time, stream: draft.stream, streamVersion: current + 1,
                type: draft.type, actor: draft.actor, retention: draft.retention,
                payloadSHA256: payload.digest(using: hasher), prevSHA256: prev)
            headerBytes.removeAll(keepingCapacity: true)
            header.append(to: &headerBytes)
            prev = EntryHeader.leafHash(of: headerBytes, using: hasher)
            entries.append(Entry(header: header, headerBytes: headerBytes, payload: payload, leafHash: prev))
        }
        return entries
    }
}
