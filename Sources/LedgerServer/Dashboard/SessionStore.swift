import Foundation
import LedgerCore

/// Browser sessions of the dashboard: a random session id in an HttpOnly, SameSite=Strict cookie
/// maps to the principal and role of the token used to log in, and to a CSRF token that every
/// form must send back. Sessions live in memory and end at logout, after ``lifetime`` seconds,
/// or when the server stops.
actor SessionStore {
    struct Session: Sendable {
        let identity: APIIdentity
        let csrf: String
        let expires: Date
    }

    let lifetime: TimeInterval
    private var sessions: [String: Session] = [:]

    init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    /// Opens a session; returns its id and CSRF token.
    func open(_ identity: APIIdentity) throws -> (id: String, csrf: String) {
        let now = Date()
        sessions = sessions.filter { $0.value.expires > now }
        let id = Hex.encode(try RandomSource.system.bytes(count: 32))
        let csrf = Hex.encode(try RandomSource.system.bytes(count: 32))
        sessions[id] = Session(identity: identity, csrf: csrf, expires: now.addingTimeInterval(lifetime))
        return (id, csrf)
    }

    /// The live session with this id.
    func session(_ id: String) -> Session? {
        guard let session = sessions[id] else { return nil }
        guard session.expires > Date() else {
            sessions[id] = nil
            return nil
        }
        return session
    }

    func close(_ id: String) {
        sessions[id] = nil
    }

    /// Whether two secrets are equal, in time that does not depend on where they differ.
    nonisolated static func same(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}

/// Reads an `application/x-www-form-urlencoded` body.
struct FormBody {
    let fields: [String: String]

    init(bytes: [UInt8]) throws {
        var fields: [String: String] = [:]
        for pair in String(decoding: bytes, as: UTF8.self).split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                throw APIError.badRequest("The form is not valid URL-encoded text.")
            }
            guard fields[name] == nil else { throw APIError.badRequest("The form repeats the field '\(name.prefix(32))'.") }
            fields[name] = value
        }
        self.fields = fields
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    subscript(name: String) -> String? { fields[name] }

    /// A required field, trimmed, not empty.
    func required(_ name: String, _ label: String) throws -> String {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
            throw APIError.badRequest("\(label) is required.")
        }
        return value
    }
}

/// Reads the cookies a browser sent.
enum Cookies {
    static func value(_ name: String, in header: String?) -> String? {
        guard let header else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == name { return String(pair[1]) }
        }
        return nil
    }
}
