public import Hummingbird
public import LedgerCore
public import LedgerStore
import Governance
import Projections

/// Builds the ledger server over the ledger file the configuration names.
///
/// ```swift
/// let app = try await buildApplication(ServerConfiguration(databasePath: "govledger.db"))
/// try await app.runService()   // stops gracefully on SIGTERM or SIGINT
/// ```
///
/// - Throws: ``LedgerError`` `.notALedger` when the file is missing or is not a ledger.
public func buildApplication(_ configuration: ServerConfiguration) async throws -> some ApplicationProtocol {
    let store = try SQLiteEventStore.open(at: configuration.databasePath)
    let router = buildRouter(store: store, configuration: configuration)
    return Application(
        router: router,
        configuration: ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "govledger"))
}

/// Builds the router: every ``APIEndpoint`` guarded by its permission, behind the error and
/// authentication middleware.
///
/// - Parameters:
///   - store: the ledger; appends go through a ``GovernanceService`` over it.
///   - clock: the clock decisions and token expiry are read at; the store stamps entries with its own.
public func buildRouter(store: SQLiteEventStore, configuration: ServerConfiguration, clock: LedgerClock = .system) -> Router<LedgerRequestContext> {
    let router = Router(context: LedgerRequestContext.self)
    router.add(middleware: MLflowErrorMiddleware())
    router.add(middleware: ErrorMiddleware())
    let limiter = FailedAuthLimiter(limit: configuration.maxFailedAuthentications, window: configuration.failedAuthWindowSeconds)
    router.add(middleware: AuthMiddleware(store: store, limiter: limiter, clock: clock))
    let service = GovernanceService(store: store, clock: clock, cache: RegistryCache())
    let verification = VerificationStatus()
    if configuration.verifyAtStart {
        Task.detached(priority: .background) { await verification.run(store) }
    }
    let templates = try? TemplateLibrary(directory: configuration.templatesDirectory)
    let projections = ProjectionCache(store: store)
    let packs = ProjectionHandlers(
        store: store, service: service, projections: projections, templates: templates, signer: configuration.signerKey,
        maxBodyBytes: configuration.maxBodyBytes, clock: clock)
    let dashboard = Dashboard(
        store: store, service: service, templates: templates,
        sessions: SessionStore(lifetime: configuration.sessionSeconds), projections: projections, packs: packs,
        verification: verification, limiter: limiter, configuration: configuration, clock: clock)
    dashboard.register(on: router)
    let reads = ReadHandlers(store: store, service: service, maxEntriesPerPage: configuration.maxEntriesPerPage)
    let commands = CommandHandlers(service: service, maxBodyBytes: configuration.maxBodyBytes)
    let lineage = LineageHandlers(service: service, maxBodyBytes: configuration.maxBodyBytes)
    let evidence = EvidenceHandlers(service: service, maxBodyBytes: configuration.maxBodyBytes)
    let retention = RetentionLineageHandlers(store: store, service: service, maxBodyBytes: configuration.maxBodyBytes, clock: clock)
    for endpoint in APIEndpoint.allCases {
        router.on(RouterPath(endpoint.path), method: endpoint.method) { request, context -> Response in
            var identity: APIIdentity?
            if let permission = endpoint.permission {
                guard let caller = context.identity else {
                    throw APIError.unauthorized("\(endpoint.method) \(endpoint.path) needs a token: send 'Authorization: Bearer <token>' (govledger tokens create).")
                }
                guard caller.role.allows(permission) else {
                    throw APIError.forbidden("The role \(caller.role.rawValue) may not \(permission.rawValue); docs/api.md lists what each role may do.")
                }
                identity = caller
            }
            switch endpoint {
            case .integrityPage: return try await dashboard.integrity(request)
            case .checkpoint: return try reads.checkpoint()
            case .openAPI: return JSONResponse.bytesResponse(Array(OpenAPIDocument.json.utf8), contentType: "application/json")
            case .entries: return try reads.entries(request)
            case .inclusionProof: return try reads.inclusionProof(request)
            case .consistencyProof: return try reads.consistencyProof(request)
            case .stats: return try reads.stats()
            case .registry: return try await reads.registry()
            case .model: return try await reads.model(context)
            case .modelHistory: return try await reads.history(context)
            case .registerModel, .registerVersion, .recordValidation, .transition, .requestApproval, .vote, .signoff:
                guard let identity else { throw APIError.unauthorized("This route needs a token.") }
                return try await commands.handle(endpoint, request, context, as: identity)
            case .lineageEvent, .lineageBatch:
                guard let identity else { throw APIError.unauthorized("This route needs a token.") }
                return try await lineage.handle(endpoint, request, as: identity)
            case .recordBiasTest, .recordSnapshot, .recordABTest, .recordExplainability, .recordRetraining, .recordCost,
                .startDeployment, .advanceDeployment, .reportDeployment, .rollbackDeployment:
                guard let identity else { throw APIError.unauthorized("This route needs a token.") }
                return try await evidence.handle(endpoint, request, context, as: identity)
            case .lineageIngest:
                guard let identity else { throw APIError.unauthorized("This route needs a token.") }
                return try await retention.ingest(request, as: identity)
            case .lineageShow: return try retention.show(context)
            case .retentionPlan: return try retention.retentionPlan(request)
            case .legalHolds: return try retention.holds()
            case .retentionApply, .placeHold, .releaseHold:
                guard let identity else { throw APIError.unauthorized("This route needs a token.") }
                if endpoint == .retentionApply { return try await retention.retentionApply(request, as: identity) }
                return try await retention.hold(request, place: endpoint == .placeHold, as: identity)
            case .modelCard: return try await packs.card(request, context)
            case .alerts: return try await packs.alerts(request)
            case .findings: return try await packs.findings(request)
            case .recordFinding:
                guard let identity else { throw APIError.unauthorized("This route needs a token.") }
                return try await packs.recordFinding(request, context, as: identity)
            case .auditReport: return try await packs.auditReport(request)
            case .auditPack: return try await packs.auditPack(request)
            }
        }
    }
    addMLflowRoutes(to: router, service: service, configuration: configuration, clock: clock)
    return router
}

