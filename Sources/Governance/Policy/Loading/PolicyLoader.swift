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
    /// - Throws: ``LedgerError`` with code `.malformedInput` when the text is not YAML,
    ///   `.limitExceeded` when it is larger than ``maxBytes`` or expands (through aliases) to more
    ///   than ``maxNodes`` nodes, or `.invalidField` when it breaks the policy's rules. The message lists every problem, one
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
            throw LedgerError(failure.code, message)
        }
    }

    /// Every problem of a policy document, in document order; empty when it is valid.
    public static func problems(in yaml: String) -> [PolicyProblem] {
        switch decode(yaml: yaml) {
        case .success: []
        case .failure(let failure): failure.problems
        }
    }

    /// The largest document accepted, in bytes (1 MiB; the default policy is about 20 KiB).
    public static let maxBytes = 1 << 20
    /// The most YAML nodes a document may expand to, counting each use of an alias again.
    public static let maxNodes = 100_000

    struct Failure: Error {
        let problems: [PolicyProblem]
        let code: LedgerError.Code

        init(problems: [PolicyProblem], code: LedgerError.Code) {
            self.problems = problems
            self.code = code
        }

        init(_ message: String, line: Int? = nil, code: LedgerError.Code) {
            self.init(problems: [PolicyProblem(path: "", message: message, line: line)], code: code)
        }
    }

    static func decode(yaml: String) -> Result<Policy, Failure> {
        guard yaml.utf8.count <= maxBytes else {
            return .failure(Failure("the document has \(yaml.utf8.count) bytes, more than the limit of \(maxBytes); a policy is a few tens of kilobytes", code: .limitExceeded))
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                return .failure(Failure("the document is empty; start from compliance/policy.yaml", code: .malformedInput))
            }
            root = node
        } catch {
            return .failure(Failure(problems: [syntaxProblem(error)], code: .malformedInput))
        }
        var budget = maxNodes
        guard fitsBudget(root, &budget) else {
            return .failure(Failure("the document expands to more than \(maxNodes) nodes; write values out instead of repeating them through aliases (*)", code: .limitExceeded))
        }
        let context = PolicyDecodingContext()
        let policy = Policy.decode(PolicyNode(node: root, path: .root, context: context))
        let problems = context.sortedProblems
        guard problems.isEmpty, let policy else {
            let reported = problems.isEmpty ? [PolicyProblem(path: "", message: "the policy could not be read", line: nil)] : problems
            return .failure(Failure(problems: reported, code: .invalidField))
        }
        return .success(policy)
    }

    /// Counts the nodes of the tree as decoding will visit them; `false` once `budget` runs out.
    private static func fitsBudget(_ node: Node, _ budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        switch node {
        case .scalar, .alias:
            return true
        case .sequence(let sequence):
            for element in sequence where !fitsBudget(element, &budget) { return false }
            return true
        case .mapping(let mapping):
            for (key, value) in mapping where !fitsBudget(key, &budget) || !fitsBudget(value, &budget) { return false }
            return true
        }
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
