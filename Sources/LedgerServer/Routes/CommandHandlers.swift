import Governance
import Hummingbird
import LedgerCore
import LedgerStore
import NIOCore

/// The append routes: each builds a ``GovernanceCommand`` from the path and the JSON body and
/// hands it to ``GovernanceService``, with the authenticated principal as the actor. No rule
/// lives here; the body never names the actor.
struct CommandHandlers: Sendable {
    let service: GovernanceService<SQLiteEventStore>
    let maxBodyBytes: Int

    /// Runs the command for `endpoint` and answers 201 with the entries written.
    func handle(_ endpoint: APIEndpoint, _ request: Request, _ context: LedgerRequestContext, as identity: APIIdentity) async throws -> Response {
        let command = try await self.command(for: endpoint, request, context, identity)
        let written = try await service.execute(command, by: identity.principal)
        return JSONResponse.make(["entries": .array(written.map { .object(RegistryJSON.summary($0)) })], status: .created)
    }

    private func body(_ request: Request, allowed: Set<String>) async throws -> RequestObject {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: maxBodyBytes)
        } catch {
            throw APIError.tooLarge(maxBodyBytes)
        }
        return try RequestObject(bytes: Array(buffer.readableBytesView), allowed: allowed)
    }

    private func parse<T>(_ field: String, _ make: () throws(LedgerError) -> T) throws -> T {
        do { return try make() } catch { throw APIError.badRequest("Field '\(field)': \(error.message)") }
    }

    private func stage(_ text: String) throws -> LifecycleStage {
        guard let stage = LifecycleStage(rawValue: text) else {
            throw APIError.badRequest("'\(text.prefix(32))' is not a stage: use staging, approved, production, deprecated or archived.")
        }
        return stage
    }

    private func command(for endpoint: APIEndpoint, _ request: Request, _ context: LedgerRequestContext, _ identity: APIIdentity) async throws -> GovernanceCommand {
        switch endpoint {
        case .registerModel:
            let body = try await body(request, allowed: ["name", "owner", "framework", "tier", "purpose"])
            guard let tier = RiskTier(rawValue: try body.int("tier")) else {
                throw APIError.badRequest("Field 'tier' must be a tier number from 1 to \(RiskTier.maximum).")
            }
            return .registerModel(name: try body.string("name"), owner: try body.string("owner"), framework: try body.string("framework"), tier: tier, purpose: try body.string("purpose"))
        case .registerVersion:
            let body = try await body(request, allowed: ["version", "lineage"])
            let versionText = try body.string("version")
            let version = try parse("version") { () throws(LedgerError) in try SemanticVersion.parse(versionText) }
            let lineageJSON = try body.jsonObject("lineage")
            let lineage = try parse("lineage") { () throws(LedgerError) in try Lineage(json: lineageJSON) }
            return .registerVersion(model: try Path.model(context), version: version, lineage: lineage)
        case .recordValidation:
            let body = try await body(request, allowed: ["suite", "metrics", "note"])
            let suiteText = try body.string("suite")
            guard let suite = SuiteName(rawValue: suiteText) else { throw APIError.badRequest("'\(suiteText.prefix(64))' is not a suite name: use snake case such as data_quality.") }
            var measurements: [MetricName: Measurement] = [:]
            for member in try body.jsonObject("metrics") {
                guard let name = MetricName(rawValue: member.key) else { throw APIError.badRequest("metrics: '\(member.key.prefix(64))' is not a metric name; use snake case such as latency_p95_ms.") }
                guard let value = Measurement(json: member.value) else { throw APIError.badRequest("metrics: the value of '\(member.key)' must be a number or true/false.") }
                measurements[name] = value
            }
            return .recordValidation(model: try Path.model(context), version: try Path.version(context), suite: suite, measurements: measurements, note: try body.optionalString("note"))
        case .transition:
            let body = try await body(request, allowed: ["to", "deployment", "reason"])
            return .transition(model: try Path.model(context), version: try Path.version(context), to: try stage(try body.string("to")), deployment: try body.optionalString("deployment"), reason: try body.optionalString("reason"))
        case .requestApproval:
            let body = try await body(request, allowed: ["to"])
            return .requestApproval(model: try Path.model(context), version: try Path.version(context), to: try stage(try body.optionalString("to") ?? "approved"))
        case .vote:
            return try await vote(request, context, identity)
        case .signoff:
            let body = try await body(request, allowed: ["role", "note"])
            let roleText = try body.string("role")
            guard let role = RoleName(rawValue: roleText) else { throw APIError.badRequest("'\(roleText.prefix(64))' is not a role name: use snake case such as compliance, legal or business_owner.") }
            return .signOff(model: try Path.model(context), version: try Path.version(context), role: role, note: try body.optionalString("note"))
        default:
            throw APIError.notFound("No command is served at this path.")
        }
    }

    /// A vote signed by the client (`govledger vote --sign-only`): the ballot's member is the
    /// authenticated principal, so a member can never vote for another.
    private func vote(_ request: Request, _ context: LedgerRequestContext, _ identity: APIIdentity) async throws -> GovernanceCommand {
        let body = try await body(request, allowed: ["member", "decision", "rationale", "dissent", "signature", "keyFingerprint"])
        if let member = try body.optionalString("member"), member != identity.principal.rawValue {
            throw APIError.forbidden("A vote is cast by the authenticated member only: the token is \(identity.principal)'s, the ballot names \(member.prefix(200)).")
        }
        let decisionText = try body.string("decision")
        guard let decision = VoteDecision(rawValue: decisionText) else { throw APIError.badRequest("Field 'decision' must be approve, reject or abstain.") }
        guard let signature = Base64.decode(try body.string("signature")), signature.count == 64 else {
            throw APIError.badRequest("Field 'signature' must be a base64 Ed25519 signature (64 bytes), as printed by 'govledger vote --sign-only'.")
        }
        let fingerprintText = try body.string("keyFingerprint")
        guard fingerprintText.utf8.count == 64, let fingerprintBytes = Hex.decodeLowercase(Array(fingerprintText.utf8)),
            let fingerprint = try? SHA256Digest(bytes: fingerprintBytes)
        else {
            throw APIError.badRequest("Field 'keyFingerprint' must be 64 lowercase hex characters, as printed by 'govledger vote --sign-only'.")
        }
        let ballot = try await service.prepareBallot(
            model: try Path.model(context), version: try Path.version(context), member: identity.principal, decision: decision,
            rationale: try body.string("rationale"), dissent: try body.optionalString("dissent"))
        return .castVote(ballot: ballot, keyFingerprint: fingerprint, signature: signature)
    }
}
