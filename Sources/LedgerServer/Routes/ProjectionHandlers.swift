import Foundation
import Governance
import HTTPTypes
import Hummingbird
import LedgerCore
import LedgerStore
import NIOCore
import Projections

/// The routes over the read models (model cards, alerts, findings, audit reports) and the audit
/// pack download. They render with the same builders and templates as `govledger card`,
/// `findings`, `audit-report` and `audit-pack`; the one append here (a finding) goes through
/// ``GovernanceService``.
struct ProjectionHandlers: Sendable {
    let store: SQLiteEventStore
    let service: GovernanceService<SQLiteEventStore>
    let projections: ProjectionCache
    let templates: TemplateLibrary?
    let signer: NoteSigner?
    let maxBodyBytes: Int
    let clock: LedgerClock

    private func library() throws -> TemplateLibrary {
        guard let templates else {
            throw APIError.serviceUnavailable("The server was started without its templates; start it from the repository or pass --templates DIR.")
        }
        return templates
    }

    private func format(_ request: Request, allowed: [String], default fallback: String) throws -> String {
        let format = request.uri.queryParameters.get("format").map { String($0) } ?? fallback
        guard allowed.contains(format) else {
            throw APIError.badRequest("Query parameter 'format' must be \(allowed.joined(separator: ", ")), not '\(format.prefix(32))'.")
        }
        return format
    }

    private func dossier(_ text: String, in state: ProjectionState) throws -> ModelDossier {
        let slug: ModelSlug
        do { slug = try ModelSlug.parse(text) } catch { throw APIError.badRequest(error.message) }
        guard let dossier = state.models[slug.rawValue] else {
            throw APIError.notFound("No model '\(slug)' is registered; GET /v1/registry lists them.")
        }
        return dossier
    }

