public import LedgerCore
internal import Yams

/// Loads and validates a policy document written in YAML.
///
/// Loading is pure: the caller reads the file. Validation is strict and complete: an unknown key,
/// a value of the wrong type, a missing required key, an impossible value (a quorum above the
/// board size, a negative threshold, a rate outside 0…1, a PSI outside 0…10, a duplicate tier,
/// a transition naming an unknown stage, a required suite that is not defined) is a problem, and
/// one pass reports every problem, each with its full key path and line.
///
/// ```swift
/// let text = try String(contentsOfFile: "compliance/policy.yaml", encoding: .utf8)
/// do {
///     let policy = try PolicyLoader.load(yaml: text)
/// } catch {
///     print(error.message) // tiers[1].approval.board.quorum: 6 exceeds board size 5; … (line 37)
/// }
/// ```
public enum PolicyLoader {
    /// Parses and validates a policy.
    ///
    /// - Parameter yaml: the document's text (a single YAML document; JSON is accepted too).
    /// - Returns: the policy.
    /// - Throws: ``LedgerError`` with code `.malformedInput` when the text is not YAML, or
    ///   `.invalidField` when it breaks the policy's rules. The message lists every problem, one
    ///   per line, in document order; the first line is the first problem.
    public static func load(yaml: String) throws(LedgerError) -> Policy {
        switch decode(yaml: yaml) {
        case .success(let policy):
            return policy
        case .failure(let failure):
            let lines = failure.problems.map(\.description)
            let message = lines.count == 1
                ? lines[0]
                : lines[0] + "\n" + "and \(lines.count - 1) more problem\(lines.count == 2 ? "" : "s"):\n" + lines.dropFirst().joined(separator: "\n")
            throw LedgerError(failure.isSyntax ? .malformedInput : .invalidField, message)
        }
    }

    /// Every problem of a policy document, in document order; empty when it is valid.
    public static func problems(in yaml: String) -> [PolicyProblem] {
        switch decode(yaml: yaml) {
        case .success: []
        case .failure(let failure): failure.problems
        }
    }

    struct Failure: Error {
        let problems: [PolicyProblem]
        let isSyntax: Bool
    }

    static func decode(yaml: String) -> Result<Policy, Failure> {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                return .failure(Failure(problems: [PolicyProblem(path: "", message: "the document is empty; start from compliance/policy.yaml", line: nil)], isSyntax: true))
            }
            root = node
        } catch {
            return .failure(Failure(problems: [syntaxProblem(error)], isSyntax: true))
        }
        let context = PolicyDecodingContext()
        let policy = Policy.decode(PolicyNode(node: root, path: .root, context: context))
        let problems = context.sortedProblems
        guard problems.isEmpty, let policy else {
            let reported = problems.isEmpty ? [PolicyProblem(path: "", message: "the policy could not be read", line: nil)] : problems
            return .failure(Failure(problems: reported, isSyntax: false))
        }
        return .success(policy)
    }

    /// A YAML parser error as a problem; never quotes more of the document than the parser did.
    static func syntaxProblem(_ error: any Error) -> PolicyProblem {
        guard let error = error as? YamlError else {
            return PolicyProblem(path: "", message: "not valid YAML: \(error)", line: nil)
        }
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
            let detail = context.map { "\($0.text) (line \($0.mark.line)): " } ?? ""
            return PolicyProblem(path: "", message: "not valid YAML: \(detail)\(problem), column \(mark.column)", line: mark.line)
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return PolicyProblem(path: "", message: "the key \(keys) appears twice in one mapping; keep one", line: context.mark.line)
        case let .reader(problem, _, _, _):
            return PolicyProblem(path: "", message: "not valid text: \(problem); save the file as UTF-8", line: nil)
        default:
            return PolicyProblem(path: "", message: "not valid YAML: \(error)", line: nil)
        }
    }
}
