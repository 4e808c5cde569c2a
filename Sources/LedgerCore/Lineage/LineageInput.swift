#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A record read from an ingestion file, with the line it started on.
///
/// It keeps what ingestion reads of every record (the model, version, feature set and time)
/// and the record's canonical bytes, leaf hash and index keys, computed once, while the line is
/// in cache. ``record`` reads the whole ``PredictionRecord`` back from the canonical bytes when
/// one is needed: a validator that asks for it, or an error message.
public struct LineageInputRecord: Hashable, Sendable {
    /// The 1-based line of the file where the record starts.
    public var line: Int
    public private(set) var model: String
    public private(set) var version: String
    public private(set) var featureSet: String
    public private(set) var time: Timestamp
    /// The record's canonical bytes, leaf hash and index keys (changed only by tests).
    var prepared: PreparedLineageRecord

    /// A record made in memory; its canonical bytes are kept in a block of their own.
    public init(line: Int, record: PredictionRecord) {
        var arena = CanonicalArena(blockBytes: 0)
        self.init(line: line, record: record, arena: &arena, hasher: SHA256Hasher())
    }

    /// A record read from a file, its canonical bytes written into `arena`.
    init(line: Int, record: PredictionRecord, arena: inout CanonicalArena, hasher: SHA256Hasher) {
        self.line = line
        model = record.model
        version = record.version
        featureSet = record.featureSet
        time = record.time
        prepared = PreparedLineageRecord(record, arena: &arena, hasher: hasher)
    }

    /// A record the fast path read, its canonical bytes written into `arena` straight from the line.
    init(line: Int, scanned: ScannedRecord, arena: inout CanonicalArena, hasher: SHA256Hasher) {
        self.line = line
        model = scanned.model
        version = scanned.version
        featureSet = scanned.featureSet
        time = scanned.time
        prepared = PreparedLineageRecord(plain: scanned, arena: &arena, hasher: hasher)
            ?? PreparedLineageRecord(scanned.record, arena: &arena, hasher: hasher)
    }

    /// The whole record, read back from its canonical bytes; setting it prepares the new one.
    public var record: PredictionRecord {
        get { PredictionRecord(canonical: prepared.canonical) }
        set { self = LineageInputRecord(line: line, record: newValue) }
    }

    /// The record's prediction id, read from its canonical bytes.
    public var predictionId: PredictionID { record.predictionId }

    /// Equal when the line and the record are: the canonical bytes are the record.
    public static func == (lhs: LineageInputRecord, rhs: LineageInputRecord) -> Bool {
        lhs.line == rhs.line && lhs.prepared.canonical == rhs.prepared.canonical
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(line)
        hasher.combine(prepared.canonical)
    }
}

extension PredictionRecord {
    /// The record whose canonical bytes `canonical` are, as ingestion wrote them.
    init(canonical: CanonicalRecordBytes) {
        let read = canonical.withContiguousStorageIfAvailable { PredictionRecord.read($0) }
        guard case .success(let record)? = read else {
            preconditionFailure("canonical record bytes that do not read back as a record: \(canonical)")
        }
        self = record
    }
}

/// What a batch needs of a record beyond the record itself: its canonical bytes, its RFC 6962
/// leaf hash and its index keys.
struct PreparedLineageRecord: Sendable {
    var canonical: CanonicalRecordBytes
    var leaf: SHA256Digest
    var idHash: Int64
    var subjectHash: Int64?

    /// Computes them for `record`, writing its canonical bytes into `arena`.
    init(_ record: PredictionRecord, arena: inout CanonicalArena, hasher: SHA256Hasher) {
        if let plain = Self(plain: record, arena: &arena, hasher: hasher) {
            self = plain
            return
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(record.canonicalCountEstimate)
        record.appendCanonical(to: &bytes)
        leaf = MerkleTree.leafHash(bytes)
        canonical = bytes.withUnsafeBufferPointer { arena.append($0) }
        (idHash, subjectHash) = record.keyHashes(using: hasher)
    }

    /// Computes them from the plain canonical form of `parts` (a record, or a line the fast path
    /// read), when it applies: `nil` when a text needs an escape or the score is not one the
    /// plain writer writes.
    init?(plain parts: some PlainRecordParts, arena: inout CanonicalArena, hasher: SHA256Hasher) {
        guard let (canonical, leaf) = parts.withPlainCanonical({ bytes in
            // The leaf hash input 0x00 || JCS(record) is contiguous: the byte before is 0x00.
            hasher.updateRaw(UnsafeRawBufferPointer(start: bytes.baseAddress! - 1, count: bytes.count + 1))
            return (arena.append(bytes), hasher.finalize())
        }) else { return nil }
        self.canonical = canonical
        self.leaf = leaf
        (idHash, subjectHash) = parts.keyHashes(using: hasher)
    }
}

/// A bad record of an ingestion file: where it is and every reason it was refused.
public struct LineageProblem: Hashable, Sendable, CustomStringConvertible {
    /// The 1-based line where the record starts.
    public var line: Int
    /// The record's prediction id as written, when it could be read.
    public var predictionId: String?
    /// Every reason, each naming its member.
    public var reasons: [LineageFieldProblem]

