/// The chained part of a ledger entry, format v1.
///
/// The header's canonical bytes `H` are RFC 8785 JCS of a JSON object with exactly these ten
/// members, in this order (the JCS order of their keys):
///
/// ```
/// {"actor":"alice@bank.example","payloadSHA256":"<64 hex>","prevSHA256":"<64 hex>",
///  "retention":"7y","seq":1,"stream":"model/fraud-detection-engine","streamVersion":1,
///  "time":"2025-01-15T09:31:12.250Z","type":"model.registered","v":1}
/// ```
/// (one line, no spaces). The leaf hash is `SHA-256(0x00 || H)` (RFC 6962 §2.1); it is both the
/// next entry's `prevSHA256` and the entry's Merkle leaf. A backwards-incompatible change to
/// this layout would use a different `v`.
///
/// Stored or exported header bytes are valid only in canonical form: ``init(canonicalBytes:)``
/// rejects any other spelling of the same object.
public struct EntryHeader: Hashable, Sendable {
    /// The format version this code writes and reads.
    public static let formatVersion = 1

    /// Position in the log, equal to the Merkle leaf index.
    public let seq: Int
    /// When the ledger accepted the entry.
    public let time: Timestamp
    /// What the entry is about.
    public let stream: StreamName
    /// The per-stream counter, starting at 1.
    public let streamVersion: Int
    /// The catalog event type.
    public let type: EventType
    /// The authenticated principal that caused the entry.
    public let actor: Principal
    /// The retention class at write time.
    public let retention: RetentionClass
    /// `SHA-256(salt || P)`, the salted commitment to the payload.
    public let payloadSHA256: SHA256Digest
    /// The leaf hash of entry `seq − 1`, or all zeros for `seq` 0.
    public let prevSHA256: SHA256Digest

    /// Creates a header, checking the numeric ranges.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` for a negative `seq` or a `streamVersion` below 1.
    public init(
        seq: Int, time: Timestamp, stream: StreamName, streamVersion: Int, type: EventType, actor: Principal,
        retention: RetentionClass, payloadSHA256: SHA256Digest, prevSHA256: SHA256Digest
    ) throws(LedgerError) {
        guard seq >= 0, seq <= Int(JSONValue.maxSafeInteger) else {
            throw LedgerError(.invalidField, "seq must be between 0 and 2^53 − 1, found \(seq).")
        }
        guard streamVersion >= 1, streamVersion <= Int(JSONValue.maxSafeInteger) else {
            throw LedgerError(.invalidField, "streamVersion must be between 1 and 2^53 − 1, found \(streamVersion).")
        }
        self.seq = seq
        self.time = time
        self.stream = stream
        self.streamVersion = streamVersion
        self.type = type
        self.actor = actor
        self.retention = retention
        self.payloadSHA256 = payloadSHA256
        self.prevSHA256 = prevSHA256
    }

    /// The canonical bytes `H`.
    public func canonicalBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(400)
        append(to: &out)
        return out
    }

    /// Appends `H` to `out`.
    public func append(to out: inout [UInt8]) {
        out.append(contentsOf: Keys.actor)
        JCS.appendString(actor.rawValue, to: &out)
        out.append(contentsOf: Keys.payloadSHA256)
        payloadSHA256.withUnsafeBytes { Hex.append($0, to: &out) }
        out.append(contentsOf: Keys.prevSHA256)
        prevSHA256.withUnsafeBytes { Hex.append($0, to: &out) }
        out.append(contentsOf: Keys.retention)
        out.append(contentsOf: retention.rawValue.utf8)
        out.append(contentsOf: Keys.seq)
        JCS.appendInteger(Int64(seq), to: &out)
        out.append(contentsOf: Keys.stream)
        out.append(contentsOf: stream.rawValue.utf8)
        out.append(contentsOf: Keys.streamVersion)
        JCS.appendInteger(Int64(streamVersion), to: &out)
        out.append(contentsOf: Keys.time)
        time.append(to: &out)
        out.append(contentsOf: Keys.type)
        out.append(contentsOf: type.rawValue.utf8)
        out.append(contentsOf: Keys.version)
    }

    /// The header as a JSON value (the same object `H` encodes).
    public var jsonValue: JSONValue {
        [
            "v": .number(Double(Self.formatVersion)),
            "seq": .number(Double(seq)),
            "time": .string(time.description),
            "stream": .string(stream.rawValue),
            "streamVersion": .number(Double(streamVersion)),
            "type": .string(type.rawValue),
            "actor": .string(actor.rawValue),
            "retention": .string(retention.rawValue),
            "payloadSHA256": .string(payloadSHA256.hex),
            "prevSHA256": .string(prevSHA256.hex),
        ]
    }

    /// The leaf hash `SHA-256(0x00 || H)` of these header bytes.
    public static func leafHash(of headerBytes: some Collection<UInt8>, using hasher: SHA256Hasher = SHA256Hasher()) -> SHA256Digest {
        hasher.update(byte: 0)
        hasher.update(headerBytes)
        return hasher.finalize()
    }

    /// The leaf hash of this header.
    public var leafHash: SHA256Digest { Self.leafHash(of: canonicalBytes()) }

    enum Keys {
        static let actor = Array(#"{"actor":"#.utf8)
        static let payloadSHA256 = Array(#","payloadSHA256":""#.utf8)
        static let prevSHA256 = Array(#"","prevSHA256":""#.utf8)
        static let retention = Array(#"","retention":""#.utf8)
        static let seq = Array(#"","seq":"#.utf8)
        static let stream = Array(#","stream":""#.utf8)
        static let streamVersion = Array(#"","streamVersion":"#.utf8)
        static let time = Array(#","time":""#.utf8)
        static let type = Array(#"","type":""#.utf8)
        static let version = Array(#"","v":1}"#.utf8)
        // The same layout, split where the reader takes a value (strings keep their quotes).
        static let retentionOpen = Array(#"","retention":"#.utf8)
        static let seqOpen = Array(#","seq":"#.utf8)
        static let streamOpen = Array(#","stream":"#.utf8)
        static let streamVersionOpen = Array(#","streamVersion":"#.utf8)
        static let timeOpen = Array(#","time":"#.utf8)
        static let typeOpen = Array(#","type":"#.utf8)
        static let versionOpen = Array(#","v":"#.utf8)
        static let close = Array("}".utf8)
    }
}
