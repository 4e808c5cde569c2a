internal import Yams

/// The members of a YAML mapping with a fixed set of keys, read one key at a time.
///
/// Each read names the key it asks for; ``finish()`` then reports every key that no read asked
/// for as unknown, listing the allowed keys and suggesting the closest one, so that a typo such
/// as `quorom` is never silently ignored.
final class PolicyFields {
    private let node: PolicyNode
    private var members: [(key: String, value: Node, keyNode: Node)] = []
    private var asked: [String] = []

    /// Reads the mapping at `node`, or reports that it is not a mapping.
    init?(_ node: PolicyNode) {
        guard case .mapping(let mapping) = node.node else {
            node.reportType("a mapping")
            return nil
        }
        self.node = node
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key, key.tagName == .str else {
                node.child(key, at: node.path).reportBadKey()
                continue
            }
            members.append((scalar.string, value, key))
        }
    }

    /// The path of the mapping.
    var path: PolicyPath { node.path }

    /// The mapping's node.
    var mappingNode: PolicyNode { node }

    /// Reads a key that must be present and not null.
    func required<T>(_ key: String, _ read: (PolicyNode) -> T?) -> T? {
        asked.append(key)
        guard let value = member(key) else {
            node.context.report(
                path.key(key), line: node.line,
                "is required but missing; add it (compliance/README.md documents it)")
            return nil
        }
        guard !value.isNull else {
            value.report("is required but empty (null); give it a value (compliance/README.md documents it)")
            return nil
        }
        return read(value)
    }

    /// Reads a key that may be absent or null; `nil` then.
    func optional<T>(_ key: String, _ read: (PolicyNode) -> T?) -> T? {
        asked.append(key)
        guard let value = member(key), !value.isNull else { return nil }
        return read(value)
    }

    /// The node of `key` for reporting a problem found after reading, or the mapping's node.
    func node(of key: String) -> PolicyNode {
        member(key) ?? node
    }

    /// Reports every key no read asked for.
    func finish() {
        let allowed = Set(asked)
        for member in members where !allowed.contains(member.key) {
            var message = "unknown key; allowed keys here: \(asked.sorted().joined(separator: ", "))"
            if let suggestion = Self.closest(to: member.key, in: asked) {
                message = "unknown key; did you mean '\(suggestion)'? Allowed keys here: \(asked.sorted().joined(separator: ", "))"
            }
            node.context.report(path.key(member.key), line: member.keyNode.mark?.line, message)
        }
    }

    private func member(_ key: String) -> PolicyNode? {
        guard let found = members.first(where: { $0.key == key }) else { return nil }
        return node.child(found.value, at: path.key(key))
    }

    /// The allowed key within edit distance 2 of `key`, if exactly one is closest.
    static func closest(to key: String, in candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(Array(key.utf8), Array($0.utf8))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
        return best.0
    }

    /// Levenshtein distance between two byte strings.
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[b.count]
    }
}