    public init(line: Int, predictionId: String? = nil, reasons: [LineageFieldProblem]) {
        self.line = line
        self.predictionId = predictionId
        self.reasons = reasons
    }

    public var description: String {
        let id = predictionId.map { " (predictionId '\($0.prefix(PredictionID.maxLength))')" } ?? ""
        return "line \(line)\(id): " + reasons.map(\.description).joined(separator: "; ")
    }
}

/// What an ingestion file held: the good records in file order and the bad ones.
public struct LineageInput: Sendable {
    public var records: [LineageInputRecord] = []
    public var problems: [LineageProblem] = []

    public init(records: [LineageInputRecord] = [], problems: [LineageProblem] = []) {
        self.records = records
        self.problems = problems
    }

    /// The file formats ingestion reads.
    public enum Format: String, Sendable, CaseIterable {
        /// JSON Lines: one record object per line (blank lines skipped).
        case jsonl
        /// RFC 4180 CSV with a header row naming the ``LineageInput/csvColumns``.
        case csv
    }

    /// The largest line of a JSON Lines file, in bytes.
    public static let maxLineBytes = 64 * 1024

    /// Reads an ingestion file of either format.
    ///
    /// - Throws: ``LedgerError`` `.malformedInput` for a CSV whose header lacks required columns
    ///   or names unknown ones; bad records are returned in ``problems``, not thrown.
    public static func read(_ bytes: [UInt8], format: Format) throws(LedgerError) -> LineageInput {
        switch format {
        case .jsonl: return readJSONLines(bytes)
        case .csv: return try readCSV(bytes)
        }
    }

    /// Reads JSON Lines: each non-blank line is one strict JSON record (format.md, JSON input).
    public static func readJSONLines(_ bytes: [UInt8]) -> LineageInput {
        bytes.withUnsafeBufferPointer { readJSONLines($0, firstLine: 1) }
    }

    /// Reads the JSON Lines of `bytes`, whose first line is line `firstLine` of the file.
    static func readJSONLines(_ bytes: UnsafeBufferPointer<UInt8>, firstLine: Int) -> LineageInput {
        var input = LineageInput()
        input.records.reserveCapacity(lineEnds(in: bytes) + 1)
        var texts = ScannedTexts()
        var arena = CanonicalArena()
        let hasher = SHA256Hasher()
        var lineNumber = firstLine - 1
        var start = 0
        let limits = JSONLimits(maxDepth: 3, maxBytes: maxLineBytes)
        while start <= bytes.count {
            lineNumber += 1
            let end = nextLineEnd(in: bytes, from: start)
            var lineEnd = end
            if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[start..<lineEnd])
            defer { start = end + 1 }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            if line.count <= maxLineBytes, let scanned = ScannedRecord.scan(line, reusing: &texts) {
                input.records.append(LineageInputRecord(line: lineNumber, scanned: scanned, arena: &arena, hasher: hasher))
                continue
            }
            let value: JSONValue
            do {
                value = try JSONValue.parse(line, limits: limits)
            } catch {
                input.problems.append(LineageProblem(line: lineNumber, reasons: [LineageFieldProblem(field: "", message: error.message)]))
                continue
            }
            switch PredictionRecord.parse(value) {
            case .success(let record):
                input.records.append(LineageInputRecord(line: lineNumber, record: record, arena: &arena, hasher: hasher))
            case .failure(let reasons):
                input.problems.append(LineageProblem(line: lineNumber, predictionId: value["predictionId"]?.stringValue, reasons: reasons.problems))
            }
        }
        return input
    }

    /// The offset of the first line feed at or after `start`, or the end of `bytes`.
    static func nextLineEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < bytes.count, let base = bytes.baseAddress,
            let found = memchr(base + start, 0x0A, bytes.count - start)
        else { return bytes.count }
        return UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
    }

    /// The number of line feeds in `bytes`.
    static func lineEnds(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var start = 0
        while start < bytes.count {
            start = nextLineEnd(in: bytes, from: start) + 1
            if start <= bytes.count { count += 1 }
        }
        return count
    }
}
