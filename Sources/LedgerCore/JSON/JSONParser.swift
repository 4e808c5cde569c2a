/// Limits that bound what the strict parser accepts.
public struct JSONLimits: Sendable, Hashable {
    /// The deepest nesting of arrays and objects accepted. The default is 64.
    public var maxDepth: Int
    /// The largest document accepted, in bytes. The default is 1 MiB.
    public var maxBytes: Int

    public init(maxDepth: Int = 64, maxBytes: Int = 1 << 20) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }

    /// The defaults: depth 64, 1 MiB.
    public static let `default` = JSONLimits()
}

extension JSONValue {
    /// The largest integer magnitude accepted in an integer literal: 2^53 − 1 (I-JSON, RFC 7493 §2.2).
    public static let maxSafeInteger: Double = 9_007_199_254_740_991

    /// Parses one JSON document strictly.
    ///
    /// Refused, each with a message naming the byte offset: invalid UTF-8 and a leading BOM;
    /// duplicate object keys (compared after unescaping); lone surrogates in `\u` escapes;
    /// unescaped control characters in strings; numbers outside the RFC 8259 grammar, numbers
    /// that overflow a double, and integer literals beyond ±(2^53 − 1); anything after the value
    /// but whitespace; nesting deeper than `limits.maxDepth`; documents over `limits.maxBytes`.
    ///
    /// - Throws: ``LedgerError`` with code `.malformedInput` or `.limitExceeded`.
    public static func parse(_ bytes: some Collection<UInt8>, limits: JSONLimits = .default) throws(LedgerError) -> JSONValue {
        guard bytes.count <= limits.maxBytes else {
            throw LedgerError(.limitExceeded, "The JSON document has \(bytes.count) bytes; at most \(limits.maxBytes) are accepted. Split it or store large data outside the ledger and record its SHA-256.")
        }
        let result: Result<JSONValue, LedgerError>? = bytes.withContiguousStorageIfAvailable { buffer in
            var parser = JSONParser(buffer, limits: limits)
            return Result { () throws(LedgerError) in try parser.parseDocument() }
        }
        if let result { return try result.get() }
        return try parse(Array(bytes), limits: limits)
    }

    /// Parses one JSON document from a string (see ``parse(_:limits:)``).
    public static func parse(_ text: String, limits: JSONLimits = .default) throws(LedgerError) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }
}

