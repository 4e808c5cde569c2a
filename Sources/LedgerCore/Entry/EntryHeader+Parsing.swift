#if canImport(Glibc)
internal import Glibc
#elseif canImport(Darwin)
internal import Darwin
#endif

extension EntryHeader {
    /// The most bytes stored header bytes may have (a valid header has at most 1,012).
    public static let maxCanonicalBytes = 4096

    /// Parses header bytes that must be exactly the canonical form `H`.
    ///
    /// This is the strict reader used by verification: it accepts the ten members in JCS order,
    /// with no whitespace, minimal string escapes and canonical integers, and checks every field
    /// rule. Any other spelling of the same object is refused, because a verifier recomputes the
    /// leaf hash from these very bytes.
    ///
    /// - Throws: ``LedgerError`` `.integrityFailure` naming the first member that is wrong.
    public init(canonicalBytes bytes: some Collection<UInt8>) throws(LedgerError) {
        let parsed: Result<EntryHeader, LedgerError>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(LedgerError) in try Self.parseCanonical(buffer) }
        }
        if let parsed {
            self = try parsed.get()
        } else {
            self = try EntryHeader(canonicalBytes: Array(bytes))
        }
    }

    /// Builds a header from a parsed JSON object (for example a line of an export), requiring
    /// exactly the ten members with the right types.
    public init(json value: JSONValue) throws(LedgerError) {
        guard case .object(let object) = value else {
            throw LedgerError(.malformedInput, "A header must be a JSON object.")
        }
        let bytes = value.canonicalBytes()
        guard object.count == 10 else {
            throw LedgerError(.malformedInput, "A format v1 header has exactly the members actor, payloadSHA256, prevSHA256, retention, seq, stream, streamVersion, time, type and v; found \(object.keys.joined(separator: ", ")).")
        }
        self = try EntryHeader(canonicalBytes: bytes)
    }

    private static func parseCanonical(_ buffer: UnsafeBufferPointer<UInt8>) throws(LedgerError) -> EntryHeader {
        guard buffer.count <= maxCanonicalBytes else {
            throw LedgerError(.integrityFailure, "header is not canonical format v1: \(buffer.count) bytes, more than the \(maxCanonicalBytes) a header may have")
        }
        var scanner = CanonicalScanner(buffer: buffer)
        try scanner.expect(Keys.actor, "{\"actor\":")
        let actorText = try scanner.string("actor")
        try scanner.expect(Keys.payloadSHA256, ",\"payloadSHA256\":\"")
        let payloadSHA256 = try scanner.digest("payloadSHA256")
        try scanner.expect(Keys.prevSHA256, "\",\"prevSHA256\":\"")
        let prevSHA256 = try scanner.digest("prevSHA256")
        try scanner.expect(Keys.retentionOpen, "\",\"retention\":")
        let retentionText = try scanner.string("retention")
        try scanner.expect(Keys.seqOpen, ",\"seq\":")
        let seq = try scanner.integer("seq")
        try scanner.expect(Keys.streamOpen, ",\"stream\":")
        let streamText = try scanner.string("stream")
        try scanner.expect(Keys.streamVersionOpen, ",\"streamVersion\":")
        let streamVersion = try scanner.integer("streamVersion")
        try scanner.expect(Keys.timeOpen, ",\"time\":")
        let timeText = try scanner.string("time")
        try scanner.expect(Keys.typeOpen, ",\"type\":")
        let typeText = try scanner.string("type")
        try scanner.expect(Keys.versionOpen, ",\"v\":")
        let version = try scanner.integer("v")
        try scanner.expect(Keys.close, "}")
        guard scanner.position == buffer.count else { throw CanonicalScanner.bad("unexpected bytes after the header object") }
        guard version == formatVersion else {
            throw LedgerError(.integrityFailure, "header has format version \(version); this verifier reads version \(formatVersion). Use a verifier that supports version \(version).")
        }
        guard let actor = Principal(rawValue: actorText) else { throw CanonicalScanner.bad("actor breaks the actor rules") }
        guard let retention = RetentionClass(rawValue: retentionText) else { throw CanonicalScanner.bad("retention '\(retentionText)' breaks the retention-class rules") }
        guard let stream = StreamName(rawValue: streamText) else { throw CanonicalScanner.bad("stream '\(streamText.prefix(80))' breaks the stream-name rules") }
        guard let type = EventType(rawValue: typeText) else { throw CanonicalScanner.bad("type '\(typeText.prefix(80))' breaks the event-type rules") }
        guard let time = Timestamp(timeText) else { throw CanonicalScanner.bad("time '\(timeText.prefix(40))' is not canonical RFC 3339 UTC with milliseconds") }
        guard streamVersion >= 1 else { throw CanonicalScanner.bad("streamVersion must be at least 1") }
        return try EntryHeader(
            seq: seq, time: time, stream: stream, streamVersion: streamVersion, type: type, actor: actor,
            retention: retention, payloadSHA256: payloadSHA256, prevSHA256: prevSHA256)
    }
}

