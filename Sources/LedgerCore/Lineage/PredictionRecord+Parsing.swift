/// One broken rule of a prediction record: the member and what is wrong with it.
public struct LineageFieldProblem: Hashable, Sendable, CustomStringConvertible {
    /// The member path, such as `inputSHA256` or `output.score`; empty for the record as a whole.
    public var field: String
    /// What is wrong and how to fix it.
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}

/// Why a record was refused: every rule it breaks.
public struct LineageRecordRejection: Error, Hashable, Sendable {
    public var problems: [LineageFieldProblem]

    public init(_ problems: [LineageFieldProblem]) {
        self.problems = problems
    }
}

extension PredictionRecord {
    /// Parses a record strictly from a JSON value, reporting every broken rule at once.
    ///
    /// - Returns: the record, or every problem found (a missing member, an unknown member, a
    ///   wrong type, a value outside its rule).
    public static func parse(_ value: JSONValue) -> Result<PredictionRecord, LineageRecordRejection> {
        guard case .object(let object) = value else {
            return .failure(LineageRecordRejection([LineageFieldProblem(field: "", message: "a record is a JSON object with predictionId, model, version, featureSet, inputSHA256, output and time")]))
        }
        var problems: [LineageFieldProblem] = []
        for key in object.keys where !members.contains(key) {
            problems.append(LineageFieldProblem(field: key, message: "unknown member; a record has only \(members.joined(separator: ", "))"))
        }
        func text(_ name: String, optional: Bool = false) -> String? {
            guard let value = object[name] else {
                if !optional { problems.append(LineageFieldProblem(field: name, message: "missing")) }
                return nil
            }
            guard let string = value.stringValue else {
                problems.append(LineageFieldProblem(field: name, message: "must be a string"))
                return nil
            }
            return string
        }
        let id = text("predictionId")
        let model = text("model")
        let version = text("version")
        let featureSet = text("featureSet")
        let input = text("inputSHA256")
        let time = text("time")
        let subject = text("subject", optional: true)
        var output: Output?
        if let value = object["output"] {
            output = parseOutput(value, into: &problems)
        } else {
            problems.append(LineageFieldProblem(field: "output", message: "missing"))
        }
        return build(
            id: id, model: model, version: version, featureSet: featureSet, input: input, output: output, time: time,
            subject: subject, problems: problems)
    }

    /// Checks the textual fields of a record (from JSON or CSV) and builds it.
    static func build(
        id: String?, model: String?, version: String?, featureSet: String?, input: String?, output: Output?,
        time: String?, subject: String?, problems: [LineageFieldProblem]
    ) -> Result<PredictionRecord, LineageRecordRejection> {
        var problems = problems
        let predictionId = id.flatMap { text -> PredictionID? in
            guard let parsed = PredictionID(rawValue: text) else {
                problems.append(LineageFieldProblem(field: "predictionId", message: "'\(text.prefix(40))' is not a prediction id: use \(PredictionID.rule)"))
                return nil
            }
            return parsed
        }
        if let model { checkModel(model, into: &problems) }
        if let version { checkVersion(version, into: &problems) }
        if let featureSet { checkText(featureSet, field: "featureSet", max: maxTextLength, into: &problems) }
        let digest = input.flatMap { text -> SHA256Digest? in
            guard let parsed = SHA256Digest(hex: text) else {
                problems.append(LineageFieldProblem(field: "inputSHA256", message: "must be the SHA-256 of the raw inputs as 64 lowercase hex digits; found \(text.utf8.count) characters '\(text.prefix(16))…'"))
                return nil
            }
            return parsed
        }
        if let output { checkOutput(output, into: &problems) }
        let timestamp = time.flatMap { text -> Timestamp? in
            guard let parsed = Timestamp(text) else {
                problems.append(LineageFieldProblem(field: "time", message: "'\(text.prefix(40))' is not an RFC 3339 UTC time with milliseconds such as 2025-01-15T09:30:00.000Z"))
                return nil
            }
            return parsed
        }
        let subjectKey = subject.flatMap { text -> SubjectKey? in
            guard let parsed = SubjectKey(rawValue: text) else {
                problems.append(LineageFieldProblem(field: "subject", message: "not a subject key: use \(SubjectKey.rule) (a pseudonym, never a name or account number)"))
                return nil
            }
            return parsed
        }
        guard problems.isEmpty, let predictionId, let model, let version, let featureSet, let digest, let output, let timestamp else {
            return .failure(LineageRecordRejection(problems))
        }
        return .success(PredictionRecord(
            checkedID: predictionId, model: model, version: version, featureSet: featureSet, inputSHA256: digest,
            output: output, time: timestamp, subject: subjectKey))
    }

    /// Creates a record from parts that passed every check.
    init(
        checkedID: PredictionID, model: String, version: String, featureSet: String, inputSHA256: SHA256Digest,
        output: Output, time: Timestamp, subject: SubjectKey?
    ) {
        self.predictionId = checkedID
        self.model = model
        self.version = version
        self.featureSet = featureSet
        self.inputSHA256 = inputSHA256
        self.output = output
        self.time = time
        self.subject = subject
    }