/// A strict RFC 8259 parser over contiguous UTF-8 bytes.
struct JSONParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: JSONLimits
    var position = 0
    var depth = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    func fail(_ what: String, at offset: Int? = nil) -> LedgerError {
        LedgerError(.malformedInput, "Invalid JSON at byte \(offset ?? position): \(what).")
    }

    mutating func parseDocument() throws(LedgerError) -> JSONValue {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            throw fail("a byte order mark is not allowed; save the file as UTF-8 without BOM", at: 0)
        }
        skipWhitespace()
        guard position < bytes.count else { throw fail("the document is empty; expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else {
            throw fail("unexpected data after the JSON value; a document holds exactly one value")
        }
        return value
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(LedgerError) -> JSONValue {
        guard position < bytes.count else { throw fail("unexpected end of input; expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            throw fail("unexpected character '\(printable(bytes[position]))'; expected a value")
        }
    }

    func printable(_ byte: UInt8) -> String {
        (0x21...0x7e).contains(byte) ? String(UnicodeScalar(byte)) : String(format: byte)
    }

    mutating func expectLiteral(_ literal: StaticString) throws(LedgerError) {
        let count = literal.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        guard position + count <= bytes.count,
            UnsafeBufferPointer(rebasing: bytes[position..<position + count]).elementsEqual(expected)
        else { throw fail("invalid literal; expected \(literal)") }
        position += count
    }

    mutating func enter() throws(LedgerError) {
        depth += 1
        guard depth <= limits.maxDepth else {
            throw LedgerError(.limitExceeded, "Invalid JSON at byte \(position): nesting deeper than \(limits.maxDepth) levels; flatten the document.")
        }
    }

    mutating func parseArray() throws(LedgerError) -> JSONValue {
        try enter()
        position += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw fail("unterminated array; expected ',' or ']'") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; break }
            throw fail("expected ',' or ']' in an array")
        }
        depth -= 1
        return .array(elements)
    }

    mutating func parseObject() throws(LedgerError) -> JSONValue {
        try enter()
        let start = position
        position += 1
        var members: [JSONObject.Member] = []
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(JSONObject())
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else {
                throw fail("expected a string key in an object")
            }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else {
                throw fail("expected ':' after an object key")
            }
            position += 1
            skipWhitespace()
            members.append(JSONObject.Member(key: key, value: try parseValue()))
            skipWhitespace()
            guard position < bytes.count else { throw fail("unterminated object; expected ',' or '}'") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; break }
            throw fail("expected ',' or '}' in an object")
        }
        depth -= 1
        guard let object = JSONObject(members: members) else {
            let key = JSONObject.duplicateKey(in: members) ?? ""
            throw fail("duplicate key \"\(key)\" in the object; each key may appear once", at: start)
        }
        return .object(object)
    }

    mutating func parseString() throws(LedgerError) -> String {
        let start = position
        position += 1
        var out: [UInt8] = []
        var runStart = position
        while true {
            guard position < bytes.count else { throw fail("unterminated string", at: start) }
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                if out.isEmpty {
                    let run = UnsafeBufferPointer(rebasing: bytes[runStart..<position])
                    position += 1
                    return String(decoding: run, as: UTF8.self)
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                position += 1
                return String(decoding: out, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                try parseEscape(into: &out)
                runStart = position
                continue
            }
            if byte < 0x20 {
                throw fail("control character 0x\(String(byte, radix: 16)) must be escaped inside a string")
            }
            if byte < 0x80 {
                position += 1
            } else {
                try skipUTF8Sequence()
            }
        }
    }

    /// Validates one multi-byte UTF-8 sequence (RFC 3629 table 3-7) and steps over it.
    mutating func skipUTF8Sequence() throws(LedgerError) {
        let lead = bytes[position]
        let count: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: count = 2
        case 0xE0: count = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: count = 3
        case 0xED: count = 3; high = 0x9F  // excludes encoded surrogates
        case 0xF0: count = 4; low = 0x90
        case 0xF1...0xF3: count = 4
        case 0xF4: count = 4; high = 0x8F  // nothing beyond U+10FFFF
        default: throw fail("invalid UTF-8 byte 0x\(String(lead, radix: 16)); the input must be UTF-8 text")
        }
        guard position + count <= bytes.count else { throw fail("truncated UTF-8 sequence") }
        let second = bytes[position + 1]
        guard second >= low, second <= high else { throw fail("invalid UTF-8 sequence") }
        for offset in 2..<max(2, count) where !(0x80...0xBF).contains(bytes[position + offset]) {
            throw fail("invalid UTF-8 sequence")
        }
        position += count
    }

    mutating func parseEscape(into out: inout [UInt8]) throws(LedgerError) {
        position += 1
        guard position < bytes.count else { throw fail("unterminated escape sequence") }
        let char = bytes[position]
        position += 1
        switch char {
        case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try parseHex4()
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                    throw fail("lone high surrogate \\u\(String(unit, radix: 16)); a surrogate pair needs both halves")
                }
                position += 2
                let lowUnit = try parseHex4()
                guard (0xDC00...0xDFFF).contains(lowUnit) else {
                    throw fail("high surrogate \\u\(String(unit, radix: 16)) is not followed by a low surrogate")
                }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(lowUnit) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw fail("lone low surrogate \\u\(String(unit, radix: 16))")
            }
            guard let scalar = Unicode.Scalar(scalarValue) else { throw fail("invalid Unicode escape") }
            out.append(contentsOf: UTF8.encode(scalar)!)
        default:
            throw fail("invalid escape '\\\(printable(char))'; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")
        }
    }

    mutating func parseHex4() throws(LedgerError) -> UInt16 {
        guard position + 4 <= bytes.count else { throw fail("\\u escape needs four hex digits") }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let char = bytes[position]
            let nibble: UInt16
            switch char {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = UInt16(char - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = UInt16(char - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = UInt16(char - UInt8(ascii: "A") + 10)
            default: throw fail("\\u escape needs four hex digits")
            }
            value = value << 4 | nibble
            position += 1
        }
        return value
    }

    mutating func parseNumber() throws(LedgerError) -> Double {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else { throw fail("a number needs digits", at: start) }
        let integerStart = position
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                throw fail("numbers may not have leading zeros", at: start)
            }
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        let integerDigits = position - integerStart
        var isInteger = true
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else { throw fail("a decimal point must be followed by digits", at: start) }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, isDigit(bytes[position]) else { throw fail("an exponent needs digits", at: start) }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        let text = UnsafeBufferPointer(rebasing: bytes[start..<position])
        if isInteger, integerDigits <= 15 {
            var value: Int64 = 0
            for byte in UnsafeBufferPointer(rebasing: bytes[integerStart..<position]) {
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return text[0] == UInt8(ascii: "-") ? -Double(value) : Double(value)
        }
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else {
            throw fail("the number \(String(decoding: text, as: UTF8.self)) is outside the range of an IEEE-754 double", at: start)
        }
        // An integer literal beyond ±(2^53 − 1) is accepted only when it is already the canonical
        // spelling of the double it denotes (as JCS writes 1e20 or 2^68); otherwise digits would be
        // silently changed on the way into the ledger.
        if isInteger, abs(value) > JSONValue.maxSafeInteger {
            var canonical: [UInt8] = []
            JCS.appendNumber(value, to: &canonical)
            guard text.elementsEqual(canonical) else {
                throw fail("the integer \(String(decoding: text, as: UTF8.self)) is beyond ±(2^53 − 1) and cannot be held exactly as a double; write it as a string", at: start)
            }
        }
        return value
    }

    func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

extension String {
    fileprivate init(format byte: UInt8) {
        self = "0x" + String(byte, radix: 16)
    }
}
