import LedgerCore

/// A JSON request body: one object whose members are all known to the endpoint.
///
/// Parsing is strict (LedgerCore's parser: no duplicate keys, no trailing data). An unknown
/// member is refused rather than ignored, so a misspelt optional field never silently drops.
struct RequestObject {
    let object: JSONObject

    init(bytes: [UInt8], allowed: Set<String>) throws {
        guard !bytes.isEmpty else { throw APIError.badRequest("The request needs a JSON object body.") }
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            throw APIError.badRequest("The body is not valid JSON: \(error.message)")
        }
        guard case .object(let object) = value else { throw APIError.badRequest("The body must be a JSON object.") }
        if let unknown = object.map(\.key).first(where: { !allowed.contains($0) }) {
            throw APIError.badRequest("Unknown field '\(unknown.prefix(64))'; the fields are: \(allowed.sorted().joined(separator: ", ")).")
        }
        self.object = object
    }

    func string(_ key: String) throws -> String {
        guard let value = try optionalString(key) else { throw APIError.badRequest("Field '\(key)' is required (a string).") }
        return value
    }

    func optionalString(_ key: String) throws -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard let text = value.stringValue else { throw APIError.badRequest("Field '\(key)' must be a string.") }
        return text
    }

    func int(_ key: String) throws -> Int {
        guard let value = object[key] else { throw APIError.badRequest("Field '\(key)' is required (an integer).") }
        guard let number = value.intValue else { throw APIError.badRequest("Field '\(key)' must be an integer.") }
        return number
    }

    func jsonObject(_ key: String) throws -> JSONObject {
        guard let value = object[key] else { throw APIError.badRequest("Field '\(key)' is required (a JSON object).") }
        guard let inner = value.objectValue else { throw APIError.badRequest("Field '\(key)' must be a JSON object.") }
        return inner
    }

    func optionalNumber(_ key: String) throws -> Double? {
        guard let value = object[key], value != .null else { return nil }
        guard let number = value.numberValue, number.isFinite else { throw APIError.badRequest("Field '\(key)' must be a number.") }
        return number
    }

    func number(_ key: String) throws -> Double {
        guard let number = try optionalNumber(key) else { throw APIError.badRequest("Field '\(key)' is required (a number).") }
        return number
    }
}
