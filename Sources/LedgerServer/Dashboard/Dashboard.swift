import Foundation
import Governance
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerStore
import NIOCore
import Projections

/// The web dashboard: server-rendered HTML from the templates in `projections/dashboard/`, usable
/// without JavaScript. Reads come from the read models (``ProjectionCache``); the one write, a
/// board vote, goes through the same ``GovernanceService`` command as the CLI and the JSON API.
struct Dashboard: Sendable {
    static let sessionCookie = "govledger_session"
    static let loginCookie = "govledger_login"

    let store: SQLiteEventStore
    let service: GovernanceService<SQLiteEventStore>
    let templates: TemplateLibrary?
    let sessions: SessionStore
    let projections: ProjectionCache
    let packs: ProjectionHandlers
    let verification: VerificationStatus
    let limiter: FailedAuthLimiter
    let configuration: ServerConfiguration
    let clock: LedgerClock

    func register(on router: Router<LedgerRequestContext>) {
        for route in DashboardRoute.allCases {
            router.on(RouterPath(route.path), method: route.method) { request, context -> Response in
                do {
                    return try await handle(route, request, context)
                } catch let error as APIError {
                    return page(error)
                } catch let error as LedgerError {
                    return page(APIError(error))
                }
            }
        }
    }

    // MARK: Routing and sessions

