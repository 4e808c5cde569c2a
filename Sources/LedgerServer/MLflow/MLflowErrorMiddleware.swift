import Hummingbird

/// Gives requests to the MLflow-compatible API (`/api/2.0/mlflow/…`) their errors in MLflow's
/// format (``MLflowError``), authentication failures and unknown MLflow routes included, so the
/// `mlflow` client raises its usual exceptions. Other requests pass through unchanged.
///
/// It is the outermost middleware: what it sees has already been turned into an ``APIError``
/// by ``ErrorMiddleware``, whose status, code, message and rule it maps.
struct MLflowErrorMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            guard MLflowError.isMLflowPath(request.uri.path) else { throw error }
            throw MLflowError(error)
        }
    }
}
