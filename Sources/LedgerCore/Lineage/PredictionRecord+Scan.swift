#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

extension PredictionRecord {
    /// Reads one record from JSON bytes: the fast path when it applies, else the strict parser
    /// with its messages. The result is the same either way.
    public static func read(_ bytes: [UInt8]) -> Result<PredictionRecord, LineageRecordRejection> {
        bytes.withUnsafeBufferPointer { read($0) }
    }

    /// ``read(_:)`` of bytes in place.
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<PredictionRecord, LineageRecordRejection> {
        if let record = scan(bytes) { return .success(record) }
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
        var texts = ScannedTexts()
        return scan(line, reusing: &texts)
    }

    /// ``scan(_:)`` for one line of a file, with the texts already checked on earlier lines.
    static func scan(_ line: UnsafeBufferPointer<UInt8>, reusing texts: inout ScannedTexts) -> PredictionRecord? {
        ScannedRecord.scan(line, reusing: &texts)?.record
    }
}

/// A record line as the fast path read it, every member checked, before any string is made of
/// its prediction id, subject, label or reason codes: those stay bytes of the line, so a value
/// lives only while the line's bytes do. Ingestion writes the canonical bytes straight from it
/// (``PlainRecordParts``); ``record`` makes the ``PredictionRecord`` when one is needed.
///
/// Its texts never need an escape: the scanner takes none with a backslash or a control
/// character, and a string ends at its first quote.
struct ScannedRecord: PlainRecordParts {
    /// The bytes of the reason codes array as the line wrote it, from `[` to `]`.
    struct ReasonCodes {
        var raw: UnsafeBufferPointer<UInt8>
        var count: Int
        /// The codes' lengths added up.
        var textBytes: Int

        /// The length of the array as JCS writes it: no space anywhere.
        var canonicalLength: Int { 2 + textBytes + 2 * count + (count - 1) }

        /// Calls `body` with each code's bytes, in order. The array holds only plain strings,
        /// so each code runs from one quote to the next.
        func forEach(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
            guard let base = raw.baseAddress else { return }
            var position = 0
            for _ in 0..<count {
                while base[position] != UInt8(ascii: "\"") { position += 1 }
                let start = position + 1
                position = start
                while base[position] != UInt8(ascii: "\"") { position += 1 }
                body(UnsafeBufferPointer(start: base + start, count: position - start))
                position += 1
            }
        }
    }

    var model: String
    var version: String
    var featureSet: String
    var predictionId: UnsafeBufferPointer<UInt8>
    var subject: UnsafeBufferPointer<UInt8>?
    var inputSHA256: SHA256Digest
    /// The input hash as written: 64 lowercase hex digits, checked.
    var inputHex: UnsafeBufferPointer<UInt8>
    var score: Double?
    var label: UnsafeBufferPointer<UInt8>?
    var reasonCodes: ReasonCodes?
    var time: Timestamp

    /// Reads one line, with the texts already checked on earlier lines; `nil` for anything but
    /// the plain case, which the strict parser then reads.
    static func scan(_ line: UnsafeBufferPointer<UInt8>, reusing texts: inout ScannedTexts) -> ScannedRecord? {
        var scanner = RecordScanner(bytes: line)
        return scanner.record(&texts)
    }

    /// The record, with its strings made.
    var record: PredictionRecord {
        var codes: [String]?
        if let reasonCodes {
            var made: [String] = []
            made.reserveCapacity(reasonCodes.count)
            reasonCodes.forEach { made.append(String(decoding: $0, as: UTF8.self)) }
            codes = made
        }
        return PredictionRecord(
            checkedID: PredictionID(checked: String(decoding: predictionId, as: UTF8.self)), model: model, version: version,
            featureSet: featureSet, inputSHA256: inputSHA256,
            output: .init(score: score, label: label.map { String(decoding: $0, as: UTF8.self) }, reasonCodes: codes),
            time: time, subject: subject.map { SubjectKey(checked: String(decoding: $0, as: UTF8.self)) })
    }

    var hasLabel: Bool { label != nil }
    var hasSubject: Bool { subject != nil }
    var hasReasonCodes: Bool { reasonCodes != nil }

