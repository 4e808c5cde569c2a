extension PredictionRecord {
    /// `JCS(record)` when none of the record's strings needs an escape, as is usual (a record
    /// read by the fast path never has one): the exact length is counted first, then each part
    /// is copied once into an array of that length. `nil` when a string needs an escape or the
    /// score is not one that `JCS.writeCommonNumber` writes; ``appendCanonical(to:)`` writes those.
    ///
    /// The tests check it against ``appendCanonical(to:)`` and the general JCS encoder.
    func plainCanonicalBytes() -> [UInt8]? {
        withPlainLayout(knownPlain: false) { count, write in
            [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                write(buffer.baseAddress!)
                initialized = count
            }
        }
    }

    /// Calls `body` with ``plainCanonicalBytes()`` written in temporary memory (no array made),
    /// preceded by one 0x00 byte at `bytes.baseAddress - 1`, so that the RFC 6962 leaf hash input
    /// `0x00 || JCS(record)` is contiguous. `knownPlain` skips the escape scan of the texts, for a
    /// record whose texts were read without escapes (the ingestion fast path). `nil` when the
    /// plain form does not apply.
    func withPlainCanonical<Result>(knownPlain: Bool, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        withPlainLayout(knownPlain: knownPlain) { count, write in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count + 1) { buffer in
                buffer[0] = 0
                write(buffer.baseAddress! + 1)
                return body(UnsafeBufferPointer(rebasing: buffer[1...]))
            }
        }
    }

    /// Calls `body` with the plain canonical form's length and a function that writes exactly
    /// that many bytes at a pointer; `nil` when the plain form does not apply.
    private func withPlainLayout<Result>(
        knownPlain: Bool, _ body: (Int, (UnsafeMutablePointer<UInt8>) -> Void) -> Result
    ) -> Result? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: JCS.maxCommonNumberBytes) { scoreBuffer -> Result? in
            var score: UnsafeBufferPointer<UInt8>?
            if let value = output.score {
                guard let length = JCS.writeCommonNumber(value, into: scoreBuffer.baseAddress!) else { return nil }
                score = UnsafeBufferPointer(rebasing: scoreBuffer[..<length])
            }
            guard let count = plainCanonicalCount(scoreLength: score?.count, knownPlain: knownPlain) else { return nil }
            return body(count) { start in
                var out = CanonicalWriter(next: start)
                out.write(#"{"featureSet":"#); out.write(quoted: featureSet)
                out.write(#","inputSHA256":""#); out.writeHex(inputSHA256)
                out.write(#"","model":"#); out.write(quoted: model)
                out.write(#","output":{"#)
                var separator = false
                if let label = output.label {
                    out.write(#""label":"#); out.write(quoted: label)
                    separator = true
                }
                if let codes = output.reasonCodes {
                    if separator { out.write(UInt8(ascii: ",")) }
                    out.write(#""reasonCodes":["#)
                    for (index, code) in codes.enumerated() {
                        if index > 0 { out.write(UInt8(ascii: ",")) }
                        out.write(quoted: code)
                    }
                    out.write(UInt8(ascii: "]"))
                    separator = true
                }
                if let score {
                    if separator { out.write(UInt8(ascii: ",")) }
                    out.write(#""score":"#); out.write(UnsafeRawBufferPointer(score))
                }
                out.write(#"},"predictionId":"#); out.write(quoted: predictionId.rawValue)
                if let subject { out.write(#","subject":"#); out.write(quoted: subject.rawValue) }
                out.write(#","time":""#); time.write(into: out.next); out.next += 24
                out.write(#"","version":"#); out.write(quoted: version)
                out.write(UInt8(ascii: "}"))
                precondition(out.next - start == count, "the canonical record's length was miscounted")
            }
        }
    }

    /// The length of the plain canonical form, or `nil` when a string needs an escape.
    private func plainCanonicalCount(scoreLength: Int?, knownPlain: Bool) -> Int? {
        func plainLength(_ text: String) -> Int? { knownPlain ? text.utf8.count : Self.plainLength(text) }
        // {"featureSet":"","inputSHA256":"<64>","model":"","output":{},"predictionId":"","time":"<24>","version":""}
        guard let featureSet = plainLength(featureSet), let model = plainLength(model),
            let id = plainLength(predictionId.rawValue), let version = plainLength(version)
        else { return nil }
        var count = 98 + 64 + 24 + featureSet + model + id + version
        if let subject {
            guard let length = plainLength(subject.rawValue) else { return nil }
            count += #","subject":"""#.utf8.count + length
        }
        var members = 0
        if let label = output.label {
            guard let length = plainLength(label) else { return nil }
            count += #""label":"""#.utf8.count + length
            members += 1
        }
        if let codes = output.reasonCodes {
            count += #""reasonCodes":[]"#.utf8.count + max(codes.count - 1, 0)
            for code in codes {
                guard let length = plainLength(code) else { return nil }
                count += 2 + length
            }
            members += 1
        }
        if let scoreLength {
            count += #""score":"#.utf8.count + scoreLength
            members += 1
        }
        return count + max(members - 1, 0)
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
private struct CanonicalWriter {
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
