import Hummingbird

/// Turns whatever a handler throws into an ``APIError`` JSON response, so no error leaves the
/// server as a bare status or with an internal description. Requests to the MLflow-compatible
/// API (`/api/2.0/mlflow/…`) get an ``MLflowError`` in MLflow's format instead, authentication
/// failures included.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if MLflowError.isMLflowPath(request.uri.path) { throw MLflowError(error) }
            throw APIError(error)
        }
    }
}
