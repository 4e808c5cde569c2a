#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

extension PredictionRecord {
    /// Reads one record from JSON bytes: the fast path when it applies, else the strict parser
    /// with its messages. The result is the same either way.
    public static func read(_ bytes: [UInt8]) -> Result<PredictionRecord, LineageRecordRejection> {
        if let record = bytes.withUnsafeBufferPointer(scan) { return .success(record) }
        do {
            return parse(try JSONValue.parse(bytes))
        } catch {
            return .failure(LineageRecordRejection([LineageFieldProblem(field: "", message: error.message)]))
        }
    }

    /// Reads a well-formed record line without building a ``JSONValue``: the ingestion fast path.
    ///
    /// It accepts only the plain case (known members, each once; keys and strings without escapes
    /// or control characters; valid UTF-8; numbers of the RFC 8259 grammar that the strict parser
    /// converts the same way) and returns `nil` for anything else, which the caller then reads
    /// with the strict general parser (``parse(_:)``), so that errors carry its messages. Every
    /// member goes through the same checks as ``parse(_:)``, so a record read here is exactly the
    /// record the general path reads (the tests cross-check both).
    static func scan(_ line: UnsafeBufferPointer<UInt8>) -> PredictionRecord? {
        var scanner = RecordScanner(bytes: line)
        return scanner.record()
    }
}

/// A byte scanner for one flat record object; any surprise returns `nil`.
private struct RecordScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func skipSpace() {
        while position < bytes.count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D else { return }
            position += 1
        }
    }

    mutating func expect(_ byte: UInt8) -> Bool {
        skipSpace()
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// A string without escapes or control characters, as raw bytes.
    mutating func rawString() -> UnsafeBufferPointer<UInt8>? {
        guard expect(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return UnsafeBufferPointer(rebasing: bytes[start..<(position - 1)])
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
            position += 1
        }
        return nil
    }

    mutating func string() -> String? {
        guard let raw = rawString() else { return nil }
        // ASCII needs no validation; anything else must be valid UTF-8.
        if raw.allSatisfy({ $0 < 0x80 }) { return String(decoding: raw, as: UTF8.self) }
        return String(validating: raw, as: UTF8.self)
    }

    /// A number as the strict parser reads it; `nil` for the cases it treats specially.
    mutating func number() -> Double? {
        skipSpace()
        let start = position
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        let integerStart = position
        guard position < bytes.count, isDigit(bytes[position]) else { return nil }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) { return nil }
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        let integerDigits = position - integerStart
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { return nil }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, isDigit(bytes[position]) else { return nil }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if isInteger {
            guard integerDigits <= 15 else { return nil }
            var value: Int64 = 0
            for index in integerStart..<position { value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0")) }
            return bytes[start] == UInt8(ascii: "-") ? -Double(value) : Double(value)
        }
        guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)), value.isFinite else {
            return nil
        }
        return value
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// Calls `member` for each key of an object, which must read the value; stops at `nil`.
    mutating func object(_ member: (inout RecordScanner, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        guard expect(UInt8(ascii: "{")) else { return false }
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return true
        }
        while true {
            guard let key = rawString(), expect(UInt8(ascii: ":")), member(&self, key) else { return false }
            skipSpace()
            guard position < bytes.count else { return false }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "}") { return true }
            guard byte == UInt8(ascii: ",") else { return false }
        }
    }

    mutating func record() -> PredictionRecord? {
        var text: [String?] = Array(repeating: nil, count: 8)
        var seen = 0
        var output: PredictionRecord.Output?
        let ok = object { scanner, key in
            guard let index = Self.memberIndex(key), seen & (1 << index) == 0 else { return false }
            seen |= 1 << index
            if index == 3 {
                output = scanner.output()
                return output != nil
            }
            guard let value = scanner.string() else { return false }
            text[index] = value
            return true
        }
        skipSpace()
        guard ok, position == bytes.count, let output else { return nil }
        // members: featureSet 0, inputSHA256 1, model 2, output 3, predictionId 4, subject 5, time 6, version 7
        guard case .success(let record) = PredictionRecord.build(
            id: text[4], model: text[2], version: text[7], featureSet: text[0], input: text[1], output: output,
            time: text[6], subject: text[5], problems: [])
        else { return nil }
        return record
    }

    mutating func output() -> PredictionRecord.Output? {
        var output = PredictionRecord.Output()
        var seen = 0
        let ok = object { scanner, key in
            if Self.equal(key, "score"), seen & 1 == 0 {
                seen |= 1
                output.score = scanner.number()
                return output.score != nil
            }
            if Self.equal(key, "label"), seen & 2 == 0 {
                seen |= 2
                output.label = scanner.string()
                return output.label != nil
            }
            if Self.equal(key, "reasonCodes"), seen & 4 == 0 {
                seen |= 4
                output.reasonCodes = scanner.strings()
                return output.reasonCodes != nil
            }
            return false
        }
        return ok ? output : nil
    }

    mutating func strings() -> [String]? {
        guard expect(UInt8(ascii: "[")) else { return nil }
        var out: [String] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return out
        }
        while true {
            guard let value = string() else { return nil }
            out.append(value)
            skipSpace()
            guard position < bytes.count else { return nil }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "]") { return out }
            guard byte == UInt8(ascii: ",") else { return nil }
        }
    }

    /// The index of a record member in ``PredictionRecord/members``, told apart by length and
    /// first byte before one comparison (this runs once per member of every ingested record).
    static func memberIndex(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = key.first else { return nil }
        let index: Int
        switch (key.count, first) {
        case (10, UInt8(ascii: "f")): index = 0
        case (11, UInt8(ascii: "i")): index = 1
        case (5, UInt8(ascii: "m")): index = 2
        case (6, UInt8(ascii: "o")): index = 3
        case (12, UInt8(ascii: "p")): index = 4
        case (7, UInt8(ascii: "s")): index = 5
        case (4, UInt8(ascii: "t")): index = 6
        case (7, UInt8(ascii: "v")): index = 7
        default: return nil
        }
        return equal(key, memberBytes[index]) ? index : nil
    }

    static let memberBytes: [[UInt8]] = PredictionRecord.members.map { Array($0.utf8) }

    static func equal(_ key: UnsafeBufferPointer<UInt8>, _ name: [UInt8]) -> Bool {
        key.count == name.count && name.withUnsafeBufferPointer { memcmp(key.baseAddress!, $0.baseAddress!, key.count) == 0 }
    }

    static func equal(_ key: UnsafeBufferPointer<UInt8>, _ name: String) -> Bool {
        var name = name
        return name.withUTF8 { key.count == $0.count && memcmp(key.baseAddress!, $0.baseAddress!, key.count) == 0 }
    }
}