    private func handle(_ route: DashboardRoute, _ request: Request, _ context: LedgerRequestContext) async throws -> Response {
        switch route {
        case .loginForm: return try loginForm(request)
        case .login: return try await login(request, context)
        default: break
        }
        let cookie = Cookies.value(Self.sessionCookie, in: request.headers[.cookie])
        guard let id = cookie, let session = await sessions.session(id) else {
            if route.method == .get { return Self.redirect("/login?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2F")) }
            throw APIError.unauthorized("Your session has ended; log in again with your token.")
        }
        let view = View(identity: session.identity, csrf: session.csrf)
        do {
            return try await handle(route, request, context, session: session, id: id, view: view)
        } catch let error as APIError {
            return page(error, view: view)
        } catch let error as LedgerError {
            return page(APIError(error), view: view)
        }
    }

    private func handle(
        _ route: DashboardRoute, _ request: Request, _ context: LedgerRequestContext, session: SessionStore.Session, id: String, view: View
    ) async throws -> Response {
        if let permission = route.permission, !session.identity.role.allows(permission) {
            throw APIError.forbidden("The role \(session.identity.role.rawValue) may not \(permission.rawValue); docs/api.md lists what each role may do.")
        }
        var form: FormBody?
        if route.method == .post {
            let body = try await formBody(request)
            guard let sent = body["csrf"], SessionStore.same(sent, session.csrf) else {
                throw APIError.forbidden("The form's CSRF token is missing or stale; reload the page and submit it again.")
            }
            form = body
        }
        switch route {
        case .logout:
            await sessions.close(id)
            return Self.redirect("/login", cookies: [expiredCookie(Self.sessionCookie)])
        case .registry: return try await registry(request, view)
        case .model: return try await model(context, view)
        case .modelCard: return try await modelCard(context)
        case .board: return try await board(view, message: nil)
        case .vote: return try await vote(form!, view)
        case .alerts: return try await alerts(view)
        case .auditPackForm: return try await auditPackForm(view, form: nil, message: nil)
        case .auditPack: return try await auditPack(form!, view)
        case .loginForm, .login: throw APIError.notFound("No page here.")
        }
    }

    /// Who is looking, for the layout.
    struct View {
        let identity: APIIdentity?
        let csrf: String?

        var context: [String: Any] {
            var context: [String: Any] = ["signedIn": identity != nil]
            if let identity {
                context["principal"] = identity.principal.rawValue
                context["role"] = identity.role.rawValue
                context["canVote"] = identity.role.allows(.vote)
                context["canBuildPacks"] = identity.role.allows(.buildPack)
            }
            if let csrf { context["csrf"] = csrf }
            return context
        }
    }

    private func formBody(_ request: Request) async throws -> FormBody {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
        } catch {
            throw APIError.tooLarge(configuration.maxBodyBytes)
        }
        return try FormBody(bytes: Array(buffer.readableBytesView))
    }

    private func cookie(_ name: String, _ value: String, maxAge: Int) -> String {
        "\(name)=\(value); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(maxAge)" + (configuration.secureCookies ? "; Secure" : "")
    }

    private func expiredCookie(_ name: String) -> String { cookie(name, "", maxAge: 0) }

    // MARK: Login

    private func loginForm(_ request: Request, message: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        let csrf = Hex.encode(try RandomSource.system.bytes(count: 16))
        let next = request.uri.queryParameters.get("next").flatMap(Self.localPath) ?? "/registry"
        var context = View(identity: nil, csrf: nil).context
        context["title"] = "Log in"
        context["loginCSRF"] = csrf
        context["next"] = next
        if let message { context["message"] = message }
        return try html("dashboard/login.html", context, status: status, cookies: [cookie(Self.loginCookie, csrf, maxAge: 900)])
    }

    private func login(_ request: Request, _ context: LedgerRequestContext) async throws -> Response {
        let form = try await formBody(request)
        guard let sent = form["csrf"], let expected = Cookies.value(Self.loginCookie, in: request.headers[.cookie]), SessionStore.same(sent, expected) else {
            throw APIError.forbidden("The login form is stale; reload the login page and try again.")
        }
        if await limiter.isBlocked(context.clientAddress) {
            throw APIError(.tooManyRequests, code: "too_many_failed_authentications", "Too many failed logins from this address; wait a minute and check the token.")
        }
        let token = try form.required("token", "The token")
        guard token.count <= 128, let grant = try store.token(token), !grant.isExpired(at: clock.now()), let role = APIRole(rawValue: grant.role) else {
            await limiter.recordFailure(context.clientAddress)
            return try loginForm(request, message: "That token is not valid (unknown, expired or of an unknown role). Create one with govledger tokens create --principal NAME --role ROLE.", status: .unauthorized)
        }
        let (id, _) = try await sessions.open(APIIdentity(principal: grant.principal, role: role))
        let next = form["next"].flatMap(Self.localPath) ?? "/registry"
        return Self.redirect(next, cookies: [cookie(Self.sessionCookie, id, maxAge: Int(configuration.sessionSeconds)), expiredCookie(Self.loginCookie)])
    }

    /// `path` if it is a path on this site (not `//host` or a URL).
    static func localPath(_ path: String) -> String? {
        guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\"), path.count < 200 else { return nil }
        return path
    }

    // MARK: Pages

    private func registry(_ request: Request, _ view: View) async throws -> Response {
        let state = try await projections.current()
        let tier = request.uri.queryParameters.get("tier").flatMap { Int($0) }
        let stage = request.uri.queryParameters.get("stage").flatMap { $0.isEmpty ? nil : $0 }
        let team = request.uri.queryParameters.get("team").flatMap { $0.isEmpty ? nil : $0 }
        var rows: [[String: Any]] = []
        for dossier in state.dossiers {
            let shown = dossier.productionVersion ?? dossier.versions.last
            let shownStage = shown?.stage ?? "registered"
            if let tier, dossier.tier != tier { continue }
            if let stage, shownStage != stage { continue }
            if let team, dossier.owner != team { continue }
            var row: [String: Any] = ["slug": dossier.slug, "name": dossier.name, "version": shown?.version ?? "—", "framework": dossier.framework]
            row["stage"] = shownStage
            row["deployment"] = shown?.deployment ?? (shownStage == "production" ? "—" : "N/A (\(shownStage))")
            row["owner"] = dossier.owner
            row["tier"] = dossier.tier
            row["openAlerts"] = dossier.alerts.filter { $0.resolved == nil }.count
            row["hasOpenAlerts"] = dossier.alerts.contains { $0.resolved == nil }
            rows.append(row)
        }
        let stages = ["development", "staging", "approved", "production", "deprecated", "archived"]
        let teams = Set(state.dossiers.map(\.owner)).sorted()
        var context = view.context
        context["title"] = "Model registry"
        context["rows"] = rows
        context["count"] = rows.count
        context["total"] = state.dossiers.count
        context["tiers"] = (1...4).map { (value: Int) -> [String: Any] in ["value": value, "selected": value == tier] }
        context["stages"] = stages.map { ["value": $0, "selected": $0 == stage] }
        context["teams"] = teams.map { ["value": $0, "selected": $0 == team] }
        context["position"] = state.position
        return try html("dashboard/registry.html", context)
    }

    private func dossier(_ context: LedgerRequestContext) async throws -> (ModelDossier, ProjectionState) {
        let slug = try Path.model(context)
        let state = try await projections.current()
        guard let dossier = state.models[slug.rawValue] else {
            throw APIError.notFound("No model '\(slug)' is registered; the registry lists them.")
        }
        return (dossier, state)
    }

    private func model(_ context: LedgerRequestContext, _ view: View) async throws -> Response {
        let (d, state) = try await dossier(context)
        var page = view.context
        page["title"] = d.name
        page["model"] = DashboardContext.model(d, state: state, now: clock.now())
        return try html("dashboard/model.html", page)
    }

    private func modelCard(_ context: LedgerRequestContext) async throws -> Response {
        let (d, state) = try await dossier(context)
        let policy = try await state.latestPolicy(in: store)
        let card = ModelCardBuilder(dossier: d, policy: policy, now: clock.now(), position: state.position).build()
        guard let templates else { throw APIError.serviceUnavailable("The server was started without its templates; start it from the repository or pass --templates DIR.") }
        return Self.htmlResponse(try templates.render(card, template: "model-card", format: .html), status: .ok, cookies: [])
    }

    private func board(_ view: View, message: (text: String, ok: Bool)?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let state = try await projections.current()
        var open: [[String: Any]] = []
        for d in state.dossiers {
            for request in d.requests where request.decision == nil && request.board != nil {
                guard d.version(request.version)?.stage == request.from else { continue }
                let voted = request.votes.contains { $0.member == view.identity?.principal.rawValue }
                var row: [String: Any] = ["model": d.name, "slug": d.slug, "version": request.version, "from": request.from, "to": request.to]
                row["board"] = request.board ?? ""
                row["quorum"] = request.quorum ?? 0
                row["seq"] = request.seq
                row["opened"] = String(request.source.time.prefix(10))
                row["votes"] = request.votes.map(DashboardContext.vote)
                row["approvals"] = request.votes.filter { $0.decision == "approve" }.count
                row["voted"] = voted
                open.append(row)
            }
        }
        var page = view.context
        page["title"] = "Review board"
        page["open"] = open
        page["hasOpen"] = !open.isEmpty
        page["members"] = state.boards.keys.sorted().map { board in
            ["board": board, "seats": (state.boards[board] ?? []).filter { $0.removed == nil }.map { ["member": $0.member, "seat": $0.seat ?? ""] }]
        }
        if let message {
            page["message"] = message.text
            page["messageOK"] = message.ok
        }
        return try html("dashboard/board.html", page, status: status)
    }

    private func vote(_ form: FormBody, _ view: View) async throws -> Response {
        guard let identity = view.identity else { throw APIError.unauthorized("Log in to vote.") }
        let signed = try form.required("signed", "The signed ballot (the output of govledger vote … --sign-only --json)")
        guard signed.utf8.count <= 16_384 else { throw APIError.tooLarge(16_384) }
        let command: GovernanceCommand
        do {
            command = try Self.castVote(signed, by: identity.principal)
        } catch let error as APIError {
            return try await board(view, message: (error.message, false), status: error.status)
        }
        do {
            let written = try await service.execute(command, by: identity.principal)
            let decided = written.contains { $0.header.type == .approvalDecided }
            let text = "Your vote was recorded at seq \(written[0].header.seq)" + (decided ? "; it decided the request." : ".")
            return try await board(view, message: (text, true))
        } catch let error as LedgerError {
            return try await board(view, message: (error.message, false), status: error.isUsageError ? .unprocessableContent : .internalServerError)
        }
    }

    /// The vote command of a ballot signed with `govledger vote … --sign-only --json`.
    static func castVote(_ text: String, by principal: Principal) throws -> GovernanceCommand {
        let value: JSONValue
        do {
            value = try JSONValue.parse(Array(text.utf8))
        } catch {
            throw APIError.badRequest("The signed ballot is not JSON: paste the whole output of govledger vote MODEL VERSION --decision … --rationale … --key FILE --sign-only --json.")
        }
        guard case .object(let ballot)? = value["ballot"], let signature = value["signature"], let fingerprint = value["keyFingerprint"] else {
            throw APIError.badRequest("The signed ballot needs 'ballot', 'signature' and 'keyFingerprint', as govledger vote --sign-only --json prints them.")
        }
        guard ballot["member"]?.stringValue == principal.rawValue else {
            throw APIError.forbidden("A vote is cast by the signed-in member only: you are \(principal), the ballot names \(ballot["member"]?.stringValue?.prefix(200) ?? "nobody").")
        }
        var payload = ballot
        payload["signature"] = signature
        payload["keyFingerprint"] = fingerprint
        payload["policyDigest"] = .string(String(repeating: "0", count: 64))
        do {
            let cast = try VoteCast(payload: payload)
            return .castVote(ballot: cast.ballot, keyFingerprint: cast.keyFingerprint, signature: cast.signature)
        } catch {
            throw APIError.badRequest("The signed ballot does not read: \(error.message)")
        }
    }

    /// The audit-pack form: a model, a period, and the session's CSRF token.
    private func auditPackForm(_ view: View, form: FormBody?, message: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        let state = try await projections.current()
        let chosen = form?["model"]
        var page = view.context
        page["title"] = "Audit packs"
        page["models"] = state.dossiers.map { d -> [String: Any] in ["slug": d.slug, "name": d.name, "selected": d.slug == chosen] }
        page["hasModels"] = !state.dossiers.isEmpty
        let today = String(clock.now().description.prefix(10))
        page["from"] = form?["from"] ?? String(today.prefix(4)) + "-01-01"
        page["to"] = form?["to"] ?? today
        if let message { page["message"] = message }
        return try html("dashboard/audit-packs.html", page, status: status)
    }

    /// Builds the pack through the same code as `POST /v1/audit-packs` and sends it as a
    /// download; a refused scope shows the form again with the reason.
    private func auditPack(_ form: FormBody, _ view: View) async throws -> Response {
        do {
            let model = try form.required("model", "The model")
            let from = try form.required("from", "The first day")
            let to = try form.required("to", "The last day")
            return try await packs.auditPack(model: model, from: from, to: to)
        } catch let error as APIError where error.status != .forbidden {
            return try await auditPackForm(view, form: form, message: error.message, status: error.status)
        }
    }

    private func alerts(_ view: View) async throws -> Response {
        let state = try await projections.current()
        var open: [[String: Any]] = []
        var resolved: [[String: Any]] = []
        for d in state.dossiers {
            for alert in d.alerts {
                let row = DashboardContext.alert(alert, model: d)
                if alert.resolved == nil { open.append(row) } else { resolved.append(row) }
            }
        }
        var page = view.context
        page["title"] = "Alerts"
        page["open"] = open
        page["hasOpen"] = !open.isEmpty
        page["resolved"] = Array(resolved.suffix(50).reversed())
        page["hasResolved"] = !resolved.isEmpty
        return try html("dashboard/alerts.html", page)
    }

    /// The public integrity page: the head of the log, the latest checkpoint, the last full
    /// verification and how to verify independently.
    func integrity(_ request: Request) async throws -> Response {
        let stats = try store.statistics()
        var page: [String: Any] = View(identity: nil, csrf: nil).context
        if let id = Cookies.value(Self.sessionCookie, in: request.headers[.cookie]), let session = await sessions.session(id) {
            page = View(identity: session.identity, csrf: session.csrf).context
        }
        page["title"] = "Integrity"
        page["entries"] = stats.entries
        if stats.entries > 0 {
            page["head"] = ["seq": stats.head.nextSeq - 1, "time": stats.head.time?.description ?? "?", "leafHash": stats.head.leafHash.hex]
        }
        if let checkpoint = try store.latestCheckpoint() {
            page["checkpoint"] = ["size": checkpoint.size, "time": checkpoint.time.description, "root": checkpoint.root.hex, "note": checkpoint.noteText, "key": checkpoint.verifierKey]
        }
        if let last = await verification.last {
            page["verified"] = [
                "finished": ISO8601DateFormatter().string(from: last.finished), "entries": last.entries, "seconds": String(format: "%.2f", last.seconds),
                "root": last.root, "ok": last.failure == nil, "failure": last.failure ?? "",
            ]
        } else {
            page["verifying"] = await verification.running
        }
        guard templates != nil else {
            return Self.htmlResponse("<!doctype html><title>govledger</title><p>\(stats.entries) entries. The dashboard templates were not found; start the server with --templates DIR.</p>", status: .ok, cookies: [])
        }
        return try html("dashboard/integrity.html", page)
    }

    // MARK: Rendering

    private func html(_ template: String, _ context: [String: Any], status: HTTPResponse.Status = .ok, cookies: [String] = []) throws -> Response {
        guard let templates else {
            throw APIError.serviceUnavailable("The server was started without its templates; start it from the repository or pass --templates DIR.")
        }
        return Self.htmlResponse(try templates.render(context, template: template), status: status, cookies: cookies)
    }

    private func page(_ error: APIError, view: View = View(identity: nil, csrf: nil)) -> Response {
        var context = view.context
        context["title"] = "Error \(error.status.code)"
        context["status"] = error.status.code
        context["message"] = error.message
        if let text = try? templates?.render(context, template: "dashboard/error.html") {
            return Self.htmlResponse(text, status: error.status, cookies: [])
        }
        return Self.htmlResponse("<!doctype html><title>Error</title><p>\(HTML.escape(error.message))</p>", status: error.status, cookies: [])
    }

    static func htmlResponse(_ text: String, status: HTTPResponse.Status, cookies: [String]) -> Response {
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            .xContentTypeOptions: "nosniff", HTTPField.Name("Referrer-Policy")!: "no-referrer",
        ]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers: HTTPFields = [.location: location, .cacheControl: "no-store"]
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }
}
