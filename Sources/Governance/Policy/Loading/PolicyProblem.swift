/// One thing wrong with a policy document: where it is and what would fix it.
///
/// ``path`` is the full key path in the document's own terms, such as
/// `tiers[1].approval.board.quorum` (tiers are addressed by their number, lists by their 0-based
/// index), or empty for the document as a whole. ``line`` is the 1-based line of the YAML node
/// concerned, where the parser reported one.
///
/// ```swift
/// for problem in PolicyLoader.problems(in: yaml) { print(problem) }
/// // tiers[1].approval.board.quorum: 6 exceeds board size 5; lower the quorum or enlarge the board (line 37)
/// ```
public struct PolicyProblem: Hashable, Sendable, CustomStringConvertible {
    /// The full key path, or an empty string for the whole document.
    public let path: String
    /// What is wrong and what to do about it.
    public let message: String
    /// The 1-based line of the node concerned, if known.
    public let line: Int?

    /// Creates a problem.
    public init(path: String, message: String, line: Int?) {
        self.path = path
        self.message = message
        self.line = line
    }

    /// `path: message (line N)`; the path and the line are left out when unknown.
    public var description: String {
        let located = path.isEmpty ? message : "\(path): \(message)"
        guard let line else { return located }
        return "\(located) (line \(line))"
    }
}

/// A key path inside a policy document, rendered as `tiers[1].approval.board.quorum`.
struct PolicyPath: Hashable, Sendable, CustomStringConvertible {
    /// The rendered path; empty for the document root.
    let description: String

    /// The document root.
    static let root = PolicyPath(description: "")

    /// The path of the member `key` of the mapping at this path.
    func key(_ key: String) -> PolicyPath {
        PolicyPath(description: description.isEmpty ? key : "\(description).\(key)")
    }

    /// The path of element `index` of the list at this path (or of tier `index` under `tiers`).
    func index(_ index: Int) -> PolicyPath {
        PolicyPath(description: "\(description)[\(index)]")
    }
}

/// Collects the problems found while decoding one document, plus the names defined so far so
/// that references (a tier's suites, a sign-off's role) are checked where they are written.
final class PolicyDecodingContext {
    /// Every problem found, in the order found.
    private(set) var problems: [PolicyProblem] = []
    /// The suites defined under `validation.suites`, once decoded.
    var suites: Set<SuiteName>?
    /// The roles defined under `roles`, once decoded.
    var roles: Set<RoleName>?

    /// Records a problem.
    func report(_ path: PolicyPath, line: Int?, _ message: String) {
        problems.append(PolicyProblem(path: path.description, message: message, line: line))
    }

    /// The problems in document order: by line, then in the order found; unlocated ones last.
    var sortedProblems: [PolicyProblem] {
        problems.enumerated().sorted { a, b in
            switch (a.element.line, b.element.line) {
            case let (x?, y?) where x != y: x < y
            case (.some, nil): true
            case (nil, .some): false
            default: a.offset < b.offset
            }
        }.map(\.element)
    }
}
