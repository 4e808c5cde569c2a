public import LedgerCore
internal import GRDB
import Foundation

/// The outcome of verifying a stored log.
public struct VerificationReport: Sendable {
    /// Entries that verified, before the end or the first failure.
    public var entriesChecked: Int
    /// Payloads present and matching their commitment.
    public var payloadsChecked: Int
    /// Payloads absent and covered by a purge.
    public var payloadsPurged: Int
    /// The Merkle root over the entries checked.
    public var rootHash: SHA256Digest
    /// The leaf hash of the last entry checked.
    public var headLeafHash: SHA256Digest
    /// The first failure, or `nil` when the whole log verified.
    public var failure: LedgerError?
    /// Wall-clock seconds spent.
    public var seconds: Double

    /// Whether the whole log verified.
    public var isValid: Bool { failure == nil }
}

extension SQLiteEventStore {
    /// Verifies the whole stored log (levels 1 and 2 of docs/format.md), streaming in seq order.
    ///
    /// Beyond the chain checks of ``ChainVerifier`` it checks that the store's query columns
    /// (`stream`, `stream_version`, `type`, `time`, `actor`) agree with the header bytes, so that
    /// filtered reads cannot be misled by an edited column, and that no payload row exists
    /// without its header.
    public func verify() throws -> VerificationReport {
        let start = ContinuousClock.now
        var verifier = ChainVerifier()
        var failure: LedgerError?
        do {
            try pool.read { db in
                let cursor = try Row.fetchCursor(db, sql: """
                    SELECT h.seq, h.header, h.leaf_hash, p.salt, p.payload,
                           h.stream, h.stream_version, h.type, h.time, h.actor
                    FROM entry_header h LEFT JOIN entry_payload p ON p.seq = h.seq ORDER BY h.seq
                    """)
                while let row = try cursor.next() {
                    let seq: Int = row[0]
                    let leafData: Data? = row[2]
                    let salt: Data? = row[3]
                    let payloadData: Data? = row[4]
                    let payload = salt.flatMap { salt in payloadData.map { SealedPayload(canonicalBytes: Array($0), salt: Array(salt)) } }
                    let leaf = leafData.flatMap { try? SHA256Digest(bytes: $0) }
                    if leafData != nil, leaf == nil {
                        throw LedgerError(.integrityFailure, "the stored leaf hash is not 32 bytes.", seq: seq)
                    }
                    let header: EntryHeader = try row.withUnsafeData(atIndex: 1) { data in
                        guard let data else { throw LedgerError(.integrityFailure, "the stored header is empty.", seq: seq) }
                        return try data.withUnsafeBytes { bytes in
                            try verifier.check(seq: seq, headerBytes: bytes, storedLeafHash: leaf, payload: payload)
                        }
                    }
                    let stream: String = row[5]
                    let streamVersion: Int = row[6]
                    let type: String = row[7]
                    let time: String = row[8]
                    let actor: String = row[9]
                    guard stream == header.stream.rawValue, streamVersion == header.streamVersion,
                        type == header.type.rawValue, time == header.time.description, actor == header.actor.rawValue
                    else {
                        throw LedgerError(.integrityFailure, "the store's query columns (stream, stream_version, type, time, actor) disagree with the header bytes: filtered reads of this entry would be wrong.", seq: seq)
                    }
                }
                if let orphan = try Int.fetchOne(db, sql: "SELECT MIN(p.seq) FROM entry_payload p LEFT JOIN entry_header h ON h.seq = p.seq WHERE h.seq IS NULL") {
                    throw LedgerError(.integrityFailure, "a payload is stored under seq \(orphan), which has no header.", seq: orphan)
                }
            }
        } catch let error as LedgerError {
            failure = error
        }
        let elapsed = start.duration(to: .now)
        return VerificationReport(
            entriesChecked: min(verifier.count, failure?.seq ?? verifier.count), payloadsChecked: verifier.payloadsChecked,
            payloadsPurged: verifier.payloadsPurged, rootHash: verifier.tree.root, headLeafHash: verifier.headLeafHash,
            failure: failure,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
