/// A text member of a record, as ``PlainRecordParts`` names it.
enum RecordText {
    case featureSet, model, label, predictionId, subject, version
}

/// What a record's plain canonical form is written from: a ``PredictionRecord``, or the members
/// the ingestion reader found in a line (``ScannedRecord``), before any string is made of them.
/// One writer, ``withPlainLayout(_:_:)``, serves both, so that they cannot write differently.
protocol PlainRecordParts {
    var score: Double? { get }
    var time: Timestamp { get }
    var hasLabel: Bool { get }
    var hasSubject: Bool { get }
    /// Whether the output has a `reasonCodes` member.
    var hasReasonCodes: Bool { get }
    /// The UTF-8 length of a text member that is present, or `nil` when JCS escapes one of its bytes.
    func plainLength(of text: RecordText) -> Int?
    /// Writes the text member in quotes; called only after ``plainLength(of:)`` counted it.
    func write(_ text: RecordText, to out: inout CanonicalWriter)
    /// Writes the input hash's 64 lowercase hex digits.
    func writeInputSHA256(to out: inout CanonicalWriter)
    /// ``LineageKeyHash`` of the prediction id and of the subject key: the index keys.
    func keyHashes(using hasher: SHA256Hasher) -> (id: Int64, subject: Int64?)
    /// The length of the reason codes written as a JSON array, brackets included, or `nil` when
    /// JCS escapes a byte of one of them.
    func plainReasonCodesLength() -> Int?
    /// Writes the reason codes as a JSON array; called only after ``plainReasonCodesLength()``
    /// counted them.
    func writeReasonCodes(to out: inout CanonicalWriter)
}

