import LedgerCore

/// The strict JSON parser and the RFC 8785 serializer.
enum JSONFuzz {
    /// Canonical output may be longer than its input (`1e20` is written with 21 digits), so the
    /// second parse allows any size.
    static let unlimited = JSONLimits(maxDepth: JSONLimits.default.maxDepth, maxBytes: Int.max)

    static func run(_ bytes: [UInt8]) -> Bool {
        guard let value = try? JSONValue.parse(bytes) else { return false }
        let canonical = value.canonicalBytes()
        let again: JSONValue
        do {
            again = try JSONValue.parse(canonical, limits: unlimited)
        } catch {
            preconditionFailure("the canonical form of an accepted document does not parse (\(error.message)): input \(FuzzTarget.describe(bytes)), canonical \(FuzzTarget.describe(canonical))")
        }
        precondition(again == value, "parse(canonical) differs from the parsed value: input \(FuzzTarget.describe(bytes))")
        precondition(again.canonicalBytes() == canonical, "canonicalization is not a fixed point: input \(FuzzTarget.describe(bytes))")
        return true
    }

    static let seeds: [[UInt8]] = [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#,
        #"[1e20, 0.000001, 1e-7, -0, 9007199254740991, 295147905179352830000, 1.5e300]"#,
        #"{"\u00fc":"Z\u00fcrich","\ud83d\ude00":"\u001f\b\f\n\r\t\"\\\/"}"#,
        #"{"deep":[[[[{"x":[0.1,0.2,0.30000000000000004]}]]]]}"#,
        "\"Zürich 東京 😀\"",
    ].map { Array($0.utf8) }
}
