#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

/// A record read from an ingestion file, with the line it started on.
public struct LineageInputRecord: Hashable, Sendable {
    /// The 1-based line of the file where the record starts.
    public var line: Int
    public var record: PredictionRecord

    public init(line: Int, record: PredictionRecord) {
        self.line = line
        self.record = record
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
            if line.count <= maxLineBytes, let record = PredictionRecord.scan(line, reusing: &texts) {
                input.records.append(LineageInputRecord(line: lineNumber, record: record))
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
            case .success(let record): input.records.append(LineageInputRecord(line: lineNumber, record: record))
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
