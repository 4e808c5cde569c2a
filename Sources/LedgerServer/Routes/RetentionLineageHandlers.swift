import Foundation
import Governance
import Hummingbird
import LedgerCore
import LedgerStore
import NIOCore

/// Retention, legal holds and prediction lineage: the operations of `govledger retention`,
/// `govledger hold` and `govledger lineage ingest|show`, over ``RetentionOperations`` and the
/// store's lineage ingestion and lookup. The principal of the token is the actor.
struct RetentionLineageHandlers: Sendable {
    let store: SQLiteEventStore
    let service: GovernanceService<SQLiteEventStore>
    let maxBodyBytes: Int
    let clock: LedgerClock

    // MARK: Retention

    /// The as-of date: given or now, never in the future (that would purge early).
    private func asOf(_ text: String?) throws -> Timestamp {
        let now = clock.now()
        guard let text else { return now }
        guard let date = Timestamp(dateOrTimestamp: text) else {
            throw APIError.badRequest("'asOf' is not a date (2025-01-15) or an RFC 3339 UTC time with milliseconds.")
        }
        guard date <= now else {
            throw APIError.badRequest("'asOf' \(date) is in the future; purging as of a later date would delete data before its window ends.")
        }
        return date
    }

    /// `GET /v1/retention/plan[?asOf=]`: as `govledger retention plan --json`.
    func retentionPlan(_ request: Request) throws -> Response {
        let plan = try RetentionOperations.plan(store: store, asOf: try asOf(request.uri.queryParameters.get("asOf").map { String($0) })).plan
        return JSONResponse.make(.object(plan.json))
    }

    /// `POST /v1/retention/apply` with `{"asOf"?}`: as `govledger retention apply --yes --json`.
    func retentionApply(_ request: Request, as identity: APIIdentity) async throws -> Response {
        let body = try await RequestBody.optionalObject(request, maxBodyBytes: maxBodyBytes, allowed: ["asOf"])
        let (plan, record) = try RetentionOperations.apply(store: store, asOf: try asOf(try body?.optionalString("asOf")), actor: identity.principal)
        guard let record else { return JSONResponse.make(["purged": 0, "asOf": .string(plan.asOf.description)]) }
        var object = plan.json
        object["purged"] = .int(plan.purgeable.count)
        object["recordSeq"] = .int(record.header.seq)
        return JSONResponse.make(.object(object), status: .created)
    }

    /// `GET /v1/legal-holds`: as `govledger hold list --json`.
    func holds() throws -> Response {
        JSONResponse.make(["holds": .array(try RetentionOperations.holds(store: store).map { .object(RetentionOperations.json($0)) })])
    }

    /// `POST /v1/legal-holds` (`place`) and `POST /v1/legal-holds/release` with `{"model", "case", "reason"}`.
    func hold(_ request: Request, place: Bool, as identity: APIIdentity) async throws -> Response {
        let body = try await RequestBody.object(request, maxBodyBytes: maxBodyBytes, allowed: ["model", "case", "reason"])
        let model = try body.string("model")
        let caseID = try body.string("case")
        let reason = try body.string("reason")
        let entry: Entry
        do {
            if place {
                entry = try await RetentionOperations.placeHold(model: model, caseID: caseID, reason: reason, actor: identity.principal, store: store, service: service)
            } else {
                entry = try await RetentionOperations.releaseHold(model: model, caseID: caseID, reason: reason, actor: identity.principal, store: store, service: service)
            }
        } catch let refusal as RetentionOperations.Refusal {
            switch refusal.kind {
            case .unknownModel: throw APIError.notFound(refusal.message)
            case .conflict: throw APIError(.conflict, code: "already_held", refusal.message)
            case .notCompliance: throw APIError(.unprocessableContent, code: "rule_violation", refusal.message, rule: "legal-hold-compliance-role")
            case .badInput: throw APIError.badRequest(refusal.message)
            }
        }
        return JSONResponse.make(["entries": .array([.object(RegistryJSON.summary(entry))])], status: .created)
    }

    // MARK: Lineage