    func plainLength(of text: RecordText) -> Int? {
        switch text {
        case .featureSet: featureSet.utf8.count
        case .model: model.utf8.count
        case .version: version.utf8.count
        case .label: label!.count
        case .predictionId: predictionId.count
        case .subject: subject!.count
        }
    }

    func write(_ text: RecordText, to out: inout CanonicalWriter) {
        switch text {
        case .featureSet: out.write(quoted: featureSet)
        case .model: out.write(quoted: model)
        case .version: out.write(quoted: version)
        case .label: out.write(quoted: label!)
        case .predictionId: out.write(quoted: predictionId)
        case .subject: out.write(quoted: subject!)
        }
    }

    func writeInputSHA256(to out: inout CanonicalWriter) {
        out.write(UnsafeRawBufferPointer(inputHex))
    }

    func keyHashes(using hasher: SHA256Hasher) -> (id: Int64, subject: Int64?) {
        let id = LineageKeyHash.of(utf8: UnsafeRawBufferPointer(predictionId), using: hasher)
        return (id, subject.map { LineageKeyHash.of(utf8: UnsafeRawBufferPointer($0), using: hasher) })
    }

    func plainReasonCodesLength() -> Int? { reasonCodes?.canonicalLength }

    func writeReasonCodes(to out: inout CanonicalWriter) {
        guard let reasonCodes else { return }
        // Written without a space, as is usual, the array is already in its canonical form.
        if reasonCodes.raw.count == reasonCodes.canonicalLength {
            out.write(UnsafeRawBufferPointer(reasonCodes.raw))
            return
        }
        out.write(UInt8(ascii: "["))
        var first = true
        reasonCodes.forEach { code in
            if !first { out.write(UInt8(ascii: ",")) }
            first = false
            out.write(quoted: code)
        }
        out.write(UInt8(ascii: "]"))
    }
}

/// The model names, versions and feature sets a file's records repeat on nearly every line,
/// each kept once it has passed its check: a repeated value is then neither checked nor
/// allocated again. A few distinct values of each are kept; others are checked every time.
struct ScannedTexts {
    var models = CheckedTexts()
    var versions = CheckedTexts()
    var featureSets = CheckedTexts()
}

/// Up to ``capacity`` texts that passed one member's check, found by their bytes.
struct CheckedTexts {
    static let capacity = 16
    private var bytes: [[UInt8]] = []
    private var texts: [String] = []

    /// The kept text whose UTF-8 is `raw`, if any.
    func text(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        guard let base = raw.baseAddress, !raw.isEmpty else { return nil }
        for index in bytes.indices where bytes[index].count == raw.count {
            if bytes[index].withUnsafeBufferPointer({ memcmp($0.baseAddress!, base, raw.count) == 0 }) { return texts[index] }
        }
        return nil
    }

    /// Keeps `text` (whose UTF-8 is `raw`), which passed the check, while there is room.
    mutating func keep(_ text: String, raw: UnsafeBufferPointer<UInt8>) {
        guard bytes.count < Self.capacity, !raw.isEmpty else { return }
        bytes.append(Array(raw))
        texts.append(text)
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
        guard expect(UInt8(ascii: "\"")), position < bytes.count, let base = bytes.baseAddress,
            let quote = memchr(base + position, Int32(UInt8(ascii: "\"")), bytes.count - position)
        else { return nil }
        let end = UnsafeRawPointer(quote).assumingMemoryBound(to: UInt8.self) - base
        let raw = UnsafeBufferPointer(rebasing: bytes[position..<end])
        // A backslash before the quote found starts an escape (the quote may be escaped itself).
        guard !Self.holdsEscapeOrControl(raw) else { return nil }
        position = end + 1
        return raw
    }

    /// Whether `raw` holds a backslash or a control character, checked without an early exit so
    /// that the loop can compare many bytes at once.
    static func holdsEscapeOrControl(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        var found: UInt8 = 0
        for byte in raw { found |= (byte < 0x20 ? 1 : 0) | (byte == UInt8(ascii: "\\") ? 1 : 0) }
        return found != 0
    }

