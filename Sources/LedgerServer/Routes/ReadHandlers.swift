import Governance
import Hummingbird
import LedgerCore
import LedgerStore

/// The read routes: the log as a transparency log (checkpoint, entries, proofs, statistics)
/// and the registry. They read through the store and ``GovernanceService``; nothing here decides.
struct ReadHandlers: Sendable {
    let store: SQLiteEventStore
    let service: GovernanceService<SQLiteEventStore>
    let maxEntriesPerPage: Int
    /// The last `GET /v1/registry` body and the log size it was built at.
    let registryBody = BodyMemo()

    /// `GET /checkpoint`: the latest signed checkpoint note, as `govledger checkpoint` signed it.
    func checkpoint() throws -> Response {
        guard let latest = try store.latestCheckpoint() else {
            throw APIError.notFound("No checkpoint has been signed yet; sign one with 'govledger checkpoint --key FILE'.")
        }
        return JSONResponse.bytesResponse(latest.note, contentType: "text/plain; charset=utf-8")
    }

    /// `GET /v1/entries?from=N&limit=K`: entries in export format, one JSON object per line.
    func entries(_ request: Request) throws -> Response {
        let from = try Query.int(request, "from") ?? 0
        let limit = try Query.int(request, "limit") ?? 100
        guard from >= 0 else { throw APIError.badRequest("'from' must be 0 or more.") }
        guard limit >= 1 else { throw APIError.badRequest("'limit' must be 1 or more.") }
        var buffer: [UInt8] = []
        try store.forEachEntry(EntryQuery(fromSeq: from, limit: min(limit, maxEntriesPerPage))) { row in
            try row.entry().appendExportLine(to: &buffer)
            buffer.append(0x0A)
        }
        return JSONResponse.bytesResponse(buffer, contentType: "application/jsonl")
    }

    /// `GET /v1/proof/inclusion?seq=N[&size=M]`: the same object as `govledger prove inclusion --json`.
    func inclusionProof(_ request: Request) throws -> Response {
        guard let seq = try Query.int(request, "seq") else { throw APIError.badRequest("'seq' is required: the entry to prove.") }
        let requested = try Query.int(request, "size")
        let evidence = try store.inclusionEvidence(seq: seq) { head, latest in
            guard seq >= 0, seq < head else { throw APIError.notFound("There is no entry with seq \(seq): the log has \(head) entries.") }
            guard let size = requested ?? latest else {
                throw APIError.notFound("There is no signed checkpoint yet; pass 'size' for a proof against an unsigned root.")
            }
            guard size > seq, size <= head else { throw APIError.badRequest("'size' must be more than seq \(seq) and at most \(head).") }
            return size
        }
        var object = JSONObject()
        object["seq"] = .number(Double(seq))
        object["treeSize"] = .number(Double(evidence.size))
        object["leafHash"] = .string(evidence.leafHash.hex)
        object["rootHash"] = .string(evidence.root.hex)
        object["proof"] = .array(evidence.proof.map { .string($0.hex) })
        object["checkpoint"] = evidence.checkpoint.map { .string($0.noteText) } ?? .null
        object["entry"] = try JSONValue.parse(evidence.entry.exportLine())
        return JSONResponse.make(.object(object))
    }

    /// `GET /v1/proof/consistency?from=A&to=B`: the same object as `govledger prove consistency --json`.
    func consistencyProof(_ request: Request) throws -> Response {
        guard let from = try Query.int(request, "from") else { throw APIError.badRequest("'from' is required: the earlier tree size.") }
        let head = try store.headNow().nextSeq
        guard let to = try Query.int(request, "to") ?? store.latestCheckpoint()?.size else {
            throw APIError.notFound("There is no signed checkpoint yet; pass 'to'.")
        }
        guard from >= 0, from <= to, to <= head else { throw APIError.badRequest("Sizes must satisfy 0 ≤ from ≤ to ≤ \(head).") }
        let (oldRoot, newRoot, proof) = try store.consistencyProof(from: from, to: to)
        var object = JSONObject()
        object["format"] = .string("govledger.consistency-proof/v1")
        object["from"] = ["size": .number(Double(from)), "rootHash": .string(oldRoot.hex)]
        object["to"] = ["size": .number(Double(to)), "rootHash": .string(newRoot.hex)]
        object["proof"] = .array(proof.map { .string($0.hex) })
        object["checkpoint"] = try store.checkpoint(size: to).map { .string($0.noteText) } ?? .null
        object["oldCheckpoint"] = try store.checkpoint(size: from).map { .string($0.noteText) } ?? .null
        return JSONResponse.make(.object(object))
    }