    /// `POST /v1/lineage/batches[?batchSize=N]`: JSON Lines, or a JSON array of records; every
    /// record is checked first and any bad one refuses the whole body.
    func ingest(_ request: Request, as identity: APIIdentity) async throws -> Response {
        let batchSize = try Query.int(request, "batchSize") ?? LineageBatch.defaultRecords
        guard (1...LineageBatch.maxRecords).contains(batchSize) else {
            throw APIError.badRequest("'batchSize' must be between 1 and \(LineageBatch.maxRecords).")
        }
        var bytes: [UInt8]
        do {
            bytes = Array(try await request.body.collect(upTo: maxBodyBytes).readableBytesView)
        } catch {
            throw APIError.tooLarge(maxBodyBytes)
        }
        if bytes.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) == UInt8(ascii: "[") {
            let value: JSONValue
            do { value = try JSONValue.parse(bytes) } catch { throw APIError.badRequest("The body is not valid JSON: \(error.message)") }
            guard let list = value.arrayValue else { throw APIError.badRequest("The body must be JSON Lines or a JSON array of records.") }
            bytes = []
            for element in list {
                bytes += element.canonicalBytes()
                bytes.append(0x0A)
            }
        }
        let input: LineageInput
        do throws(LedgerError) {
            input = try LineageInput.read(bytes, format: .jsonl)
        } catch {
            throw APIError.badRequest(error.message)
        }
        // The registry's rules, as `govledger lineage ingest` applies them: a registered version,
        // serving at the record's time, reading the feature set of its lineage.
        let registry = try await service.registry()
        let problems = LineageChecks(clock: clock, validator: RegistryLineageValidator(registry: registry)).problems(in: input)
        guard problems.isEmpty else { throw Self.rejection(problems) }
        guard !input.records.isEmpty else { throw APIError.badRequest("The body holds no records; nothing was written.") }
        let batches = LineageBatch.plan(input.records, size: batchSize)
        let entries: [Entry]
        do {
            // The index runs are merged after the response: a large merge takes seconds.
            entries = try store.ingestLineage(
                batches, actor: identity.principal, retention: .sevenYears, merging: .inBackground(failed: Self.reportMergeFailure))
        } catch let rejection as LineageRejection {
            throw Self.rejection(rejection.problems)
        }
        return JSONResponse.make([
            "records": .int(input.records.count),
            "batches": .array(zip(batches, entries).map { batch, entry in
                [
                    "seq": .int(entry.header.seq), "stream": .string(entry.header.stream.rawValue), "model": .string(batch.model),
                    "count": .int(batch.records.count), "root": .string(batch.tree.root.hex), "leafHash": .string(entry.leafHash.hex),
                ]
            }),
        ], status: .created)
    }

    /// What the server shows of a background merge of index runs that failed: one line on
    /// standard error (lookups answer the same without it; the next ingestion tries again).
    @Sendable private static func reportMergeFailure(_ error: any Error) {
        let message = (error as? LedgerError)?.message ?? String(describing: error)
        FileHandle.standardError.write(Data("govledger: merging the lineage index runs failed: \(message) Lookups are unaffected; the next ingestion tries again.\n".utf8))
    }

    private static func rejection(_ problems: [LineageProblem]) -> APIError {
        let sorted = problems.sorted { $0.line < $1.line }
        let listed = sorted.prefix(5).map { String(describing: $0) }.joined(separator: "; ")
        return APIError(
            .badRequest, code: "invalid_lineage_records",
            "\(problems.count) bad record\(problems.count == 1 ? "" : "s"); nothing was written. \(listed)\(problems.count > 5 ? "; …" : "")")
    }

    /// `GET /v1/lineage/{predictionId}`: as `govledger lineage show --json`: the record, its
    /// batch entry, the model chain and both levels of the proof when a checkpoint covers them.
    func show(_ context: LedgerRequestContext) throws -> Response {
        let text = context.parameters.get("predictionId") ?? ""
        guard let id = PredictionID(rawValue: text) else {
            throw APIError.badRequest("'\(text.prefix(80))' is not a prediction id: use \(PredictionID.rule).")
        }
        guard let lookup = try store.lineageRecord(id) else { throw APIError.notFound("No prediction '\(id)' is recorded in this ledger.") }
        let record: PredictionRecord? = try lookup.record.map { bytes in
            guard case .success(let record) = PredictionRecord.read(bytes) else {
                throw LedgerError(.integrityFailure, "The stored record of \(id) is not a valid prediction record.")
            }
            return record
        }
        var chain: [Entry] = []
        if let record, let stream = StreamName(rawValue: "model/" + record.model) {
            chain = try store.entriesNow(EntryQuery(stream: stream)).filter { entry in
                (try? entry.payload?.object())?["version"]?.stringValue == record.version
            }
        }
        var object = lookup.json(record: record, chain: chain)
        object["checkpoint"] = .null
        object["proof"] = .null
        if let checkpoint = try store.latestCheckpoint(), checkpoint.size > max(lookup.location.batchSeq, lookup.erasedBy ?? 0) {
            let proof = try store.lineageProof(lookup, checkpoint: checkpoint)
            let verified = try proof.verify(verifiers: [try NoteVerifier(verifierKey: checkpoint.verifierKey)])
            object["checkpoint"] = [
                "size": .int(verified.checkpoint.size), "rootHash": .string(verified.checkpoint.rootHash.hex),
                "origin": .string(verified.checkpoint.origin), "verifierKey": .string(checkpoint.verifierKey),
            ]
            object["entryPath"] = .array(proof.tlogProof.hashes.map { .string($0.hex) })
            object["proof"] = try proof.json
        }
        return JSONResponse.make(.object(object))
    }
}