/// Adds the MLflow-compatible registry routes and the MLflow webhook (``MLflowEndpoint``),
/// guarded by the same roles; their errors are in MLflow's format (``MLflowError``).
func addMLflowRoutes(to router: Router<LedgerRequestContext>, service: GovernanceService<SQLiteEventStore>, configuration: ServerConfiguration, clock: LedgerClock) {
    let handlers = MLflowHandlers(service: service, maxBodyBytes: configuration.maxBodyBytes)
    let webhook = WebhookReceiver(
        secret: configuration.mlflowWebhookSecret, actor: configuration.mlflowWebhookActor, service: service, clock: clock, replays: ReplayGuard(),
        maxBodyBytes: configuration.maxBodyBytes)
    for endpoint in MLflowEndpoint.allCases {
        router.on(RouterPath(endpoint.path), method: endpoint.method) { request, context -> Response in
            if endpoint == .webhook { return try await webhook.handle(request) }
            guard let caller = context.identity else {
                throw MLflowError(.unauthorized, "UNAUTHENTICATED", "\(endpoint.method) \(endpoint.path) needs a token: set MLFLOW_TRACKING_TOKEN to a token from 'govledger tokens create' (sent as 'Authorization: Bearer <token>').", headers: [.wwwAuthenticate: "Bearer"])
            }
            if let permission = endpoint.permission, !caller.role.allows(permission) {
                throw MLflowError.denied("The role \(caller.role.rawValue) may not \(permission.rawValue); docs/mlflow.md lists what each role may call.")
            }
            return try await handlers.handle(endpoint, request, as: caller)
        }
    }
}
