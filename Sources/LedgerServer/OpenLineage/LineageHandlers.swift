import Governance
import Hummingbird
import LedgerCore
import LedgerStore
import NIOCore

/// `POST /api/v1/lineage` and `POST /api/v1/lineage/batch`: OpenLineage 2-0-2 events, each
/// checked against the specification's required fields and recorded as an
/// `openlineage.event.recorded` entry by the authenticated principal. A batch is written all or
/// nothing; a bad event gets 400 naming the event and the field, and nothing is written.
struct LineageHandlers: Sendable {
    let service: GovernanceService<SQLiteEventStore>
    let maxBodyBytes: Int
    /// The most events one batch may carry.
    static let maxBatch = 1000

    func handle(_ endpoint: APIEndpoint, _ request: Request, as identity: APIIdentity) async throws -> Response {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: maxBodyBytes) } catch { throw APIError.tooLarge(maxBodyBytes) }
        let bytes = Array(buffer.readableBytesView)
        guard !bytes.isEmpty else { throw APIError.badRequest("The request needs a JSON body: an OpenLineage event\(endpoint == .lineageBatch ? "s array" : " object").") }
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch { throw APIError.badRequest("The body is not valid JSON: \(error.message)") }
        var events: [OpenLineageEvent] = []
        if endpoint == .lineageBatch {
            guard let array = value.arrayValue ?? value["events"]?.arrayValue else {
                throw APIError.badRequest("A batch is a JSON array of OpenLineage events (or {\"events\": [...]}).")
            }
            guard !array.isEmpty else { throw APIError.badRequest("The batch is empty; send at least one event.") }
            guard array.count <= Self.maxBatch else {
                throw APIError(.contentTooLarge, code: "limit_exceeded", "A batch carries at most \(Self.maxBatch) events; this one has \(array.count). Split it.")
            }
            for (index, element) in array.enumerated() {
                events.append(try parse(element, label: "Event \(index)"))
            }
        } else {
            events.append(try parse(value, label: "The event"))
        }
        let command: GovernanceCommand = events.count == 1 ? .recordOpenLineage(events[0]) : .sequence(events.map { .recordOpenLineage($0) })
        let written = try await service.execute(command, by: identity.principal)
        return JSONResponse.make(["entries": .array(written.map { .object(RegistryJSON.summary($0)) })], status: .created)
    }

    private func parse(_ value: JSONValue, label: String) throws -> OpenLineageEvent {
        guard let object = value.objectValue else { throw APIError.badRequest("\(label) must be a JSON object.") }
        do {
            return try OpenLineageEvent(json: object)
        } catch {
            throw APIError(.badRequest, code: "invalid_openlineage_event", "\(label): \(error.message)")
        }
    }
}