    private func rendered(_ text: String, format: String) -> Response {
        JSONResponse.bytesResponse(Array(text.utf8), contentType: format == "html" ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8")
    }

    /// `GET /v1/models/{name}/card?format=json|md|html`: as `govledger card show`.
    func card(_ request: Request, _ context: LedgerRequestContext) async throws -> Response {
        let format = try format(request, allowed: ["json", "md", "html"], default: "json")
        guard let name = context.parameters.get("name") else { throw APIError.badRequest("The path needs a model name.") }
        let state = try await projections.current()
        let dossier = try dossier(name, in: state)
        let builder = ModelCardBuilder(dossier: dossier, policy: try await state.latestPolicy(in: store), now: clock.now(), position: state.position)
        if format == "json" { return JSONResponse.make(.object(builder.toolkitJSON())) }
        return rendered(try library().render(builder.build(), template: "model-card", format: format == "html" ? .html : .markdown), format: format)
    }

    /// `GET /v1/alerts[?model=&open=true]`: drift alerts, open ones first.
    func alerts(_ request: Request) async throws -> Response {
        let state = try await projections.current()
        let onlyOpen = try Query.bool(request, "open") ?? false
        let dossiers = try request.uri.queryParameters.get("model").map { [try dossier(String($0), in: state)] } ?? state.dossiers
        var rows: [(ModelDossier, ModelDossier.Alert)] = dossiers.flatMap { d in d.alerts.map { (d, $0) } }
        if onlyOpen { rows = rows.filter { $0.1.resolved == nil } }
        rows.sort { ($0.1.resolved == nil ? 0 : 1, $0.1.raised.seq) < ($1.1.resolved == nil ? 0 : 1, $1.1.raised.seq) }
        return JSONResponse.make(.object(["alerts": .array(rows.map { .object(ProjectionJSON.alert($0.1, model: $0.0)) })]))
    }

    /// `GET /v1/findings[?model=&open=true]`: as `govledger findings list --json`.
    func findings(_ request: Request) async throws -> Response {
        let state = try await projections.current()
        let onlyOpen = try Query.bool(request, "open") ?? false
        let dossiers = try request.uri.queryParameters.get("model").map { [try dossier(String($0), in: state)] } ?? state.dossiers
        var rows = ProjectionJSON.findingRows(dossiers)
        if onlyOpen { rows = rows.filter { $0.1.remediated == nil } }
        return JSONResponse.make(.object(["findings": .array(rows.map { .object(ProjectionJSON.finding($0.1, model: $0.0)) })]))
    }

    /// `POST /v1/models/{name}/findings`: as `govledger findings record`.
    func recordFinding(_ request: Request, _ context: LedgerRequestContext, as identity: APIIdentity) async throws -> Response {
        let body = try await RequestBody.object(request, maxBodyBytes: maxBodyBytes, allowed: ["area", "severity", "observation", "remediation", "owner", "due"])
        let areaText = try body.string("area")
        guard let area = AuditArea(rawValue: areaText) else {
            throw APIError.badRequest("Field 'area' must be one of " + AuditArea.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        guard let severity = AuditFindingRecorded.Severity(rawValue: try body.string("severity")) else {
            throw APIError.badRequest("Field 'severity' must be one of " + AuditFindingRecorded.Severity.allCases.map(\.rawValue).joined(separator: ", ") + ".")
        }
        let due = try body.string("due")
        guard AuditFindingRecorded.isDate(due) else { throw APIError.badRequest("Field 'due' must be a date YYYY-MM-DD.") }
        guard let owner = Principal(rawValue: try body.string("owner")) else {
            throw APIError.badRequest("Field 'owner' is not a valid principal (such as risk-team@bank.example).")
        }
        let observation = try body.string("observation")
        let remediation = try body.string("remediation")
        for (name, value) in [("observation", observation), ("remediation", remediation)] where value.allSatisfy(\.isWhitespace) {
            throw APIError.badRequest("Field '\(name)' must not be blank.")
        }
        let command = GovernanceCommand.recordFinding(
            model: try Path.model(context), area: area, severity: severity, observation: observation, remediation: remediation, owner: owner, due: due)
        let written = try await service.execute(command, by: identity.principal)
        return JSONResponse.make(["entries": .array(written.map { .object(RegistryJSON.summary($0)) })], status: .created)
    }

    /// `GET /v1/audit-report?model=&from=&to=&format=md|html`: as `govledger audit-report`;
    /// without `model`, every Tier 1 model (`--tier1`).
    func auditReport(_ request: Request) async throws -> Response {
        let format = try format(request, allowed: ["md", "html"], default: "md")
        let now = clock.now()
        let start = try Query.time(request, "from", endOfDay: false) ?? Timestamp(millisecondsSinceEpoch: 0)
        let end = try Query.time(request, "to", endOfDay: true) ?? now
        guard !(end < start) else { throw APIError.badRequest("'to' (\(end)) is before 'from' (\(start)); give a period that ends after it starts.") }
        let state = try await projections.current()
        let dossiers = try request.uri.queryParameters.get("model").map { [try dossier(String($0), in: state)] } ?? state.dossiers.filter { $0.tier == 1 }
        let builder = AuditReportBuilder(dossiers: dossiers, state: state, policy: try await state.latestPolicy(in: store), from: start, to: end, now: now)
        return rendered(try library().render(builder.build(), template: "audit-report", format: format == "html" ? .html : .markdown), format: format)
    }

    /// `POST /v1/audit-packs` with `{"model", "from", "to"}`: the pack `govledger audit-pack`
    /// writes, as a ZIP download.
    func auditPack(_ request: Request) async throws -> Response {
        let body = try await RequestBody.object(request, maxBodyBytes: maxBodyBytes, allowed: ["model", "from", "to"])
        return try await auditPack(model: try body.string("model"), from: try body.string("from"), to: try body.string("to"))
    }

    /// Builds the pack of `model` from `from` to `to` (dates or RFC 3339 UTC timestamps) and
    /// answers it as an attachment; shared by the JSON route and the dashboard form.
    func auditPack(model: String, from: String, to: String) async throws -> Response {
        guard let start = AuditPackScope.bound(from, endOfDay: false) else {
            throw APIError.badRequest("'from' is not a date (YYYY-MM-DD) or an RFC 3339 UTC timestamp (YYYY-MM-DDTHH:MM:SS.sssZ).")
        }
        guard let end = AuditPackScope.bound(to, endOfDay: true) else {
            throw APIError.badRequest("'to' is not a date (YYYY-MM-DD) or an RFC 3339 UTC timestamp (YYYY-MM-DDTHH:MM:SS.sssZ).")
        }
        let scope: AuditPackScope
        do throws(LedgerError) {
            scope = try AuditPackScope(model: model, from: start, to: end)
        } catch {
            throw APIError.badRequest(error.message)
        }
        guard let signer else {
            throw APIError.serviceUnavailable("Audit packs are signed with the ledger's signer key, and the server was started without one: start it with 'govledger serve --key FILE'.")
        }
        let now = clock.now()
        let state = try await projections.current()
        let documents = try await AuditPackWriter.reports(scope: scope, state: state, store: store, templates: try library(), now: now)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("govledger-pack-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("pack.zip").path
        do {
            _ = try AuditPackWriter.write(store: store, scope: scope, signer: signer, out: out, createdAt: now, documents: documents)
        } catch let refusal as AuditPackWriter.Refusal {
            switch refusal.kind {
            case .noModelStreams: throw APIError.notFound(refusal.message)
            case .noEntriesInPeriod: throw APIError(.unprocessableContent, code: "empty_period", refusal.message)
            case .unwritable: throw APIError(.internalServerError, code: "internal", "The server could not write the pack to its temporary folder.")
            }
        }
        guard let data = FileManager.default.contents(atPath: out) else {
            throw APIError(.internalServerError, code: "internal", "The server could not read back the pack it wrote.")
        }
        let name = "audit-pack-\(scope.model)-\(scope.from.description.prefix(10))-\(scope.to.description.prefix(10)).zip"
        return Response(
            status: .ok,
            headers: [.contentType: "application/zip", .contentDisposition: "attachment; filename=\"\(name)\"", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: Array(data))))
    }
}

/// A request body read up to the limit and parsed as a strict JSON object.
enum RequestBody {
    static func object(_ request: Request, maxBodyBytes: Int, allowed: Set<String>) async throws -> RequestObject {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch {
            throw APIError.tooLarge(maxBodyBytes)
        }
        return try RequestObject(bytes: Array(buffer.readableBytesView), allowed: allowed)
    }

    /// An empty body, or a JSON object with only `allowed` members.
    static func optionalObject(_ request: Request, maxBodyBytes: Int, allowed: Set<String>) async throws -> RequestObject? {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch {
            throw APIError.tooLarge(maxBodyBytes)
        }
        guard buffer.readableBytes > 0 else { return nil }
        return try RequestObject(bytes: Array(buffer.readableBytesView), allowed: allowed)
    }
}