    /// The text of a string's bytes: ASCII needs no validation; anything else must be valid UTF-8.
    static func text(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
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
        if let magnitude = Self.shortDecimal(UnsafeBufferPointer(rebasing: bytes[integerStart..<position])) {
            return bytes[start] == UInt8(ascii: "-") ? -magnitude : magnitude
        }
        guard let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)), value.isFinite else {
            return nil
        }
        return value
    }

    /// The value of `text`, digits with a point (no sign, no exponent), when it has at most 15
    /// significant digits and at most 22 after the point, else `nil`. Both the digits as an integer and the power of ten
    /// are then exact doubles, so one division gives the correctly rounded value, as the strict
    /// parser's conversion does (Clinger's fast path).
    static func shortDecimal(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var mantissa: Int64 = 0
        var significant = 0
        var fractionDigits = 0
        var inFraction = false
        for byte in text {
            if byte == UInt8(ascii: ".") {
                inFraction = true
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            if inFraction { fractionDigits += 1 }
            if mantissa > 0 || byte != UInt8(ascii: "0") { significant += 1 }
            mantissa = mantissa * 10 + Int64(byte - UInt8(ascii: "0"))
            guard significant <= 15, fractionDigits <= 22 else { return nil }
        }
        return Double(mantissa) / JCS.powerOfTen(fractionDigits)
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

    mutating func record(_ texts: inout ScannedTexts) -> ScannedRecord? {
        var predictionId: UnsafeBufferPointer<UInt8>?
        var model: String?
        var version: String?
        var featureSet: String?
        var digest: SHA256Digest?
        var inputHex: UnsafeBufferPointer<UInt8>?
        var output: Output?
        var time: Timestamp?
        var subject: UnsafeBufferPointer<UInt8>?
        var seen = 0
        let ok = object { scanner, key in
            guard let index = Self.memberIndex(key), seen & (1 << index) == 0 else { return false }
            seen |= 1 << index
            // members: featureSet 0, inputSHA256 1, model 2, output 3, predictionId 4, subject 5, time 6, version 7
            switch index {
            case 0:
                featureSet = scanner.checkedText(&texts.featureSets) { text in
                    var problems: [LineageFieldProblem] = []
                    PredictionRecord.checkText(text, field: "featureSet", max: PredictionRecord.maxTextLength, into: &problems)
                    return problems.isEmpty
                }
                return featureSet != nil
            case 1:
                inputHex = scanner.rawString()
                digest = inputHex.flatMap { SHA256Digest(hexUTF8: UnsafeRawBufferPointer($0)) }
                return digest != nil
            case 2:
                model = scanner.checkedText(&texts.models) { text in
                    var problems: [LineageFieldProblem] = []
                    PredictionRecord.checkModel(text, into: &problems)
                    return problems.isEmpty
                }
                return model != nil
            case 3:
                output = scanner.output()
                return output != nil
            case 4:
                // Ids, keys and times are ASCII by their rules, so their bytes are checked as they are.
                guard let raw = scanner.rawString(), PredictionID.isValid(utf8: raw) else { return false }
                predictionId = raw
                return true
            case 5:
                guard let raw = scanner.rawString(), SubjectKey.isValid(utf8: raw) else { return false }
                subject = raw
                return true
            case 6:
                time = scanner.rawString().flatMap { Timestamp(utf8: $0) }
                return time != nil
            default:
                version = scanner.checkedText(&texts.versions) { SemverSyntax.isValid($0) }
                return version != nil
            }
        }
        skipSpace()
        guard ok, position == bytes.count, let predictionId, let model, let version, let featureSet, let digest, let inputHex,
            let output, output.score != nil || output.label != nil, let time
        else { return nil }
        return ScannedRecord(
            model: model, version: version, featureSet: featureSet, predictionId: predictionId, subject: subject,
            inputSHA256: digest, inputHex: inputHex, score: output.score, label: output.label, reasonCodes: output.reasonCodes,
            time: time)
    }

    /// A string member that `isValid` accepts, taken from `kept` when the same bytes passed before.
    mutating func checkedText(_ kept: inout CheckedTexts, isValid: (String) -> Bool) -> String? {
        guard let raw = rawString() else { return nil }
        if let text = kept.text(raw) { return text }
        guard let text = Self.text(raw), isValid(text) else { return nil }
        kept.keep(text, raw: raw)
        return text
    }

    /// The members of a record's output, checked.
    struct Output {
        var score: Double?
        var label: UnsafeBufferPointer<UInt8>?
        var reasonCodes: ScannedRecord.ReasonCodes?
    }

    /// The output object, checked as the strict parser checks it.
    mutating func output() -> Output? {
        var output = Output()
        var seen = 0
        let ok = object { scanner, key in
            if Self.equal(key, "score"), seen & 1 == 0 {
                seen |= 1
                output.score = scanner.number()
                return output.score != nil
            }
            if Self.equal(key, "label"), seen & 2 == 0 {
                seen |= 2
                output.label = scanner.rawString()
                return output.label.map { Self.isValidText($0, max: PredictionRecord.maxTextLength, reasonCode: false) } ?? false
            }
            if Self.equal(key, "reasonCodes"), seen & 4 == 0 {
                seen |= 4
                output.reasonCodes = scanner.reasonCodes()
                return output.reasonCodes != nil
            }
            return false
        }
        return ok ? output : nil
    }

    /// Whether `raw` is text that ``PredictionRecord/checkText(_:field:max:into:)`` accepts and,
    /// for a reason code, holds nothing equal to ';'. Printable ASCII without a space at either
    /// end is judged by its bytes; other text is made a string and checked as the strict parser
    /// checks it (invalid UTF-8 is refused, for the strict parser to report).
    static func isValidText(_ raw: UnsafeBufferPointer<UInt8>, max: Int, reasonCode: Bool) -> Bool {
        guard !raw.isEmpty, raw.count <= max else { return false }
        var outside: UInt8 = 0
        for byte in raw { outside |= (byte < 0x20 ? 1 : 0) | (byte >= 0x7F ? 1 : 0) }
        if outside == 0, raw.first != 0x20, raw.last != 0x20 {
            return !reasonCode || !raw.contains(UInt8(ascii: ";"))
        }
        guard let text = Self.text(raw) else { return false }
        var problems: [LineageFieldProblem] = []
        PredictionRecord.checkText(text, field: "", max: max, into: &problems)
        return problems.isEmpty && !(reasonCode && PredictionRecord.containsSemicolon(text))
    }

    /// A reason codes array of 1 to ``PredictionRecord/maxReasonCodes`` codes that pass
    /// ``isValidText(_:max:reasonCode:)``.
    mutating func reasonCodes() -> ScannedRecord.ReasonCodes? {
        guard expect(UInt8(ascii: "[")) else { return nil }
        let open = position - 1
        var count = 0
        var textBytes = 0
        while true {
            guard let code = rawString(), Self.isValidText(code, max: PredictionRecord.maxReasonCodeLength, reasonCode: true) else { return nil }
            count += 1
            textBytes += code.count
            guard count <= PredictionRecord.maxReasonCodes else { return nil }
            skipSpace()
            guard position < bytes.count else { return nil }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "]") {
                return ScannedRecord.ReasonCodes(raw: UnsafeBufferPointer(rebasing: bytes[open..<position]), count: count, textBytes: textBytes)
            }
            guard byte == UInt8(ascii: ",") else { return nil }
        }
    }

    /// The index of a record member in ``PredictionRecord/members``, told apart by length and
    /// first byte before one comparison (this runs once per member of every ingested record).
    static func memberIndex(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = key.first else { return nil }
        // Names as static strings: a stored array of them would be a lazy global, checked on every access.
        let (index, name): (Int, StaticString)
        switch (key.count, first) {
        case (10, UInt8(ascii: "f")): (index, name) = (0, "featureSet")
        case (11, UInt8(ascii: "i")): (index, name) = (1, "inputSHA256")
        case (5, UInt8(ascii: "m")): (index, name) = (2, "model")
        case (6, UInt8(ascii: "o")): (index, name) = (3, "output")
        case (12, UInt8(ascii: "p")): (index, name) = (4, "predictionId")
        case (7, UInt8(ascii: "s")): (index, name) = (5, "subject")
        case (4, UInt8(ascii: "t")): (index, name) = (6, "time")
        case (7, UInt8(ascii: "v")): (index, name) = (7, "version")
        default: return nil
        }
        return equal(key, name) ? index : nil
    }

    static func equal(_ key: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        key.count == name.utf8CodeUnitCount && memcmp(key.baseAddress!, name.utf8Start, key.count) == 0
    }
}
