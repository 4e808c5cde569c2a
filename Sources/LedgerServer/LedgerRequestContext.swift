public import Hummingbird
import NIOCore

/// The request context of the ledger server: the core storage, the client's address and the
/// identity the ``AuthMiddleware`` authenticated, if any.
public struct LedgerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller; `nil` for a request without a token.
    public var identity: APIIdentity?
    /// The client's IP address (the socket's peer, never a forwarded header), for rate limiting.
    public let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
