/// A payload as stored beside its header: canonical bytes `P` and the 16-byte salt.
///
/// Both are deleted together when retention purges the payload; the header's
/// `payloadSHA256 = SHA-256(salt || P)` then commits to something that can no longer be
/// confirmed by guessing.
public struct SealedPayload: Hashable, Sendable {
    /// The salt length in bytes.
    public static let saltByteCount = 16
    /// The largest canonical payload accepted, 1 MiB.
    public static let maxBytes = 1 << 20

    /// `P`, the RFC 8785 canonical bytes of the payload object.
    public let canonicalBytes: [UInt8]
    /// The 16 random salt bytes.
    public let salt: [UInt8]

    /// Wraps stored bytes without checking them (verification checks them against the header).
    public init(canonicalBytes: [UInt8], salt: [UInt8]) {
        self.canonicalBytes = canonicalBytes
        self.salt = salt
    }

    /// Seals a payload object with a salt drawn from `random`.
    public init(payload: JSONObject, random: RandomSource) throws(LedgerError) {
        let value = JSONValue.object(payload)
        let bytes = try value.canonicalBytesChecked()
        guard bytes.count <= Self.maxBytes else {
            throw LedgerError(.limitExceeded, "The payload is \(bytes.count) bytes in canonical form; at most \(Self.maxBytes) are accepted. Store large data outside the ledger and record its SHA-256.")
        }
        self.canonicalBytes = bytes
        self.salt = try random.bytes(count: Self.saltByteCount)
    }

    /// `SHA-256(salt || P)`.
    public func digest(using hasher: SHA256Hasher = SHA256Hasher()) -> SHA256Digest {
        hasher.update(salt)
        hasher.update(canonicalBytes)
        return hasher.finalize()
    }

    /// The payload parsed back into a JSON object.
    public func object() throws(LedgerError) -> JSONObject {
        guard case .object(let object) = try JSONValue.parse(canonicalBytes) else {
            throw LedgerError(.integrityFailure, "The stored payload is not a JSON object.")
        }
        return object
    }
}

/// One ledger entry as read back: header, its exact bytes, and the payload if not purged.
public struct Entry: Hashable, Sendable {
    /// The parsed header.
    public let header: EntryHeader
    /// `H`, the canonical header bytes as stored.
    public let headerBytes: [UInt8]
    /// The payload, or `nil` once retention or erasure purged it.
    public let payload: SealedPayload?
    /// The leaf hash `SHA-256(0x00 || H)`.
    public let leafHash: SHA256Digest

    /// Creates an entry from stored parts; `leafHash` is computed from `headerBytes` when not given.
    public init(header: EntryHeader, headerBytes: [UInt8], payload: SealedPayload?, leafHash: SHA256Digest? = nil) {
        self.header = header
        self.headerBytes = headerBytes
        self.payload = payload
        self.leafHash = leafHash ?? EntryHeader.leafHash(of: headerBytes)
    }

    /// Creates an entry from a header, encoding its bytes.
    public init(header: EntryHeader, payload: SealedPayload?) {
        self.init(header: header, headerBytes: header.canonicalBytes(), payload: payload)
    }

    /// The export line (without its newline): JCS of
    /// `{"header": {…}, "payload": {…} | null, "salt": base64 | null}`.
    public func exportLine() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(headerBytes.count + (payload?.canonicalBytes.count ?? 0) + 64)
        appendExportLine(to: &out)
        return out
    }

    /// Appends the export line (without its newline) to `out`.
    public func appendExportLine(to out: inout [UInt8]) {
        out.append(contentsOf: Array(#"{"header":"#.utf8))
        out.append(contentsOf: headerBytes)
        out.append(contentsOf: Array(#","payload":"#.utf8))
        if let payload {
            out.append(contentsOf: payload.canonicalBytes)
            out.append(contentsOf: Array(#","salt":""#.utf8))
            Base64.append(payload.salt, to: &out)
            out.append(contentsOf: Array(#""}"#.utf8))
        } else {
            out.append(contentsOf: Array(#"null,"salt":null}"#.utf8))
        }
    }

    /// Parses one export line back into an entry, checking that it is canonical.
    ///
    /// The line is read from contiguous storage (copied into an array only when it has none), so
    /// that callers in other modules run the specialized parser rather than generic code.
    public init(exportLine line: some Collection<UInt8>) throws(LedgerError) {
        let parsed: Result<Entry, LedgerError>? = line.withContiguousStorageIfAvailable { buffer in
            Result { () throws(LedgerError) in try Entry(parsingExportLine: buffer) }
        }
        if let parsed {
            self = try parsed.get()
        } else {
            let copy = Array(line)
            self = try copy.withUnsafeBufferPointer { buffer in
                Result { () throws(LedgerError) in try Entry(parsingExportLine: buffer) }
            }.get()
        }
    }

    private init(parsingExportLine line: UnsafeBufferPointer<UInt8>) throws(LedgerError) {
        let value = try JSONValue.parse(line, limits: JSONLimits(maxDepth: 66, maxBytes: SealedPayload.maxBytes + 8192))
        guard case .object(let object) = value, object.count == 3,
            let headerValue = object["header"], let payloadValue = object["payload"], let saltValue = object["salt"]
        else {
            throw LedgerError(.malformedInput, "An export line is an object with exactly the members header, payload and salt.")
        }
        let header = try EntryHeader(json: headerValue)
        let payload: SealedPayload?
        switch (payloadValue, saltValue) {
        case (.null, .null):
            payload = nil
        case (.object, .string(let saltText)):
            guard let salt = Base64.decode(saltText), salt.count == SealedPayload.saltByteCount else {
                throw LedgerError(.malformedInput, "The salt must be 16 bytes in standard base64 with padding.", seq: header.seq)
            }
            payload = SealedPayload(canonicalBytes: payloadValue.canonicalBytes(), salt: salt)
        default:
            throw LedgerError(.malformedInput, "payload must be an object with a base64 salt, or both must be null.", seq: header.seq)
        }
        self.init(header: header, payload: payload)
        guard exportLine().elementsEqual(line) else {
            throw LedgerError(.malformedInput, "The export line is not in canonical form (RFC 8785): re-export it with 'govledger export' rather than editing it.", seq: header.seq)
        }
    }
}