    private static func parseOutput(_ value: JSONValue, into problems: inout [LineageFieldProblem]) -> Output? {
        guard case .object(let object) = value else {
            problems.append(LineageFieldProblem(field: "output", message: "must be an object with score, label and/or reasonCodes"))
            return nil
        }
        var output = Output()
        var ok = true
        for key in object.keys where !outputMembers.contains(key) {
            problems.append(LineageFieldProblem(field: "output.\(key)", message: "unknown member; output has only label, reasonCodes and score"))
            ok = false
        }
        if let score = object["score"] {
            if let number = score.numberValue { output.score = number } else {
                problems.append(LineageFieldProblem(field: "output.score", message: "must be a number"))
                ok = false
            }
        }
        if let label = object["label"] {
            if let text = label.stringValue { output.label = text } else {
                problems.append(LineageFieldProblem(field: "output.label", message: "must be a string"))
                ok = false
            }
        }
        if let codes = object["reasonCodes"] {
            if let array = codes.arrayValue, array.allSatisfy({ $0.stringValue != nil }) {
                output.reasonCodes = array.compactMap(\.stringValue)
            } else {
                problems.append(LineageFieldProblem(field: "output.reasonCodes", message: "must be an array of strings"))
                ok = false
            }
        }
        return ok ? output : nil
    }

    static func checkModel(_ model: String, into problems: inout [LineageFieldProblem]) {
        // A stream name is ASCII, so a byte search for '/' is enough.
        guard model.utf8.count <= maxModelLength, !model.utf8.contains(UInt8(ascii: "/")), StreamName(rawValue: model) != nil else {
            problems.append(LineageFieldProblem(field: "model", message: "'\(model.prefix(40))' is not a model name: use 1 to \(maxModelLength) bytes, starting with a-z or 0-9 and continuing with a-z, 0-9, '.', '_' or '-' (the name after model/ in the registry)"))
            return
        }
    }

    static func checkVersion(_ version: String, into problems: inout [LineageFieldProblem]) {
        if !SemverSyntax.isValid(version) {
            problems.append(LineageFieldProblem(field: "version", message: "'\(version.prefix(40))' is not a semantic version such as 3.2.0 or 1.0.0-rc.1"))
        }
    }

    static func checkOutput(_ output: Output, into problems: inout [LineageFieldProblem]) {
        if output.score == nil, output.label == nil {
            problems.append(LineageFieldProblem(field: "output", message: "needs a score or a label"))
        }
        if let score = output.score, !score.isFinite {
            problems.append(LineageFieldProblem(field: "output.score", message: "must be a finite number"))
        }
        if let label = output.label { checkText(label, field: "output.label", max: maxTextLength, into: &problems) }
        if let codes = output.reasonCodes {
            if codes.isEmpty || codes.count > maxReasonCodes {
                problems.append(LineageFieldProblem(field: "output.reasonCodes", message: "holds 1 to \(maxReasonCodes) codes; omit it when there are none"))
            }
            for code in codes {
                checkText(code, field: "output.reasonCodes", max: maxReasonCodeLength, into: &problems)
                if containsSemicolon(code) {
                    problems.append(LineageFieldProblem(field: "output.reasonCodes", message: "a reason code cannot contain ';' (the CSV separator of codes)"))
                }
            }
        }
    }

    /// Whether `code` holds a character equal to ';' as Swift compares characters (U+037E GREEK
    /// QUESTION MARK is canonically equivalent to it): a byte search for ASCII text, where each
    /// byte is its own character.
    static func containsSemicolon(_ code: String) -> Bool {
        let inASCII = code.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            bytes.allSatisfy { $0 < 0x80 } ? bytes.contains(UInt8(ascii: ";")) : nil
        }
        if let inASCII, let found = inASCII { return found }
        return code.contains(";")
    }

    /// Text fields: 1 to `max` bytes, no control characters, no leading or trailing whitespace.
    static func checkText(_ text: String, field: String, max: Int, into problems: inout [LineageFieldProblem]) {
        let count = text.utf8.count
        guard count > 0, count <= max else {
            problems.append(LineageFieldProblem(field: field, message: "must be 1 to \(max) bytes, found \(count)"))
            return
        }
        // Printable ASCII without a space at either end passes without a look at scalars.
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.first != 0x20 && bytes.last != 0x20 && bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        }
        if plain == true { return }
        let scalars = text.unicodeScalars
        if scalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            problems.append(LineageFieldProblem(field: field, message: "must not contain control characters"))
        } else if scalars.first!.properties.isWhitespace || scalars.last!.properties.isWhitespace {
            problems.append(LineageFieldProblem(field: field, message: "must not start or end with whitespace"))
        }
    }
}
