public import LedgerCore

/// `manifest.json` of an audit pack: what the pack covers and the SHA-256 and size of every other
/// file. It is written in RFC 8785 canonical form, and `manifest.sig` signs its SHA-256.
///
/// ```json
/// {"createdAt":"…","entries":42,"files":[{"bytes":512,"path":"checkpoint.txt","sha256":"…"},…],
///  "firstCheckpointSize":40,"firstSeq":3,"format":"govledger-audit-pack/1","from":"…","lastSeq":39,
///  "model":"credit-scoring-model","origin":"ledger.bank.example/models","to":"…","treeSize":57}
/// ```
public struct AuditPackManifest: Hashable, Sendable {
    /// The `format` member.
    public static let format = "govledger-audit-pack/1"

    /// One listed file.
    public struct FileRecord: Hashable, Sendable {
        public let path: String
        public let sha256: SHA256Digest
        public let bytes: Int

        public init(path: String, sha256: SHA256Digest, bytes: Int) {
            self.path = path
            self.sha256 = sha256
            self.bytes = bytes
        }

        /// The record of a file's bytes.
        public init(_ file: AuditPackFile) {
            self.init(path: file.path, sha256: SHA256.hash(file.bytes), bytes: file.bytes.count)
        }
    }

    public var origin: String
    public var model: String
    public var from: Timestamp
    public var to: Timestamp
    public var createdAt: Timestamp
    public var treeSize: Int
    public var entries: Int
    public var firstSeq: Int
    public var lastSeq: Int
    /// The size of `checkpoints/first.txt`, or `nil` when the pack has none.
    public var firstCheckpointSize: Int?
    /// Every file except the manifest and its signature, sorted by path (byte order).
    public var files: [FileRecord]

    public init(
        origin: String, model: String, from: Timestamp, to: Timestamp, createdAt: Timestamp, treeSize: Int,
        entries: Int, firstSeq: Int, lastSeq: Int, firstCheckpointSize: Int?, files: [FileRecord]
    ) {
        self.origin = origin
        self.model = model
        self.from = from
        self.to = to
        self.createdAt = createdAt
        self.treeSize = treeSize
        self.entries = entries
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.firstCheckpointSize = firstCheckpointSize
        self.files = files.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// The manifest as a JSON value.
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object["format"] = .string(Self.format)
        object["origin"] = .string(origin)
        object["model"] = .string(model)
        object["from"] = .string(from.description)
        object["to"] = .string(to.description)
        object["createdAt"] = .string(createdAt.description)
        object["treeSize"] = .number(Double(treeSize))
        object["entries"] = .number(Double(entries))
        object["firstSeq"] = .number(Double(firstSeq))
        object["lastSeq"] = .number(Double(lastSeq))
        object["firstCheckpointSize"] = firstCheckpointSize.map { .number(Double($0)) } ?? .null
        object["files"] = .array(files.map { file in
            ["path": .string(file.path), "sha256": .string(file.sha256.hex), "bytes": .number(Double(file.bytes))]
        })
        return .object(object)
    }

    /// The bytes of `manifest.json`: the canonical form, no final newline.
    public var canonicalBytes: [UInt8] { jsonValue.canonicalBytes() }

    /// Parses `manifest.json`, which must be canonical and have exactly the members above.
    ///
    /// - Throws: ``LedgerError`` `.malformedInput` naming the member at fault.
    public init(bytes: [UInt8]) throws(LedgerError) {
        let value = try JSONValue.parse(bytes, limits: JSONLimits(maxDepth: 4, maxBytes: 64 << 20))
        guard value.canonicalBytes() == bytes else {
            throw LedgerError(.malformedInput, "the manifest is not in RFC 8785 canonical form.")
        }
        guard let object = value.objectValue else {
            throw LedgerError(.malformedInput, "the manifest is not a JSON object.")
        }
        let expected: Set = ["format", "origin", "model", "from", "to", "createdAt", "treeSize", "entries", "firstSeq", "lastSeq", "firstCheckpointSize", "files"]
        guard Set(object.keys) == expected else {
            throw LedgerError(.malformedInput, "the manifest has members \(object.keys.sorted()), expected exactly \(expected.sorted()).")
        }
        guard value["format"]?.stringValue == Self.format else {
            throw LedgerError(.malformedInput, "the manifest format is not \(Self.format).")
        }
        func string(_ key: String) throws(LedgerError) -> String {
            guard let text = value[key]?.stringValue else { throw LedgerError(.malformedInput, "the manifest member \(key) is not a string.") }
            return text
        }
        func time(_ key: String) throws(LedgerError) -> Timestamp {
            guard let stamp = Timestamp(try string(key)) else { throw LedgerError(.malformedInput, "the manifest member \(key) is not a timestamp.") }
            return stamp
        }
        func count(_ key: String, in source: JSONValue? = nil) throws(LedgerError) -> Int {
            guard let number = (source ?? value)[key]?.intValue, number >= 0 else {
                throw LedgerError(.malformedInput, "the manifest member \(key) is not a non-negative integer.")
            }
            return number
        }
        var firstCheckpointSize: Int?
        if value["firstCheckpointSize"] != .null { firstCheckpointSize = try count("firstCheckpointSize") }
        guard let list = value["files"]?.arrayValue else {
            throw LedgerError(.malformedInput, "the manifest member files is not an array.")
        }
        var files: [FileRecord] = []
        for item in list {
            guard let record = item.objectValue, Set(record.keys) == ["path", "sha256", "bytes"],
                let path = item["path"]?.stringValue, let hex = item["sha256"]?.stringValue, hex.utf8.count == 64,
                let digest = SHA256Digest(hex: hex), hex == digest.hex
            else {
                throw LedgerError(.malformedInput, "a files item of the manifest is not {\"path\", \"sha256\" (64 lowercase hex), \"bytes\"}.")
            }
            files.append(FileRecord(path: path, sha256: digest, bytes: try count("bytes", in: item)))
        }
        self.init(
            origin: try string("origin"), model: try string("model"), from: try time("from"), to: try time("to"),
            createdAt: try time("createdAt"), treeSize: try count("treeSize"), entries: try count("entries"),
            firstSeq: try count("firstSeq"), lastSeq: try count("lastSeq"), firstCheckpointSize: firstCheckpointSize,
            files: files)
        guard self.files == files else {
            throw LedgerError(.malformedInput, "the manifest's files are not sorted by path.")
        }
    }
}
