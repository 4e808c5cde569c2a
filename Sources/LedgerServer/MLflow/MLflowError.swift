import Foundation
public import Hummingbird
public import LedgerCore
import NIOCore

/// An error of the MLflow-compatible API, in MLflow's format: `{"error_code": "...", "message": "..."}`
/// with MLflow's HTTP statuses, so the `mlflow` client raises its usual exceptions.
///
/// | error_code | status | when |
/// | --- | --- | --- |
/// | `RESOURCE_DOES_NOT_EXIST` | 404 | unknown model, version, alias or tag |
/// | `RESOURCE_ALREADY_EXISTS` | 400 | a model name already taken |
/// | `INVALID_PARAMETER_VALUE` | 400 | malformed or missing parameter, unsupported filter, lineage missing |
/// | `INVALID_STATE` | 400 | refused by a lifecycle rule (stage, validations, no regression, alias stage, deletion) |
/// | `PERMISSION_DENIED` | 403 | the token's role may not call the endpoint, or approvals are missing |
/// | `UNAUTHENTICATED` | 401 | no token, or an unknown or expired one |
/// | `RESOURCE_CONFLICT` | 409 | other writers kept changing the model |
/// | `REQUEST_LIMIT_EXCEEDED` | 429 | too many failed authentications |
/// | `ENDPOINT_NOT_FOUND` | 404 | no MLflow route at this method and path |
public struct MLflowError: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let code: String
    public let message: String
    let headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    static func invalid(_ message: String) -> MLflowError { MLflowError(.badRequest, "INVALID_PARAMETER_VALUE", message) }
    static func notFound(_ message: String) -> MLflowError { MLflowError(.notFound, "RESOURCE_DOES_NOT_EXIST", message) }
    static func invalidState(_ message: String) -> MLflowError { MLflowError(.badRequest, "INVALID_STATE", message) }
    static func denied(_ message: String) -> MLflowError { MLflowError(.forbidden, "PERMISSION_DENIED", message) }

    /// The MLflow error for anything a handler or a middleware threw.
    public init(_ error: any Error) {
        switch error {
        case let error as MLflowError:
            self = error
        case let error as LedgerError:
            self = MLflowError(ledger: error)
        case let error as APIError:
            self = MLflowError(api: error)
        default:
            self = MLflowError(api: APIError(error))
        }
    }

    init(api error: APIError) {
        switch error.status {
        case .unauthorized: self = MLflowError(.unauthorized, "UNAUTHENTICATED", error.message, headers: error.headers)
        case .forbidden: self = MLflowError(.forbidden, "PERMISSION_DENIED", error.message)
        case .notFound:
            self = error.code == "not_found" && error.message.hasPrefix("No route")
                ? MLflowError(.notFound, "ENDPOINT_NOT_FOUND", "No MLflow endpoint at this method and path; docs/mlflow.md lists the endpoints served.")
                : MLflowError(.notFound, "RESOURCE_DOES_NOT_EXIST", error.message)
        case .tooManyRequests: self = MLflowError(.tooManyRequests, "REQUEST_LIMIT_EXCEEDED", error.message)
        case .contentTooLarge: self = MLflowError(.contentTooLarge, "INVALID_PARAMETER_VALUE", error.message)
        case .conflict: self = MLflowError(.conflict, "RESOURCE_CONFLICT", error.message)
        case .badRequest: self = MLflowError(.badRequest, "INVALID_PARAMETER_VALUE", error.message)
        case .unprocessableContent:
            self = error.rule.map { MLflowError(rule: $0, message: error.message) } ?? MLflowError(.badRequest, "INVALID_PARAMETER_VALUE", error.message)
        case .serviceUnavailable: self = MLflowError(.serviceUnavailable, "TEMPORARILY_UNAVAILABLE", error.message)
        default: self = MLflowError(.internalServerError, "INTERNAL_ERROR", error.message)
        }
    }

    init(ledger error: LedgerError) {
        self.init(api: APIError(ledger: error))
    }

    /// A governance rejection: the rule decides the code.
    init(rule: String, message: String) {
        switch rule {
        case "model-unknown", "version-unknown":
            self = MLflowError(.notFound, "RESOURCE_DOES_NOT_EXIST", message)
        case "model-unique":
            self = MLflowError(.badRequest, "RESOURCE_ALREADY_EXISTS", message)
        case "model-name":
            self = message.contains("is already the name or slug")
                ? MLflowError(.badRequest, "RESOURCE_ALREADY_EXISTS", message) : MLflowError(.badRequest, "INVALID_PARAMETER_VALUE", message)
        case "approvals", "signoff-required", "approval-request", "request-open", "signoff-role", "role-held":
            self = MLflowError(.forbidden, "PERMISSION_DENIED", message)
        case "annotation", "alias":
            self = message.contains(": no tag") || message.contains(": no alias")
                ? MLflowError(.notFound, "RESOURCE_DOES_NOT_EXIST", message) : MLflowError(.badRequest, "INVALID_PARAMETER_VALUE", message)
        case "lineage", "catalog", "tier-defined", "version-increasing", "version-bump", "openlineage-link":
            self = MLflowError(.badRequest, "INVALID_PARAMETER_VALUE", rule == "lineage"
                ? message + "; through MLflow, give them as version tags govledger.lineage.<key> (docs/mlflow.md)" : message)
        default:
            self = MLflowError(.badRequest, "INVALID_STATE", message)
        }
    }

    public var json: JSONValue { ["error_code": .string(code), "message": .string(message)] }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(json, status: status)
        for field in headers { response.headers.append(field) }
        return response
    }

    /// Whether a request path belongs to the MLflow API (its errors use this format).
    static func isMLflowPath(_ path: String) -> Bool { path.hasPrefix("/api/2.0/mlflow/") }
}
