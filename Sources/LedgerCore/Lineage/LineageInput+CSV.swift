extension LineageInput {
    /// The CSV columns, as the header row names them. `output.reasonCodes` holds the codes
    /// separated by `;`. An empty cell means the member is absent.
    public static let csvColumns = [
        "predictionId", "model", "version", "featureSet", "inputSHA256", "output.score", "output.label",
        "output.reasonCodes", "time", "subject",
    ]
    /// The columns a CSV header must name; of `output.score` and `output.label` at least one.
    public static let requiredCSVColumns = ["predictionId", "model", "version", "featureSet", "inputSHA256", "time"]

    /// Reads RFC 4180 CSV: a header row, then one record per row; fields separated by `,`, rows
    /// by LF or CRLF, `"`-quoted fields may hold `,`, `"` (doubled) and line breaks. A UTF-8 byte
    /// order mark before the header is skipped (spreadsheets write one).
    ///
    /// - Throws: ``LedgerError`` `.malformedInput` when the header lacks required columns (naming
    ///   them), names an unknown or repeated column, or the file is empty.
    public static func readCSV(_ bytes: [UInt8]) throws(LedgerError) -> LineageInput {
        var reader = CSVReader(bytes)
        guard let header = reader.nextRow() else {
            throw LedgerError(.malformedInput, "The CSV file is empty: its first row must name the columns \(csvColumns.joined(separator: ",")).")
        }
        if let error = header.error {
            throw LedgerError(.malformedInput, "The CSV header row is malformed: \(error).")
        }
        let names = header.fields.map { String(decoding: $0, as: UTF8.self) }
        var column: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            guard csvColumns.contains(name) else {
                throw LedgerError(.malformedInput, "The CSV header names an unknown column '\(name.prefix(40))'; the columns are \(csvColumns.joined(separator: ", ")).")
            }
            guard column[name] == nil else {
                throw LedgerError(.malformedInput, "The CSV header names the column '\(name)' twice.")
            }
            column[name] = index
        }
        var missing = requiredCSVColumns.filter { column[$0] == nil }
        if column["output.score"] == nil, column["output.label"] == nil { missing.append("output.score or output.label") }
        guard missing.isEmpty else {
            throw LedgerError(.malformedInput, "The CSV header lacks the column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")); the columns are \(csvColumns.joined(separator: ", ")) (see docs/lineage.md). Nothing was written.")
        }
        var input = LineageInput()
        // Each record is prepared as it is read, as the JSON Lines reader does.
        var arena = CanonicalArena()
        let hasher = SHA256Hasher()
        while let row = reader.nextRow() {
            if let error = row.error {
                input.problems.append(LineageProblem(line: row.line, reasons: [LineageFieldProblem(field: "", message: error)]))
                if row.fatal { break }
                continue
            }
            if row.fields.count == 1, row.fields[0].isEmpty { continue }  // a blank line
            guard row.fields.count == names.count else {
                input.problems.append(LineageProblem(line: row.line, reasons: [LineageFieldProblem(field: "", message: "the row has \(row.fields.count) fields but the header names \(names.count) columns")]))
                continue
            }
            var problems: [LineageFieldProblem] = []
            func cell(_ name: String) -> String? {
                guard let index = column[name], !row.fields[index].isEmpty else { return nil }
                guard let text = String(validating: row.fields[index], as: UTF8.self) else {
                    problems.append(LineageFieldProblem(field: name, message: "is not valid UTF-8; save the file as UTF-8"))
                    return nil
                }
                return text
            }
            func required(_ name: String) -> String? {
                let value = cell(name)
                if value == nil, column[name] != nil, row.fields[column[name]!].isEmpty {
                    problems.append(LineageFieldProblem(field: name, message: "missing (the cell is empty)"))
                }
                return value
            }
            let id = required("predictionId")
            let model = required("model")
            let version = required("version")
            let featureSet = required("featureSet")
            let input256 = required("inputSHA256")
            let time = required("time")
            let subject = cell("subject")
            var output = PredictionRecord.Output()
            if let score = cell("output.score") {
                if case .number(let number)? = try? JSONValue.parse(Array(score.utf8)) {
                    output.score = number
                } else {
                    problems.append(LineageFieldProblem(field: "output.score", message: "'\(score.prefix(40))' is not a JSON number such as 0.93 or 1e-3"))
                }
            }
            output.label = cell("output.label")
            if let codes = cell("output.reasonCodes") {
                output.reasonCodes = codes.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
                if output.reasonCodes!.contains(where: \.isEmpty) {
                    problems.append(LineageFieldProblem(field: "output.reasonCodes", message: "has an empty code; separate codes with a single ';' and no ';' at either end"))
                }
            }
            switch PredictionRecord.build(
                id: id, model: model, version: version, featureSet: featureSet, input: input256, output: output, time: time,
                subject: subject, problems: problems)
            {
            case .success(let record):
                input.records.append(LineageInputRecord(line: row.line, record: record, arena: &arena, hasher: hasher))
            case .failure(let reasons): input.problems.append(LineageProblem(line: row.line, predictionId: id, reasons: reasons.problems))
            }
        }
        return input
    }
}

/// An RFC 4180 reader over bytes that remembers the line each row starts on.
struct CSVReader {
    struct Row {
        var line: Int
        var fields: [ArraySlice<UInt8>] = []
        var error: String?
        /// The rest of the file cannot be read (an unterminated quote).
        var fatal = false
    }

    let bytes: [UInt8]
    var position = 0
    var line = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// The next row, or `nil` at the end of the file.
    mutating func nextRow() -> Row? {
        guard position < bytes.count else { return nil }
        var row = Row(line: line)
        while true {
            // One field.
            if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                position += 1
                var value: [UInt8] = []
                var closed = false
                while position < bytes.count {
                    let byte = bytes[position]
                    position += 1
                    if byte == UInt8(ascii: "\"") {
                        if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                            value.append(byte)
                            position += 1
                        } else {
                            closed = true
                            break
                        }
                    } else {
                        if byte == 0x0A { line += 1 }
                        value.append(byte)
                    }
                }
                guard closed else {
                    row.error = "a quoted field is not closed before the end of the file"
                    row.fatal = true
                    return row
                }
                row.fields.append(value[...])
                if position < bytes.count, bytes[position] != UInt8(ascii: ","), bytes[position] != 0x0A, bytes[position] != 0x0D {
                    row.error = "text follows a closing quote; a quote inside a quoted field is written as two quotes"
                    skipToEndOfLine()
                    return row
                }
            } else {
                let start = position
                while position < bytes.count, bytes[position] != UInt8(ascii: ","), bytes[position] != 0x0A {
                    if bytes[position] == UInt8(ascii: "\"") {
                        row.error = "a quote inside an unquoted field; quote the whole field and double the quote"
                        skipToEndOfLine()
                        return row
                    }
                    position += 1
                }
                var end = position
                if end > start, bytes[end - 1] == 0x0D, position == bytes.count || bytes[position] == 0x0A { end -= 1 }
                row.fields.append(bytes[start..<end])
            }
            // What ends the field.
            if position >= bytes.count { return row }
            if bytes[position] == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if bytes[position] == 0x0D { position += 1 }
            if position < bytes.count, bytes[position] == 0x0A {
                position += 1
                line += 1
            }
            return row
        }
    }

    private mutating func skipToEndOfLine() {
        while position < bytes.count, bytes[position] != 0x0A { position += 1 }
        if position < bytes.count {
            position += 1
            line += 1
        }
    }
}
