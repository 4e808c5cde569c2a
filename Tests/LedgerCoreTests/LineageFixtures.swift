import LedgerCore

/// Prediction records for lineage tests.
enum LineageFixtures {
    static let hash = String(repeating: "ab", count: 32)

    /// One record as a JSON Lines line; `overrides` replace or (with `nil`) remove members.
    static func line(_ id: String, model: String = "fraud", subject: String? = nil, time: String = "2025-01-15T09:30:00.000Z",
                     extra: String = "") -> String {
        let subjectPart = subject.map { #","subject":"\#($0)""# } ?? ""
        return #"{"predictionId":"\#(id)","model":"\#(model)","version":"3.2.0","featureSet":"fraud-features@1.4.0","inputSHA256":"\#(hash)","output":{"score":0.93,"label":"deny","reasonCodes":["R1","R7"]},"time":"\#(time)"\#(subjectPart)\#(extra)}"#
    }

    static func input(_ lines: [String]) -> LineageInput {
        LineageInput.readJSONLines(Array(lines.joined(separator: "\n").utf8))
    }

    static let clock = LedgerClock.fixed(Timestamp("2025-01-15T10:00:00.000Z")!)
}
