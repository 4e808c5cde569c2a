public import LedgerCore

/// How the ledger server runs: where the ledger is, where to listen, and its limits.
///
/// Every property has a default, so tests set only what they check:
///
/// ```swift
/// let app = try await buildApplication(ServerConfiguration(databasePath: "ledger.db", port: 0))
/// ```
public struct ServerConfiguration: Sendable {
    /// The ledger file; it must exist (`govledger init` or `govledger demo` creates one).
    public var databasePath: String
    /// The address to listen on. The default is `127.0.0.1`: a public address is a deliberate choice.
    public var host: String
    /// The port to listen on. The default is 8080; 0 picks a free port.
    public var port: Int
    /// The largest request body accepted, in bytes. The default is 1 MiB; larger bodies get 413.
    public var maxBodyBytes: Int
    /// The most entries one `GET /v1/entries` returns. The default is 1,000.
    public var maxEntriesPerPage: Int
    /// Failed authentications allowed per client address within ``failedAuthWindowSeconds``
    /// before that address gets 429. The default is 10.
    public var maxFailedAuthentications: Int
    /// The window of the failed-authentication limit, in seconds. The default is 60.
    public var failedAuthWindowSeconds: Double
    /// The shared secret of the MLflow webhook (`POST /integrations/mlflow/webhook`); `nil`
    /// leaves the webhook unconfigured (503). Never logged.
    public var mlflowWebhookSecret: [UInt8]?
    /// The actor of the entries the MLflow webhook mirrors. The default is `mlflow-webhook`.
    public var mlflowWebhookActor: Principal

    /// The templates directory of the dashboard (`projections/`); `nil` to look for it as the
    /// CLI does ($GOVLEDGER_TEMPLATES, ./projections, beside the executable).
    public var templatesDirectory: String?
    /// Mark session cookies `Secure` (when the server is reached over TLS, through a proxy).
    public var secureCookies = false
    /// How long a dashboard session lasts, in seconds.
    public var sessionSeconds: Double = 8 * 3600
    /// Verify the whole log in the background at start, for the integrity page.
    public var verifyAtStart = true
    /// The ledger's checkpoint signer, which signs audit packs (`POST /v1/audit-packs`) and the
    /// checkpoints they need; `nil` leaves audit packs unavailable (503). Never logged.
    public var signerKey: NoteSigner?

    public init(
        databasePath: String, host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 1 << 20,
        maxEntriesPerPage: Int = 1000, maxFailedAuthentications: Int = 10, failedAuthWindowSeconds: Double = 60,
        mlflowWebhookSecret: [UInt8]? = nil, mlflowWebhookActor: Principal = Principal(rawValue: "mlflow-webhook")!
    ) {
        self.mlflowWebhookSecret = mlflowWebhookSecret
        self.mlflowWebhookActor = mlflowWebhookActor
        self.databasePath = databasePath
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.maxEntriesPerPage = maxEntriesPerPage
        self.maxFailedAuthentications = maxFailedAuthentications
        self.failedAuthWindowSeconds = failedAuthWindowSeconds
    }
}
