import Foundation
import Governance
import LedgerCore
import Testing

/// The shipped policy and ways to derive variants of it.
enum PolicyFixtures {
    /// The repository root, found from this file's path (Tests/GovernanceTests/<file>).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The text of compliance/policy.yaml.
    static func shippedYAML() throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent("compliance/policy.yaml"), encoding: .utf8)
    }

    /// The shipped policy, loaded.
    static func shippedPolicy() throws -> Policy {
        try PolicyLoader.load(yaml: shippedYAML())
    }

    /// The canonical JSON text of the shipped policy (itself a valid policy document).
    static func shippedJSON() throws -> JSONValue {
        try shippedPolicy().canonicalJSON
    }

    /// `value` as a JSON document text.
    static func text(_ value: JSONValue) -> String {
        String(decoding: value.canonicalBytes(), as: UTF8.self)
    }

    /// The shipped YAML with `original` replaced by `replacement`; `original` must occur once.
    static func shippedYAML(replacing original: String, with replacement: String) throws -> String {
        let yaml = try shippedYAML()
        let parts = yaml.components(separatedBy: original)
        try #require(parts.count == 2, "'\(original)' must occur exactly once in compliance/policy.yaml")
        return parts.joined(separator: replacement)
    }
}

/// One change to a JSON document: set (or, with `nil`, remove) the value at a path of object
/// keys and array indices.
struct JSONEdit: Sendable, CustomStringConvertible {
    let path: [String]
    let value: JSONValue?

    var description: String { path.joined(separator: "/") + " = " + (value.map(\.description) ?? "(removed)") }

    func applied(to document: JSONValue) throws -> JSONValue {
        try Self.set(path[...], value, in: document)
    }

    private static func set(_ path: ArraySlice<String>, _ value: JSONValue?, in node: JSONValue) throws -> JSONValue {
        guard let key = path.first else { return try #require(value) }
        switch node {
        case .object(var object):
            let rest = path.dropFirst()
            if rest.isEmpty {
                object[key] = value
            } else {
                object[key] = try set(rest, value, in: try #require(object[key], "no key \(key)"))
            }
            return .object(object)
        case .array(var array):
            let index = try #require(Int(key), "\(key) is not an index")
            try #require(array.indices.contains(index), "index \(index) out of range")
            let rest = path.dropFirst()
            if rest.isEmpty, value == nil {
                array.remove(at: index)
            } else {
                array[index] = try set(rest, value, in: array[index])
            }
            return .array(array)
        default:
            Issue.record("cannot descend into \(node) at \(key)")
            return node
        }
    }
}
