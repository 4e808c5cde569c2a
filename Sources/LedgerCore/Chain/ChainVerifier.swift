/// Verifies a log one entry at a time, in seq order, in constant memory per stream.
///
/// Level 1 (integrity): each header is canonical format v1, `seq` is contiguous from 0,
/// `prevSHA256` is the previous leaf hash, times never decrease, each stream's versions run
/// 1, 2, 3, …, and a stored leaf hash (where the store keeps one) equals the recomputed one.
/// Level 2 (payloads): a present payload satisfies `SHA-256(salt || P) = payloadSHA256`; an
/// absent payload is accepted only where ``isPurgeCovered`` says a retention or erasure entry
/// covers it. The Merkle root of everything checked is kept in ``tree``.
///
/// ```swift
/// var verifier = ChainVerifier()
/// for row in rows { try verifier.check(seq: row.seq, headerBytes: row.header, storedLeafHash: row.leaf, payload: row.payload) }
/// verifier.tree.root
/// ```
public struct ChainVerifier {
    /// The number of entries checked so far.
    public private(set) var count = 0
    /// Entries whose payload was present and matched.
    public private(set) var payloadsChecked = 0
    /// Entries whose payload was absent and covered by a purge.
    public private(set) var payloadsPurged = 0
    /// The leaf hash of the last entry checked.
    public private(set) var headLeafHash = SHA256Digest.zero
    /// The Merkle tree over the leaves checked so far.
    public private(set) var tree = MerkleAccumulator()
    /// The perfect subtrees completed by the last leaf checked (levels 1, 2, …), to compare with a
    /// store's kept tree hashes.
    public private(set) var lastCompletedSubtrees: [SHA256Digest] = []
    /// Decides whether an absent payload at a seq is covered by a retention or erasure entry.
    public var isPurgeCovered: (Int) -> Bool = { _ in false }

    private var lastTime: Timestamp?
    private var streamVersions: [StreamName: Int] = [:]
    private let hasher = SHA256Hasher()

    public init() {}

    /// Checks the next entry.
    ///
    /// - Parameters:
    ///   - seq: the seq under which the store keeps the entry (must equal the header's).
    ///   - headerBytes: the stored `H`.
    ///   - storedLeafHash: the leaf hash the store keeps beside the header, if it keeps one.
    ///   - payload: the stored payload, or `nil` if absent.
    /// - Returns: the parsed header.
    /// - Throws: ``LedgerError`` `.integrityFailure` naming the seq and what is wrong.
    @discardableResult
    public mutating func check(
        seq: Int, headerBytes: some Collection<UInt8>, storedLeafHash: SHA256Digest?, payload: SealedPayload?
    ) throws(LedgerError) -> EntryHeader {
        let header = Array(headerBytes)
        let salt = payload?.salt ?? []
        let body = payload?.canonicalBytes ?? []
        let present = payload != nil
        let result: Result<EntryHeader, LedgerError> = header.withUnsafeBytes { raw in
            salt.withUnsafeBytes { saltBytes in
                body.withUnsafeBytes { bodyBytes in
                    Result { () throws(LedgerError) -> EntryHeader in
                        try check(seq: seq, rawHeader: raw, storedLeafHash: storedLeafHash,
                                  salt: present ? saltBytes : nil, payload: present ? bodyBytes : nil)
                    }
                }
            }
        }
        return try result.get()
    }

    /// Checks the next entry from raw stored bytes, without copying them.
    ///
    /// `salt` and `payload` are both present or both `nil` (the payload was purged).
    @discardableResult
    public mutating func check(
        seq: Int, rawHeader: UnsafeRawBufferPointer, storedLeafHash: SHA256Digest?,
        salt: UnsafeRawBufferPointer?, payload: UnsafeRawBufferPointer?
    ) throws(LedgerError) -> EntryHeader {
        func fail(_ message: String) -> LedgerError {
            LedgerError(.integrityFailure, message, seq: seq)
        }
        guard seq == count else {
            throw LedgerError(.integrityFailure, seq > count
                ? "entry \(count) is missing: the next stored entry has seq \(seq). Entries were deleted from the log."
                : "seq \(seq) appears again after seq \(count - 1): the log has a duplicated or reordered entry.", seq: count)
        }
        let header: EntryHeader
        do {
            header = try EntryHeader(canonicalBytes: rawHeader.assumingMemoryBound(to: UInt8.self))
        } catch {
            throw fail(error.message)
        }
        guard header.seq == seq else {
            throw fail("the header says seq \(header.seq) but is stored at position \(seq).")
        }
        guard header.prevSHA256 == headLeafHash else {
            throw fail("prevSHA256 is \(header.prevSHA256.hex) but the leaf hash of the previous entry is \(headLeafHash.hex): the chain is broken here.")
        }
        if let lastTime, header.time < lastTime {
            throw fail("time \(header.time) is earlier than the previous entry's \(lastTime); times never decrease along the log.")
        }
        let expectedVersion = (streamVersions[header.stream] ?? 0) + 1
        guard header.streamVersion == expectedVersion else {
            throw fail("stream '\(header.stream)' has streamVersion \(header.streamVersion) where \(expectedVersion) was due.")
        }
        hasher.update(byte: 0)
        hasher.updateRaw(rawHeader)
        let leaf = hasher.finalize()
        if let storedLeafHash, storedLeafHash != leaf {
            throw fail("the stored leaf hash \(storedLeafHash.hex) differs from SHA-256(0x00 || header) = \(leaf.hex).")
        }
        switch (salt, payload) {
        case let (salt?, payload?):
            guard salt.count == SealedPayload.saltByteCount else {
                throw fail("the payload salt has \(salt.count) bytes instead of 16.")
            }
            hasher.updateRaw(salt)
            hasher.updateRaw(payload)
            let digest = hasher.finalize()
            guard digest == header.payloadSHA256 else {
                throw fail("the payload does not match the header: SHA-256(salt || payload) is \(digest.hex), the header commits to \(header.payloadSHA256.hex). The payload or its salt was altered.")
            }
            payloadsChecked += 1
        case (nil, nil):
            guard isPurgeCovered(seq) else {
                throw fail("the payload is missing and no retention or erasure entry covers it: it was deleted outside the ledger.")
            }
            payloadsPurged += 1
        default:
            throw fail("a payload is stored without its salt, or a salt without its payload.")
        }
        streamVersions[header.stream] = expectedVersion
        lastTime = header.time
        headLeafHash = leaf
        lastCompletedSubtrees = tree.appendReturningCompleted(leaf, using: hasher)
        count += 1
        return header
    }
}
