/// An ingestion refused as a whole because some of its records are bad: every bad record with
/// its line and reasons. Nothing of the file was written.
public struct LineageRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// The bad records, by line.
    public var problems: [LineageProblem]

    public init(problems: [LineageProblem]) {
        self.problems = problems
    }

    public var description: String {
        "\(problems.count) bad record\(problems.count == 1 ? "" : "s"); nothing was written. First: \(problems.first?.description ?? "none")"
    }
}
