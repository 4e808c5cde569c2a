import Foundation
public import Hummingbird
public import LedgerCore
import NIOCore

/// An error the API answers with: an HTTP status and the JSON body
/// `{"error": {"code": "...", "message": "...", "rule": "..."}}` (`rule` only for rule rejections).
///
/// Everything thrown by a handler goes through ``init(_:)``, so a ``LedgerError`` maps to its
/// status in one place: malformed input 400, a rule rejection 422, a stream conflict 409, a
/// limit 413. Messages never carry tokens or payloads.
public struct APIError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    /// A stable machine-readable code, such as `rule_violation`.
    public let code: String
    /// What went wrong and what to do about it.
    public let message: String
    /// The governance rule that refused the command, for 422 rule rejections.
    public let rule: String?
    /// Extra response headers, such as `WWW-Authenticate`.
    public let headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, _ message: String, rule: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.rule = rule
        self.headers = headers
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, code: "bad_request", message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, code: "not_found", message) }
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, code: "forbidden", message) }
    static func serviceUnavailable(_ message: String) -> APIError { APIError(.serviceUnavailable, code: "unavailable", message) }
    static func unauthorized(_ message: String) -> APIError {
        APIError(.unauthorized, code: "unauthorized", message, headers: [.wwwAuthenticate: "Bearer"])
    }
    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "payload_too_large", "The request body is larger than \(limit) bytes; send a smaller body.")
    }

    /// The API error for anything a handler threw.
    public init(_ error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as LedgerError:
            self = APIError(ledger: error)
        case let error as HTTPError where error.status == .contentTooLarge:
            self = APIError(.contentTooLarge, code: "payload_too_large", "The request body is too large; send a smaller body.")
        case let error as HTTPError where error.status == .notFound:
            self = APIError.notFound("No route matches this method and path; GET /openapi.json lists the routes.")
        case let error as HTTPError:
            self = APIError(error.status, code: "http_\(error.status.code)", error.body ?? error.status.reasonPhrase)
        default:
            self = APIError(.internalServerError, code: "internal", "The server failed; the ledger was not changed by this request. Retry, and report it if it persists.")
        }
    }

    /// Maps a ledger error: the code decides the status; a governance rejection names its rule.
    public init(ledger error: LedgerError) {
        switch error.code {
        case .malformedInput: self = APIError(.badRequest, code: "malformed_input", error.message)
        case .streamConflict: self = APIError(.conflict, code: "stream_conflict", error.message)
        case .limitExceeded: self = APIError(.contentTooLarge, code: "limit_exceeded", error.message)
        case .invalidField:
            let rule = Self.rule(in: error.message)
            self = APIError(.unprocessableContent, code: rule == nil ? "invalid_field" : "rule_violation", error.message, rule: rule)
        case .notALedger: self = APIError(.serviceUnavailable, code: "not_a_ledger", error.message)
        default: self = APIError(.internalServerError, code: "internal", "The ledger reported an internal error; run 'govledger verify'.")
        }
    }

    /// The rule named by a governance rejection message, "… refused by rule RULE: …".
    static func rule(in message: String) -> String? {
        guard let marker = message.range(of: " refused by rule ") else { return nil }
        let rest = message[marker.upperBound...]
        guard let end = rest.firstIndex(of: ":") else { return nil }
        return String(rest[..<end])
    }

    /// The error object.
    public var json: JSONValue {
        var object: JSONObject = ["code": .string(code), "message": .string(message)]
        object["rule"] = rule.map { .string($0) }
        return ["error": .object(object)]
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(json, status: status)
        for field in headers { response.headers.append(field) }
        return response
    }
}
