import ArgumentParser
import Foundation
import LedgerCore

struct LineageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lineage",
        abstract: "Record prediction lineage in batches, show a prediction with its proof, erase a subject.",
        discussion: "See docs/lineage.md for the record format, the CSV columns, the proofs and erasure.",
        subcommands: [Ingest.self, Show.self, Erase.self, Verify.self, Compact.self])

    /// The most bad records listed one by one; the count covers all of them.
    static let reportedProblemCap = 100

    /// Prints the bad records of a refused ingestion and fails with exit code 2.
    static func reject(_ problems: [LineageProblem], file: String, json: Bool) -> CommandFailure {
        let problems = problems.sorted { $0.line < $1.line }
        let summary = "\(file): \(problems.count) bad record\(problems.count == 1 ? "" : "s"); nothing was written."
        if json {
            Output.json([
                "ok": false, "badRecords": .int(problems.count), "written": 0,
                "problems": .array(problems.prefix(reportedProblemCap).map { problem in
                    var object: JSONObject = [
                        "line": .int(problem.line),
                        "reasons": .array(problem.reasons.map { ["field": .string($0.field), "message": .string($0.message)] }),
                    ]
                    object["predictionId"] = problem.predictionId.map { .string($0) } ?? .null
                    return .object(object)
                }),
            ])
        } else {
            Output.error(summary)
            for problem in problems.prefix(reportedProblemCap) { Output.errorVerbatim("  \(problem)") }
            if problems.count > reportedProblemCap {
                Output.errorVerbatim("  … and \(problems.count - reportedProblemCap) more bad records (the first \(reportedProblemCap) are listed).")
            }
        }
        return CommandFailure(message: summary, exitCode: 2, alreadyReported: true)
    }
}
