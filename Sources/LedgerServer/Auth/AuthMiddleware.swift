import Foundation
import Hummingbird
import LedgerCore
import LedgerStore

/// Authenticates `Authorization: Bearer <token>` against the ledger's token table and puts the
/// identity in the context. A request without the header passes on unauthenticated (public
/// routes serve it; the others answer 401); a wrong, expired or malformed token is 401, and an
/// address with too many failures is 429. Tokens never reach a log or an error message. Grants
/// found are kept in memory for 30 seconds (``TokenGrantCache``).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = LedgerRequestContext

    let store: SQLiteEventStore
    let limiter: FailedAuthLimiter
    let clock: LedgerClock
    let grants = TokenGrantCache()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization] else {
            return try await next(request, context)
        }
        if await limiter.isBlocked(context.clientAddress) {
            throw APIError(.tooManyRequests, code: "too_many_failed_authentications", "Too many failed authentications from this address; wait a minute and check the token.")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            await limiter.recordFailure(context.clientAddress)
            throw APIError.unauthorized("The Authorization header must be 'Bearer <token>', with a token from 'govledger tokens create'.")
        }
        let presented = String(parts[1]).trimmingCharacters(in: .whitespaces)
        guard presented.count <= 128, let grant = try grants.grant(presented, lookup: store.token) else {
            await limiter.recordFailure(context.clientAddress)
            throw APIError.unauthorized("The token is not known; create one with 'govledger tokens create'.")
        }
        guard !grant.isExpired(at: clock.now()) else {
            await limiter.recordFailure(context.clientAddress)
            throw APIError.unauthorized("The token expired at \(grant.expires?.description ?? "?"); create a new one with 'govledger tokens create'.")
        }
        guard let role = APIRole(rawValue: grant.role) else {
            throw APIError.forbidden("The token's role '\(grant.role)' is not a server role; create a token with one of: \(APIRole.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        var context = context
        context.identity = APIIdentity(principal: grant.principal, role: role)
        return try await next(request, context)
    }
}