    /// `GET /v1/stats`: like `govledger stats --json`, without the file path.
    func stats() throws -> Response {
        let stats = try store.statistics()
        var report = JSONObject()
        report["entries"] = .number(Double(stats.entries))
        report["streams"] = .number(Double(stats.streams))
        report["payloadsPresent"] = .number(Double(stats.payloadsPresent))
        report["bytesOnDisk"] = .number(Double(stats.bytesOnDisk))
        report["headSeq"] = stats.entries > 0 ? .number(Double(stats.head.nextSeq - 1)) : .null
        report["headLeafHash"] = stats.entries > 0 ? .string(stats.head.leafHash.hex) : .null
        report["firstTime"] = stats.firstTime.map { .string($0.description) } ?? .null
        report["lastTime"] = stats.head.time.map { .string($0.description) } ?? .null
        return JSONResponse.make(.object(report))
    }

    /// `GET /v1/registry`: every model, like `govledger registry --json`.
    ///
    /// The body is built once per log size: while no entry is appended, every request is served
    /// the same bytes. It is built from a state at least as new as the size it is kept under.
    func registry() async throws -> Response {
        let size = try store.headNow().nextSeq
        if let bytes = registryBody.body(at: size) {
            return JSONResponse.bytesResponse(bytes, contentType: "application/json")
        }
        let state = try await service.registry()
        var bytes = JSONValue.object(["models": .array(state.modelsInOrder.map { .object(RegistryJSON.model($0)) })]).canonicalBytes()
        bytes.append(0x0A)
        registryBody.keep(bytes, at: size)
        return JSONResponse.bytesResponse(bytes, contentType: "application/json")
    }

    /// `GET /v1/models/{name}`.
    func model(_ context: LedgerRequestContext) async throws -> Response {
        let slug = try Path.model(context)
        let (state, _) = try await service.state(models: [slug])
        guard let model = state.models[slug] else { throw APIError.notFound("Model \(slug) is not registered; GET /v1/registry lists the models.") }
        return JSONResponse.make(.object(RegistryJSON.model(model)))
    }

    /// `GET /v1/models/{name}/history`: every entry of the model's stream, with its payload.
    func history(_ context: LedgerRequestContext) async throws -> Response {
        let slug = try Path.model(context)
        let entries = try await service.history(of: slug)
        guard !entries.isEmpty else { throw APIError.notFound("No entries about \(slug); GET /v1/registry lists the models.") }
        return JSONResponse.make(["model": .string(slug.rawValue), "entries": .array(entries.map { entry in
            var object = RegistryJSON.summary(entry)
            object["actor"] = .string(entry.header.actor.rawValue)
            object["payload"] = (try? entry.payload?.object()).map { .object($0) } ?? .null
            return .object(object)
        })])
    }
}

/// Query parameters, parsed strictly.
enum Query {
    static func int(_ request: Request, _ name: String) throws -> Int? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        guard let value = Int(String(text)) else { throw APIError.badRequest("Query parameter '\(name)' must be an integer, not '\(String(text).prefix(32))'.") }
        return value
    }

    static func bool(_ request: Request, _ name: String) throws -> Bool? {
        guard let text = request.uri.queryParameters.get(name) else { return nil }
        switch String(text) {
        case "true", "1": return true
        case "false", "0": return false
        default: throw APIError.badRequest("Query parameter '\(name)' must be true or false, not '\(String(text).prefix(32))'.")
        }
    }

    /// A date (`YYYY-MM-DD`: its start, or its last millisecond with `endOfDay`) or an RFC 3339 time.
    static func time(_ request: Request, _ name: String, endOfDay: Bool) throws -> Timestamp? {
        guard let value = request.uri.queryParameters.get(name) else { return nil }
        let text = String(value)
        guard let time = Timestamp(dateOrTimestamp: text) else {
            throw APIError.badRequest("Query parameter '\(name)' is not a date: use YYYY-MM-DD or an RFC 3339 time such as 2025-01-15T09:30:00.000Z.")
        }
        return endOfDay && text.count == 10 ? time.adding(milliseconds: 86_400_000 - 1) : time
    }
}

/// Path parameters, parsed into the ledger's typed identifiers.
enum Path {
    static func model(_ context: LedgerRequestContext) throws -> ModelSlug {
        guard let text = context.parameters.get("name") else { throw APIError.badRequest("The path needs a model name.") }
        do { return try ModelSlug.parse(text) } catch { throw APIError.badRequest(error.message) }
    }

    static func version(_ context: LedgerRequestContext) throws -> SemanticVersion {
        guard let text = context.parameters.get("version") else { throw APIError.badRequest("The path needs a version.") }
        do { return try SemanticVersion.parse(text) } catch { throw APIError.badRequest(error.message) }
    }
}