extension PlainRecordParts {
    /// Calls `body` with the plain canonical form written in temporary memory (no array made),
    /// preceded by one 0x00 byte at `bytes.baseAddress - 1`, so that the RFC 6962 leaf hash input
    /// `0x00 || JCS(record)` is contiguous. `nil` when the plain form does not apply: a text needs
    /// an escape, or the score is not one that `JCS.writeCommonNumber` writes.
    func withPlainCanonical<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        withPlainLayout { count, write in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count + 1) { buffer in
                buffer[0] = 0
                write(buffer.baseAddress! + 1)
                return body(UnsafeBufferPointer(rebasing: buffer[1...]))
            }
        }
    }

    /// Calls `body` with the plain canonical form's length and a function that writes exactly
    /// that many bytes at a pointer; `nil` when the plain form does not apply.
    func withPlainLayout<Result>(_ body: (Int, (UnsafeMutablePointer<UInt8>) -> Void) -> Result) -> Result? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: JCS.maxCommonNumberBytes) { scoreBuffer -> Result? in
            var score: UnsafeBufferPointer<UInt8>?
            if let value = self.score {
                guard let length = JCS.writeCommonNumber(value, into: scoreBuffer.baseAddress!) else { return nil }
                score = UnsafeBufferPointer(rebasing: scoreBuffer[..<length])
            }
            guard let count = plainCanonicalCount(scoreLength: score?.count) else { return nil }
            return body(count) { start in
                var out = CanonicalWriter(next: start)
                out.write(#"{"featureSet":"#); write(.featureSet, to: &out)
                out.write(#","inputSHA256":""#); writeInputSHA256(to: &out)
                out.write(#"","model":"#); write(.model, to: &out)
                out.write(#","output":{"#)
                var separator = false
                if hasLabel {
                    out.write(#""label":"#); write(.label, to: &out)
                    separator = true
                }
                if hasReasonCodes {
                    if separator { out.write(UInt8(ascii: ",")) }
                    out.write(#""reasonCodes":"#); writeReasonCodes(to: &out)
                    separator = true
                }
                if let score {
                    if separator { out.write(UInt8(ascii: ",")) }
                    out.write(#""score":"#); out.write(UnsafeRawBufferPointer(score))
                }
                out.write(#"},"predictionId":"#); write(.predictionId, to: &out)
                if hasSubject { out.write(#","subject":"#); write(.subject, to: &out) }
                out.write(#","time":""#); time.write(into: out.next); out.next += 24
                out.write(#"","version":"#); write(.version, to: &out)
                out.write(UInt8(ascii: "}"))
                precondition(out.next - start == count, "the canonical record's length was miscounted")
            }
        }
    }

    /// The length of the plain canonical form, or `nil` when a text needs an escape.
    private func plainCanonicalCount(scoreLength: Int?) -> Int? {
        // {"featureSet":"","inputSHA256":"<64>","model":"","output":{},"predictionId":"","time":"<24>","version":""}
        guard let featureSet = plainLength(of: .featureSet), let model = plainLength(of: .model),
            let id = plainLength(of: .predictionId), let version = plainLength(of: .version)
        else { return nil }
        var count = 98 + 64 + 24 + featureSet + model + id + version
        if hasSubject {
            guard let length = plainLength(of: .subject) else { return nil }
            count += #","subject":"""#.utf8.count + length
        }
        var members = 0
        if hasLabel {
            guard let length = plainLength(of: .label) else { return nil }
            count += #""label":"""#.utf8.count + length
            members += 1
        }
        if hasReasonCodes {
            guard let length = plainReasonCodesLength() else { return nil }
            count += #""reasonCodes":"#.utf8.count + length
            members += 1
        }
        if let scoreLength {
            count += #""score":"#.utf8.count + scoreLength
            members += 1
        }
        return count + max(members - 1, 0)
    }
}

extension PredictionRecord: PlainRecordParts {
    /// `JCS(record)` when none of the record's strings needs an escape, as is usual: the exact
    /// length is counted first, then each part is copied once into an array of that length. `nil`
    /// when a string needs an escape or the score is not one that `JCS.writeCommonNumber`
    /// writes; ``appendCanonical(to:)`` writes those.
    ///
    /// The tests check it against ``appendCanonical(to:)`` and the general JCS encoder.
    func plainCanonicalBytes() -> [UInt8]? {
        withPlainLayout { count, write in
            [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                write(buffer.baseAddress!)
                initialized = count
            }
        }
    }

    var score: Double? { output.score }
    var hasLabel: Bool { output.label != nil }
    var hasSubject: Bool { subject != nil }
    var hasReasonCodes: Bool { output.reasonCodes != nil }

    func plainLength(of text: RecordText) -> Int? {
        Self.plainLength(self.text(text))
    }

    func write(_ text: RecordText, to out: inout CanonicalWriter) {
        out.write(quoted: self.text(text))
    }

    func writeInputSHA256(to out: inout CanonicalWriter) {
        out.writeHex(inputSHA256)
    }

    func keyHashes(using hasher: SHA256Hasher) -> (id: Int64, subject: Int64?) {
        (LineageKeyHash.of(predictionId.rawValue, using: hasher), subject.map { LineageKeyHash.of($0.rawValue, using: hasher) })
    }

    func plainReasonCodesLength() -> Int? {
        let codes = output.reasonCodes ?? []
        var count = 2 + max(codes.count - 1, 0)
        for code in codes {
            guard let length = Self.plainLength(code) else { return nil }
            count += 2 + length
        }
        return count
    }

    func writeReasonCodes(to out: inout CanonicalWriter) {
        out.write(UInt8(ascii: "["))
        for (index, code) in (output.reasonCodes ?? []).enumerated() {
            if index > 0 { out.write(UInt8(ascii: ",")) }
            out.write(quoted: code)
        }
        out.write(UInt8(ascii: "]"))
    }

    /// A text member that is present.
    private func text(_ text: RecordText) -> String {
        switch text {
        case .featureSet: featureSet
        case .model: model
        case .label: output.label!
        case .predictionId: predictionId.rawValue
        case .subject: subject!.rawValue
        case .version: version
        }
    }

    /// The UTF-8 length of `text`, or `nil` when JCS escapes one of its bytes.
    private static func plainLength(_ text: String) -> Int? {
        func needsEscape(_ byte: UInt8) -> Bool { byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") }
        let utf8 = text.utf8
        let escaped = utf8.withContiguousStorageIfAvailable { $0.contains(where: needsEscape) } ?? utf8.contains(where: needsEscape)
        return escaped ? nil : utf8.count
    }
}

/// Copies parts of a canonical record into memory counted for them beforehand.
struct CanonicalWriter {
    var next: UnsafeMutablePointer<UInt8>

    mutating func write(_ byte: UInt8) {
        next.pointee = byte
        next += 1
    }

    mutating func write(_ text: StaticString) {
        next.update(from: text.utf8Start, count: text.utf8CodeUnitCount)
        next += text.utf8CodeUnitCount
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        UnsafeMutableRawPointer(next).copyMemory(from: base, byteCount: bytes.count)
        next += bytes.count
    }

    /// Bytes that need no escape, in quotes.
    mutating func write(quoted bytes: UnsafeBufferPointer<UInt8>) {
        write(UInt8(ascii: "\""))
        write(UnsafeRawBufferPointer(bytes))
        write(UInt8(ascii: "\""))
    }

    /// A string that needs no escape, in quotes.
    mutating func write(quoted text: String) {
        write(UInt8(ascii: "\""))
        let utf8 = text.utf8
        if utf8.withContiguousStorageIfAvailable({ write(UnsafeRawBufferPointer($0)) }) == nil {
            for byte in utf8 { write(byte) }
        }
        write(UInt8(ascii: "\""))
    }

    mutating func writeHex(_ digest: SHA256Digest) {
        digest.withUnsafeBytes { bytes in
            for byte in bytes {
                write(Hex.digit(byte >> 4))
                write(Hex.digit(byte & 0x0f))
            }
        }
    }
}
