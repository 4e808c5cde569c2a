/// One prediction as lineage records it: which model version produced which output from which
/// inputs, and when.
///
/// A record is a JSON object with exactly these members (unknown members are refused):
///
/// | member | type | rule |
/// | --- | --- | --- |
/// | `predictionId` | string | ``PredictionID/rule`` |
/// | `model` | string | one stream segment, `[a-z0-9][a-z0-9._-]*`, at most 100 bytes |
/// | `version` | string | a SemVer 2.0.0 version, at most 64 bytes |
/// | `featureSet` | string | 1 to 200 bytes of text, no control characters, no outer spaces |
/// | `inputSHA256` | string | 64 lowercase hex digits: SHA-256 of the raw inputs, which stay with the operator |
/// | `output` | object | `score` (number), `label` (text as `featureSet`), `reasonCodes` (1 to 64 texts of at most 64 bytes); at least `score` or `label` |
/// | `time` | string | when the prediction was made, `YYYY-MM-DDTHH:MM:SS.sssZ` |
/// | `subject` | string | optional: ``SubjectKey/rule`` |
///
/// The canonical bytes are RFC 8785 JCS of that object, and the record's leaf hash is
/// `SHA-256(0x00 || JCS(record))`, the RFC 6962 leaf hash; a batch's root is the RFC 9162 Merkle
/// root over its records' leaf hashes in order.
///
/// ```swift
/// let record = try PredictionRecord(json: JSONValue.parse(line)).get()
/// record.leafHash // what the batch root commits to
/// ```
public struct PredictionRecord: Hashable, Sendable {
    /// The output of the model for this prediction.
    public struct Output: Hashable, Sendable {
        public var score: Double?
        public var label: String?
        public var reasonCodes: [String]?

        public init(score: Double? = nil, label: String? = nil, reasonCodes: [String]? = nil) {
            self.score = score
            self.label = label
            self.reasonCodes = reasonCodes
        }
    }

    public let predictionId: PredictionID
    /// The model's name: the stream segment after `model/` and `lineage/`.
    public let model: String
    /// The model version that produced the output (SemVer).
    public let version: String
    /// The feature-set version the model read.
    public let featureSet: String
    /// SHA-256 of the raw inputs.
    public let inputSHA256: SHA256Digest
    public let output: Output
    /// When the prediction was made.
    public let time: Timestamp
    /// The pseudonymous subject, if the operator gave one.
    public let subject: SubjectKey?

    /// The record's members, in canonical order.
    public static let members: [String] = ["featureSet", "inputSHA256", "model", "output", "predictionId", "subject", "time", "version"]
    /// The output's members, in canonical order.
    public static let outputMembers: [String] = ["label", "reasonCodes", "score"]
    /// The longest model name, in bytes (so that `lineage/<model>` is a valid stream name).
    public static let maxModelLength = 100
    /// The longest feature set or label, in bytes.
    public static let maxTextLength = 200
    /// The most reason codes, and the longest one in bytes.
    public static let maxReasonCodes = 64
    public static let maxReasonCodeLength = 64

    /// Creates a record from checked parts.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` naming every rule the parts break.
    public init(
        predictionId: PredictionID, model: String, version: String, featureSet: String, inputSHA256: SHA256Digest,
        output: Output, time: Timestamp, subject: SubjectKey? = nil
    ) throws(LedgerError) {
        var problems: [LineageFieldProblem] = []
        Self.checkModel(model, into: &problems)
        Self.checkVersion(version, into: &problems)
        Self.checkText(featureSet, field: "featureSet", max: Self.maxTextLength, into: &problems)
        Self.checkOutput(output, into: &problems)
        guard problems.isEmpty else {
            throw LedgerError(.invalidField, problems.map(\.description).joined(separator: "; "))
        }
        self.predictionId = predictionId
        self.model = model
        self.version = version
        self.featureSet = featureSet
        self.inputSHA256 = inputSHA256
        self.output = output
        self.time = time
        self.subject = subject
    }

    /// The stream of the model's lineage batches: `lineage/<model>`.
    public var stream: StreamName { StreamName(rawValue: "lineage/" + model)! }

    /// `JCS(record)`, written directly in canonical member order (equal to
    /// `JSONValue.canonicalBytes()` of the record object, which the tests check).
    public func canonicalBytes() -> [UInt8] {
        if let plain = plainCanonicalBytes() { return plain }
        var out: [UInt8] = []
        out.reserveCapacity(canonicalCountEstimate)
        appendCanonical(to: &out)
        return out
    }

    /// The length of ``canonicalBytes()`` when no string needs an escape, give or take the
    /// score's digits (counted at their most): one allocation for the usual record.
    var canonicalCountEstimate: Int {
        // {"featureSet":"","inputSHA256":"<64>","model":"","output":{},"predictionId":"","time":"<24>","version":""}
        var count = 98 + 64 + 24 + featureSet.utf8.count + model.utf8.count + predictionId.rawValue.utf8.count + version.utf8.count
        if let subject { count += 13 + subject.rawValue.utf8.count }
        if let label = output.label { count += 11 + label.utf8.count }
        if let codes = output.reasonCodes { count += 17 + codes.reduce(0) { $0 + 3 + $1.utf8.count } }
        if output.score != nil { count += 9 + 25 }
        return count
    }

    /// Appends `JCS(record)` to `out`.
    public func appendCanonical(to out: inout [UInt8]) {
        /// `"name":`, as one run of bytes.
        func key(_ quotedNameAndColon: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: quotedNameAndColon.utf8Start, count: quotedNameAndColon.utf8CodeUnitCount))
        }
        out.append(UInt8(ascii: "{"))
        key(#""featureSet":"#); JCS.appendString(featureSet, to: &out)
        key(#","inputSHA256":""#); inputSHA256.withUnsafeBytes { Hex.append($0, to: &out) }
        key(#"","model":"#); JCS.appendString(model, to: &out)
        key(#","output":{"#)
        var first = true
        func separator() {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
        }
        if let label = output.label { separator(); key(#""label":"#); JCS.appendString(label, to: &out) }
        if let codes = output.reasonCodes {
            separator(); key(#""reasonCodes":["#)
            for (index, code) in codes.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JCS.appendString(code, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        if let score = output.score { separator(); key(#""score":"#); JCS.appendNumber(score, to: &out) }
        key(#"},"predictionId":"#); JCS.appendString(predictionId.rawValue, to: &out)
        if let subject { key(#","subject":"#); JCS.appendString(subject.rawValue, to: &out) }
        key(#","time":""#); time.append(to: &out)
        key(#"","version":"#); JCS.appendString(version, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// The record as a JSON object.
    public var json: JSONValue {
        var output = JSONObject()
        if let score = self.output.score { output["score"] = .number(score) }
        if let label = self.output.label { output["label"] = .string(label) }
        if let codes = self.output.reasonCodes { output["reasonCodes"] = .array(codes.map { .string($0) }) }
        var object: JSONObject = [
            "predictionId": .string(predictionId.rawValue), "model": .string(model), "version": .string(version),
            "featureSet": .string(featureSet), "inputSHA256": .string(inputSHA256.hex), "output": .object(output),
            "time": .string(time.description),
        ]
        if let subject { object["subject"] = .string(subject.rawValue) }
        return .object(object)
    }

    /// The RFC 6962 leaf hash `SHA-256(0x00 || JCS(record))`.
    public var leafHash: SHA256Digest { MerkleTree.leafHash(canonicalBytes()) }
}
