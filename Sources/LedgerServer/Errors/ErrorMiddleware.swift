import Hummingbird

/// Turns whatever a handler throws into an ``APIError`` JSON response, so no error leaves the
/// server as a bare status or with an internal description. An ``MLflowError`` already is such a
/// response, in MLflow's format, and passes through.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as MLflowError {
            throw error
        } catch {
            throw APIError(error)
        }
    }
}
