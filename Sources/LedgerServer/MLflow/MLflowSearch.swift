import Governance
import LedgerCore

/// The search filters and orderings of `registered-models/search` and `model-versions/search`.
///
/// A filter is clauses joined by `AND`; each clause is `<key> <op> <value>` with
/// - keys `name`, `tag.<key>` / `tags.<key>` (the key may be in backticks), and for versions
///   also `run_id`, `source_path`, `version_number`;
/// - operators `=`, `!=`, `LIKE`, `ILIKE` (with `%` and `_` wildcards), and `IN ('a', 'b')`;
/// - values in single or double quotes (numbers bare for `version_number`).
///
/// `tag.k != 'v'` matches an entity without the tag `k`, as MLflow's stores do, so the client's
/// own `tag.`mlflow.prompt.is_prompt` != 'true'` keeps every model.
struct MLflowFilter {
    enum Operator: String { case equal = "=", notEqual = "!=", like = "LIKE", ilike = "ILIKE", isIn = "IN" }

    struct Clause {
        let key: String
        let op: Operator
        let values: [String]
    }

    let clauses: [Clause]

    /// Parses a filter; an empty or absent one matches everything.
    ///
    /// - Parameter keys: the attribute keys allowed besides tags.
    init(_ text: String?, keys: Set<String>) throws {
        var scanner = Scanner(Array((text ?? "").utf8))
        var clauses: [Clause] = []
        scanner.skipSpaces()
        while !scanner.atEnd {
            if !clauses.isEmpty {
                guard scanner.keyword("AND") else { throw Self.error(text, "expected AND between clauses") }
            }
            let key = try scanner.key(text)
            let lower = key.lowercased()
            let normalized: String
            if lower.hasPrefix("tag.") || lower.hasPrefix("tags.") {
                normalized = "tag." + key[key.index(after: key.firstIndex(of: ".")!)...].trimmingBackticks
            } else if keys.contains(lower) {
                normalized = lower
            } else {
                throw Self.error(text, "'\(key.prefix(40))' is not a searchable key; use \((keys.sorted() + ["tag.<key>"]).joined(separator: ", "))")
            }
            let op = try scanner.op(text)
            let values: [String]
            if op == .isIn {
                values = try scanner.list(text)
            } else {
                values = [try scanner.value(text)]
            }
            clauses.append(Clause(key: normalized, op: op, values: values))
            scanner.skipSpaces()
        }
        self.clauses = clauses
    }

    static func error(_ text: String?, _ problem: String) -> MLflowError {
        MLflowError.invalid("Invalid filter '\((text ?? "").prefix(200))': \(problem). docs/mlflow.md lists the supported filters.")
    }

    /// Whether an entity with these attributes and tags matches every clause.
    func matches(attributes: [String: String], tags: [String: String]) -> Bool {
        clauses.allSatisfy { clause in
            let actual = clause.key.hasPrefix("tag.") ? tags[String(clause.key.dropFirst(4))] : attributes[clause.key]
            switch clause.op {
            case .equal: return actual == clause.values[0]
            case .notEqual: return actual != clause.values[0]
            case .like: return actual.map { Self.like($0, clause.values[0], ignoreCase: false) } ?? false
            case .ilike: return actual.map { Self.like($0, clause.values[0], ignoreCase: true) } ?? false
            case .isIn: return actual.map { clause.values.contains($0) } ?? false
            }
        }
    }

    /// SQL LIKE: `%` any run of characters, `_` one character.
    static func like(_ text: String, _ pattern: String, ignoreCase: Bool) -> Bool {
        let t = Array(ignoreCase ? text.lowercased() : text)
        let p = Array(ignoreCase ? pattern.lowercased() : pattern)
        var memo: [Int: Bool] = [:]
        func match(_ i: Int, _ j: Int) -> Bool {
            let key = i * (p.count + 1) + j
            if let known = memo[key] { return known }
            let result: Bool
            if j == p.count {
                result = i == t.count
            } else if p[j] == "%" {
                result = match(i, j + 1) || (i < t.count && match(i + 1, j))
            } else {
                result = i < t.count && (p[j] == "_" || p[j] == t[i]) && match(i + 1, j + 1)
            }
            memo[key] = result
            return result
        }
        return match(0, 0)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index >= bytes.count }

