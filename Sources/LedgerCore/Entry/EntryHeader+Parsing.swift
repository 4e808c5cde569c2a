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
        var parser = JSONParser(buffer, limits: JSONLimits(maxDepth: 1, maxBytes: maxCanonicalBytes))
        func bad(_ what: String) -> LedgerError {
            LedgerError(.integrityFailure, "header is not canonical format v1: \(what)")
        }
        func expect(_ literal: [UInt8], _ what: String) throws(LedgerError) {
            let end = parser.position + literal.count
            guard end <= buffer.count,
                UnsafeBufferPointer(rebasing: buffer[parser.position..<end]).elementsEqual(literal)
            else { throw bad("expected \(what) at byte \(parser.position)") }
            parser.position = end
        }
        func string(_ name: String) throws(LedgerError) -> String {
            let start = parser.position
            guard start < buffer.count, buffer[start] == UInt8(ascii: "\"") else { throw bad("\(name) must be a string") }
            let value: String
            do { value = try parser.parseString() } catch { throw bad("\(name): \(error.message)") }
            var canonical: [UInt8] = []
            JCS.appendString(value, to: &canonical)
            guard UnsafeBufferPointer(rebasing: buffer[start..<parser.position]).elementsEqual(canonical) else {
                throw bad("\(name) is not minimally escaped")
            }
            return value
        }
        func integer(_ name: String) throws(LedgerError) -> Int {
            let start = parser.position
            while parser.position < buffer.count, (0x30...0x39).contains(buffer[parser.position]) { parser.position += 1 }
            let digits = UnsafeBufferPointer(rebasing: buffer[start..<parser.position])
            guard !digits.isEmpty, digits.count <= 16, digits.count == 1 || digits[0] != 0x30 else {
                throw bad("\(name) must be a non-negative integer without leading zeros")
            }
            var value = 0
            for digit in digits { value = value * 10 + Int(digit - 0x30) }
            guard value <= Int(JSONValue.maxSafeInteger) else { throw bad("\(name) is beyond 2^53 − 1") }
            return value
        }
        func digest(_ name: String) throws(LedgerError) -> SHA256Digest {
            let text = try string(name)
            guard let value = SHA256Digest(hex: text) else { throw bad("\(name) must be 64 lowercase hex digits") }
            return value
        }

        try expect(Array(#"{"actor":"#.utf8), #"{"actor":"#)
        let actorText = try string("actor")
        try expect(Array(#","payloadSHA256":"#.utf8), #","payloadSHA256":"#)
        let payloadSHA256 = try digest("payloadSHA256")
        try expect(Array(#","prevSHA256":"#.utf8), #","prevSHA256":"#)
        let prevSHA256 = try digest("prevSHA256")
        try expect(Array(#","retention":"#.utf8), #","retention":"#)
        let retentionText = try string("retention")
        try expect(Array(#","seq":"#.utf8), #","seq":"#)
        let seq = try integer("seq")
        try expect(Array(#","stream":"#.utf8), #","stream":"#)
        let streamText = try string("stream")
        try expect(Array(#","streamVersion":"#.utf8), #","streamVersion":"#)
        let streamVersion = try integer("streamVersion")
        try expect(Array(#","time":"#.utf8), #","time":"#)
        let timeText = try string("time")
        try expect(Array(#","type":"#.utf8), #","type":"#)
        let typeText = try string("type")
        try expect(Array(#","v":"#.utf8), #","v":"#)
        let version = try integer("v")
        try expect(Array("}".utf8), "'}'")
        guard parser.position == buffer.count else { throw bad("unexpected bytes after the header object") }
        guard version == formatVersion else {
            throw LedgerError(.integrityFailure, "header has format version \(version); this verifier reads version \(formatVersion). Use a verifier that supports version \(version).")
        }
        guard let actor = Principal(rawValue: actorText) else { throw bad("actor breaks the actor rules") }
        guard let retention = RetentionClass(rawValue: retentionText) else { throw bad("retention '\(retentionText)' breaks the retention-class rules") }
        guard let stream = StreamName(rawValue: streamText) else { throw bad("stream '\(streamText.prefix(80))' breaks the stream-name rules") }
        guard let type = EventType(rawValue: typeText) else { throw bad("type '\(typeText.prefix(80))' breaks the event-type rules") }
        guard let time = Timestamp(timeText) else { throw bad("time '\(timeText.prefix(40))' is not canonical RFC 3339 UTC with milliseconds") }
        guard streamVersion >= 1 else { throw bad("streamVersion must be at least 1") }
        return try EntryHeader(
            seq: seq, time: time, stream: stream, streamVersion: streamVersion, type: type, actor: actor,
            retention: retention, payloadSHA256: payloadSHA256, prevSHA256: prevSHA256)
    }
}
