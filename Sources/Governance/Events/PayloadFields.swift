import LedgerCore

/// Reads the fields of an event payload strictly: every field read is required unless read with
/// an `optional…` method, every value must have the documented type, and ``finish()`` refuses
/// any field nobody read. Each error names the event type and the field.
struct PayloadFields {
    let type: EventType
    let object: JSONObject
    /// Prepended to field names in messages, such as `lineage.`.
    let prefix: String
    private var read: Set<String> = []

    init(_ type: EventType, _ object: JSONObject, prefix: String = "") {
        self.type = type
        self.object = object
        self.prefix = prefix
    }

    /// An error about `field`: `<type> payload: field '<prefix><field>' <problem>`.
    func problem(_ field: String, _ problem: String) -> LedgerError {
        LedgerError(.invalidField, "\(type) payload: field '\(prefix)\(field)' \(problem)")
    }

    /// Reads a required field and converts it with `convert`; `expected` describes the type.
    mutating func required<T>(_ field: String, _ expected: String, _ convert: (JSONValue) -> T?) throws(LedgerError) -> T {
        read.insert(field)
        guard let value = object[field] else { throw problem(field, "is missing; it must be \(expected)") }
        guard let converted = convert(value) else { throw problem(field, "must be \(expected)") }
        return converted
    }

    /// Reads an optional field: absent is `nil`; present must convert (JSON `null` is refused).
    mutating func optional<T>(_ field: String, _ expected: String, _ convert: (JSONValue) -> T?) throws(LedgerError) -> T? {
        read.insert(field)
        guard let value = object[field] else { return nil }
        guard let converted = convert(value) else { throw problem(field, "must be \(expected) when present") }
        return converted
    }

    mutating func string(_ field: String) throws(LedgerError) -> String {
        try required(field, "a non-empty string", Self.text)
    }

    mutating func optionalString(_ field: String) throws(LedgerError) -> String? {
        try optional(field, "a non-empty string", Self.text)
    }

    mutating func int(_ field: String, in range: ClosedRange<Int> = 0...Int.max) throws(LedgerError) -> Int {
        try required(field, "a whole number from \(range.lowerBound)\(range.upperBound == .max ? " up" : " to \(range.upperBound)")") {
            $0.intValue.flatMap { range.contains($0) ? $0 : nil }
        }
    }

    mutating func optionalInt(_ field: String, in range: ClosedRange<Int> = 0...Int.max) throws(LedgerError) -> Int? {
        try optional(field, "a whole number from \(range.lowerBound)") { $0.intValue.flatMap { range.contains($0) ? $0 : nil } }
    }

    mutating func identifier<T: LosslessStringConvertible>(_ field: String, _ type: T.Type, _ expected: String) throws(LedgerError) -> T {
        try required(field, expected) { $0.stringValue.flatMap { T($0) } }
    }

    mutating func optionalIdentifier<T: LosslessStringConvertible>(_ field: String, _ type: T.Type, _ expected: String) throws(LedgerError) -> T? {
        try optional(field, expected) { $0.stringValue.flatMap { T($0) } }
    }

    mutating func digest(_ field: String) throws(LedgerError) -> SHA256Digest {
        try required(field, "64 lowercase hexadecimal characters (a SHA-256 digest)", Self.hexDigest)
    }

    mutating func model() throws(LedgerError) -> ModelSlug {
        try identifier("model", ModelSlug.self, "a model slug such as fraud-detection-engine")
    }

    mutating func version(_ field: String = "version") throws(LedgerError) -> SemanticVersion {
        try identifier(field, SemanticVersion.self, "a version MAJOR.MINOR.PATCH such as 3.2.1")
    }

    mutating func policyDigest() throws(LedgerError) -> SHA256Digest {
        try digest("policyDigest")
    }

    mutating func principal(_ field: String) throws(LedgerError) -> Principal {
        try identifier(field, Principal.self, "a principal: 1 to 200 bytes without control characters or edge spaces")
    }

    mutating func stage(_ field: String) throws(LedgerError) -> LifecycleStage {
        try identifier(field, LifecycleStage.self, "a lifecycle stage in snake case, such as production")
    }

    mutating func tier(_ field: String) throws(LedgerError) -> RiskTier {
        try required(field, "a tier number from 1 to \(RiskTier.maximum)") { $0.intValue.flatMap { RiskTier(rawValue: $0) } }
    }

    mutating func requestSeq() throws(LedgerError) -> Int {
        try int("request")
    }

    /// Refuses fields that were never read.
    func finish() throws(LedgerError) {
        if let unknown = object.keys.first(where: { !read.contains($0) }) {
            throw problem(unknown, "is not part of \(type); the fields are \(read.sorted().joined(separator: ", "))")
        }
    }

    static func text(_ value: JSONValue) -> String? {
        guard let text = value.stringValue, !text.isEmpty else { return nil }
        return text
    }

    static func hexDigest(_ value: JSONValue) -> SHA256Digest? {
        guard let text = value.stringValue, text.utf8.count == 64, let bytes = Hex.decodeLowercase(Array(text.utf8)) else {
            return nil
        }
        return try? SHA256Digest(bytes: bytes)
    }
}