        mutating func skipSpaces() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A { index += 1 }
        }

        mutating func keyword(_ word: String) -> Bool {
            skipSpaces()
            let w = Array(word.utf8)
            guard index + w.count <= bytes.count else { return false }
            let slice = bytes[index..<index + w.count].map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 32 : $0 }
            guard slice == w else { return false }
            let after = index + w.count
            guard after == bytes.count || bytes[after] == 0x20 || bytes[after] == 0x28 || bytes[after] == 0x27 || bytes[after] == 0x22 else { return false }
            index = after
            return true
        }

        mutating func key(_ text: String?) throws -> String {
            skipSpaces()
            var out: [UInt8] = []
            var inBackticks = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "`") { inBackticks.toggle() }
                else if !inBackticks, byte == 0x20 || byte == UInt8(ascii: "=") || byte == UInt8(ascii: "!") { break }
                out.append(byte)
                index += 1
            }
            guard !out.isEmpty, !inBackticks else { throw MLflowFilter.error(text, "expected a key such as name or tag.<key>") }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func op(_ text: String?) throws -> Operator {
            skipSpaces()
            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "!"), bytes[index + 1] == UInt8(ascii: "=") {
                index += 2
                return .notEqual
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                index += 1
                return .equal
            }
            for candidate in [Operator.ilike, .like, .isIn] where keyword(candidate.rawValue) { return candidate }
            throw MLflowFilter.error(text, "expected an operator: =, !=, LIKE, ILIKE or IN")
        }

        mutating func value(_ text: String?) throws -> String {
            skipSpaces()
            guard index < bytes.count else { throw MLflowFilter.error(text, "a value is missing") }
            let quote = bytes[index]
            if quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") {
                index += 1
                var out: [UInt8] = []
                while index < bytes.count, bytes[index] != quote {
                    out.append(bytes[index])
                    index += 1
                }
                guard index < bytes.count else { throw MLflowFilter.error(text, "a quoted value is not closed") }
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            var out: [UInt8] = []
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) || bytes[index] == UInt8(ascii: ".") {
                out.append(bytes[index])
                index += 1
            }
            guard !out.isEmpty else { throw MLflowFilter.error(text, "values are quoted strings, such as 'my-model'") }
            return String(decoding: out, as: UTF8.self)
        }

        mutating func list(_ text: String?) throws -> [String] {
            skipSpaces()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "(") else { throw MLflowFilter.error(text, "IN needs a list such as ('a', 'b')") }
            index += 1
            var values: [String] = []
            while true {
                values.append(try value(text))
                skipSpaces()
                guard index < bytes.count else { throw MLflowFilter.error(text, "the IN list is not closed") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: ")") { index += 1; break }
                throw MLflowFilter.error(text, "expected ',' or ')' in the IN list")
            }
            return values
        }
    }
}

extension Substring {
    var trimmingBackticks: String {
        var text = String(self)
        if text.hasPrefix("`"), text.hasSuffix("`"), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        return text
    }
}

/// Pagination of searches: the page token is the decimal offset of the next result.
struct MLflowPage {
    let offset: Int
    let limit: Int

    init(_ request: MLflowRequest, defaultLimit: Int, maxLimit: Int) throws {
        let limit = try request.optionalInt("max_results") ?? defaultLimit
        guard (1...maxLimit).contains(limit) else {
            throw MLflowError.invalid("Invalid value \(limit) for parameter 'max_results' supplied: it must be from 1 to \(maxLimit).")
        }
        self.limit = limit
        if let token = try request.optionalString("page_token"), !token.isEmpty {
            guard let offset = Int(token), offset >= 0 else {
                throw MLflowError.invalid("Invalid page token '\(token.prefix(40))': pass the next_page_token of the previous page.")
            }
            self.offset = offset
        } else {
            offset = 0
        }
    }

    /// One page of `items` and the token of the next page, if any.
    func slice<T>(_ items: [T]) -> ([T], String?) {
        guard offset < items.count else { return ([], nil) }
        let end = min(items.count, offset + limit)
        return (Array(items[offset..<end]), end < items.count ? String(end) : nil)
    }
}
