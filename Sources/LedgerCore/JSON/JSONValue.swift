/// A JSON value as RFC 8259 defines it, with numbers held as IEEE-754 doubles (RFC 8785 §3.2.2.3).
///
/// Objects keep their members sorted by the UTF-16 code units of their keys, the order RFC 8785
/// prescribes, and compare keys by their exact Unicode scalars: `"é"` (U+00E9) and `"é"`
/// (U+0065 U+0301) are different keys, as they are in JSON, even though Swift's `String`
/// considers them equal. Equality of values is equality of canonical form.
///
/// ```swift
/// let value = try JSONValue.parse(Array(#"{"b":1,"a":[true,null]}"#.utf8))
/// String(decoding: value.canonicalBytes(), as: UTF8.self) // {"a":[true,null],"b":1}
/// ```
///
/// ## Topics
/// - ``parse(_:limits:)``
/// - ``canonicalBytes()``
/// - ``JSONObject``
public enum JSONValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The value's RFC 8785 canonical bytes.
    ///
    /// - Precondition: every number is finite. Values made by ``parse(_:limits:)`` always are;
    ///   use ``canonicalBytesChecked()`` for values built by hand.
    public func canonicalBytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        JCS.append(self, to: &out)
        return out
    }

    /// The canonical bytes, or an error if the value holds a NaN or infinite number.
    public func canonicalBytesChecked() throws(LedgerError) -> [UInt8] {
        try JCS.checkFinite(self)
        return canonicalBytes()
    }

    /// The canonical form as a string.
    public var description: String { String(decoding: canonicalBytes(), as: UTF8.self) }

    /// The object, if this value is one.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The string, if this value is one.
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    /// The number, if this value is one.
    public var numberValue: Double? {
        if case .number(let number) = self { return number }
        return nil
    }

    /// The number as an `Int`, if this value is a number with an exact integral value.
    public var intValue: Int? {
        guard case .number(let number) = self, number.rounded() == number, abs(number) <= 9_007_199_254_740_991
        else { return nil }
        return Int(number)
    }

    /// The bool, if this value is one.
    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    /// The elements, if this value is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    /// Member lookup on an object; `nil` for other values and absent keys.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.number(a), .number(b)): a == b || (a.isNaN && b.isNaN)
        case let (.string(a), .string(b)): a.utf8.elementsEqual(b.utf8)
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a == b
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .number(let n): hasher.combine(n == 0 ? 0 : n)
        case .string(let s): hasher.combine(s.utf8.count); for byte in s.utf8 { hasher.combine(byte) }
        case .array(let a): hasher.combine(a)
        case .object(let o): hasher.combine(o)
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// Builds an object; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(uniquingKeysWith: elements))
    }
}
