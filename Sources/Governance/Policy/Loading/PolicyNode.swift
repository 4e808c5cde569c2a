internal import Yams

/// A YAML node of a policy document together with its key path and the decoding context.
///
/// Every reader reports its own problem (naming the path) and returns `nil` on failure, so that
/// decoding goes on and one pass finds every problem in the document.
struct PolicyNode {
    let node: Node
    let path: PolicyPath
    let context: PolicyDecodingContext

    /// The 1-based line of the node.
    var line: Int? { node.mark?.line }

    /// Records a problem at this node.
    func report(_ message: String) {
        context.report(path, line: line, message)
    }

    /// A node below this one.
    func child(_ node: Node, at path: PolicyPath) -> PolicyNode {
        PolicyNode(node: node, path: path, context: context)
    }

    /// Whether the node is YAML null (`null`, `~` or empty).
    var isNull: Bool {
        if case .scalar = node { return node.tagName == .null }
        return false
    }

    /// How the node reads to a person: "the string "abc"", "a list", …
    var kindDescription: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            let text = scalar.string.count > 40 ? scalar.string.prefix(40) + "…" : Substring(scalar.string)
            switch node.tagName {
            case .null: return "null"
            case .bool: return "the boolean \(text)"
            case .int: return "the integer \(text)"
            case .float: return "the number \(text)"
            case .str: return "the string \"\(text)\""
            default: return "the \(node.tagName.rawValue) value \(text)"
            }
        }
    }

    /// Reports a mapping key (this node) that is not a plain name.
    func reportBadKey() {
        if node.tagName == .merge {
            context.report(path.key("<<"), line: line, "merge keys ('<<') are not supported; write the keys out in full")
        } else {
            report("keys must be plain names, found \(kindDescription)")
        }
    }

    /// Reports that the node is not what the key needs.
    func reportType(_ expected: String, hint: String = "") {
        report("expected \(expected), found \(kindDescription)\(hint)")
    }

    /// The node's mapping members, read through ``PolicyFields``.
    func fields() -> PolicyFields? {
        PolicyFields(self)
    }

    /// The elements of a list node.
    func elements() -> [PolicyNode]? {
        guard case .sequence(let sequence) = node else {
            reportType("a list")
            return nil
        }
        return sequence.enumerated().map { child($0.element, at: path.index($0.offset)) }
    }

    /// The members of a mapping whose keys are names chosen by the author (suites, roles, tiers),
    /// in document order, with string keys.
    func entries() -> [(key: String, node: PolicyNode)]? {
        guard case .mapping(let mapping) = node else {
            reportType("a mapping")
            return nil
        }
        var result: [(key: String, node: PolicyNode)] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key, key.tagName == .str || key.tagName == .int else {
                child(key, at: path).reportBadKey()
                continue
            }
            result.append((scalar.string, child(value, at: path.key(scalar.string))))
        }
        return result
    }

    /// A list whose every element reads successfully; `nil` if the node or any element fails.
    func list<T>(_ element: (PolicyNode) -> T?) -> [T]? {
        guard let nodes = elements() else { return nil }
        var values: [T] = []
        var failed = false
        for node in nodes {
            if let value = element(node) { values.append(value) } else { failed = true }
        }
        return failed ? nil : values
    }

    /// A list of distinct elements; a repeated element is reported at its position.
    func uniqueList<T: Hashable>(_ element: (PolicyNode) -> T?) -> [T]? {
        guard let nodes = elements() else { return nil }
        var values: [T] = []
        var seen: Set<T> = []
        var failed = false
        for node in nodes {
            guard let value = element(node) else { failed = true; continue }
            if seen.insert(value).inserted {
                values.append(value)
            } else {
                node.report("'\(value)' is listed twice; list each once")
                failed = true
            }
        }
        return failed ? nil : values
    }
}

extension Node {
    /// The resolved tag's name (plain scalars resolved by the YAML 1.1 core rules, quoted ones `str`).
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }
}