/// Reads the fixed layout of canonical header bytes without building a JSON tree.
///
/// Strings without escapes are canonical exactly when they hold no control character, so they are
/// taken as they are (after UTF-8 validation); a string with an escape goes through the JSON
/// parser and must re-encode to the same bytes.
private struct CanonicalScanner {
    let buffer: UnsafeBufferPointer<UInt8>
    var position = 0

    static func bad(_ what: String) -> LedgerError {
        LedgerError(.integrityFailure, "header is not canonical format v1: \(what)")
    }

    mutating func expect(_ literal: [UInt8], _ what: StaticString) throws(LedgerError) {
        let end = position + literal.count
        guard end <= buffer.count,
            literal.withUnsafeBytes({ memcmp($0.baseAddress!, buffer.baseAddress! + position, literal.count) }) == 0
        else { throw Self.bad("expected \(what) at byte \(position)") }
        position = end
    }

    mutating func string(_ name: String) throws(LedgerError) -> String {
        guard position < buffer.count, buffer[position] == UInt8(ascii: "\"") else { throw Self.bad("\(name) must be a string") }
        let start = position
        var index = position + 1
        var plain = true
        while index < buffer.count {
            let byte = buffer[index]
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { plain = false }
            index += 1
        }
        guard index < buffer.count else { throw Self.bad("\(name) is an unterminated string") }
        if plain {
            position = index + 1
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[(start + 1)..<index]), as: UTF8.self)
        }
        var parser = JSONParser(buffer, limits: .default)
        parser.position = start
        let value: String
        do { value = try parser.parseString() } catch { throw Self.bad("\(name): \(error.message)") }
        var canonical: [UInt8] = []
        JCS.appendString(value, to: &canonical)
        guard canonical.count == parser.position - start,
            canonical.withUnsafeBytes({ memcmp($0.baseAddress!, buffer.baseAddress! + start, canonical.count) }) == 0
        else { throw Self.bad("\(name) is not minimally escaped") }
        position = parser.position
        return value
    }

    mutating func integer(_ name: String) throws(LedgerError) -> Int {
        let start = position
        while position < buffer.count, (0x30...0x39).contains(buffer[position]) { position += 1 }
        let count = position - start
        guard count > 0, count <= 16, count == 1 || buffer[start] != 0x30 else {
            throw Self.bad("\(name) must be a non-negative integer without leading zeros")
        }
        var value = 0
        for index in start..<position { value = value * 10 + Int(buffer[index] - 0x30) }
        guard value <= Int(JSONValue.maxSafeInteger) else { throw Self.bad("\(name) is beyond 2^53 − 1") }
        return value
    }

    /// 64 lowercase hex digits and the closing quote (the opening quote is part of the key literal).
    mutating func digest(_ name: String) throws(LedgerError) -> SHA256Digest {
        guard position + 64 <= buffer.count,
            let digest = SHA256Digest(hexUTF8: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[position..<(position + 64)])))
        else { throw Self.bad("\(name) must be 64 lowercase hex digits") }
        position += 64
        return digest
    }
}
