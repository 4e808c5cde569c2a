import Foundation
import Hummingbird
import LedgerCore
import NIOCore

/// The parameters of an MLflow API request: the query string of a GET, the JSON body of the
/// other methods (as the `mlflow` client sends them). Members MLflow defines but govledger
/// does not use are ignored, as MLflow's server does.
struct MLflowRequest {
    private let object: JSONObject
    private let query: [String: [String]]

    static func read(_ request: Request, maxBodyBytes: Int) async throws -> MLflowRequest {
        if request.method == .get {
            return MLflowRequest(object: JSONObject(), query: try Self.formDecoded(request.uri.query ?? ""))
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch {
            throw MLflowError(.contentTooLarge, "INVALID_PARAMETER_VALUE", "The request body is larger than \(maxBodyBytes) bytes.")
        }
        let bytes = Array(buffer.readableBytesView)
        if bytes.isEmpty { return MLflowRequest(object: JSONObject(), query: [:]) }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw MLflowError.invalid("The body is not valid JSON: \(error.message)")
        }
        guard case .object(let object) = value else { throw MLflowError.invalid("The body must be a JSON object.") }
        return MLflowRequest(object: object, query: [:])
    }

    /// The parameters of a query string as HTML forms (and Python's `requests`) encode them:
    /// `+` is a space, `%XX` a byte.
    static func formDecoded(_ query: String) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) throws -> String {
                guard let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw MLflowError.invalid("The query parameter '\(text.prefix(60))' is not valid percent-encoding.")
                }
                return decoded
            }
            let key = try decode(parts[0])
            let value = parts.count == 2 ? try decode(parts[1]) : ""
            result[key, default: []].append(value)
        }
        return result
    }

    init(object: JSONObject, query: [String: [String]]) {
        self.object = object
        self.query = query
    }

    func optionalString(_ key: String) throws -> String? {
        if let values = query[key] { return values.last }
        guard let value = object[key], value != .null else { return nil }
        if let text = value.stringValue { return text }
        if let number = value.intValue { return String(number) }
        throw MLflowError.invalid("Parameter '\(key)' must be a string.")
    }

    func string(_ key: String) throws -> String {
        guard let value = try optionalString(key), !value.isEmpty else {
            throw MLflowError.invalid("Missing value for required parameter '\(key)'.")
        }
        return value
    }

    func optionalInt(_ key: String) throws -> Int? {
        guard let text = try optionalString(key) else { return nil }
        guard let number = Int(text) else { throw MLflowError.invalid("Parameter '\(key)' must be an integer, not '\(text.prefix(40))'.") }
        return number
    }

    func optionalBool(_ key: String) throws -> Bool? {
        if let values = query[key], let last = values.last { return last.lowercased() == "true" }
        guard let value = object[key], value != .null else { return nil }
        guard let flag = value.boolValue else { throw MLflowError.invalid("Parameter '\(key)' must be true or false.") }
        return flag
    }

    /// A repeated string parameter (`stages`, `order_by`).
    func strings(_ key: String) throws -> [String] {
        if let values = query[key] { return values }
        guard let value = object[key], value != .null else { return [] }
        guard let array = value.arrayValue else { throw MLflowError.invalid("Parameter '\(key)' must be a list of strings.") }
        return try array.map { element in
            guard let text = element.stringValue else { throw MLflowError.invalid("Parameter '\(key)' must be a list of strings.") }
            return text
        }
    }

    /// `tags`: a list of `{"key": …, "value": …}`, in order.
    func tags() throws -> [(key: String, value: String)] {
        guard let value = object["tags"], value != .null else { return [] }
        guard let array = value.arrayValue else { throw MLflowError.invalid("Parameter 'tags' must be a list of {\"key\", \"value\"} objects.") }
        return try array.map { element in
            guard let tag = element.objectValue, let key = tag["key"]?.stringValue, !key.isEmpty else {
                throw MLflowError.invalid("Each tag needs a non-empty 'key' string and a 'value' string.")
            }
            let value = tag["value"]
            guard value == nil || value == .null || value?.stringValue != nil else {
                throw MLflowError.invalid("The value of tag '\(key.prefix(80))' must be a string.")
            }
            return (key, value?.stringValue ?? "")
        }
    }
}
