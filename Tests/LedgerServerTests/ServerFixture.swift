import Foundation
import Governance
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import LedgerCore
import LedgerServer
import LedgerStore
import NIOCore
import Testing

/// A new ledger in a temporary folder with the shipped policy adopted and one token per role.
struct ServerFixture: Sendable {
    let path: String
    let store: SQLiteEventStore
    /// A token for each role; the principal is `<role>@bank.example`.
    let tokens: [APIRole: String]
    var configuration: ServerConfiguration

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func principal(_ role: APIRole) -> Principal { Principal(rawValue: "\(role.rawValue)@bank.example")! }

    init(maxBodyBytes: Int = 1 << 20, maxFailedAuthentications: Int = 10) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("govledger-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("ledger.db").path
        store = try SQLiteEventStore.create(at: path).store
        let yaml = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("compliance/policy.yaml"), encoding: .utf8)
        let service = GovernanceService(store: store, clock: .system)
        let admin = Self.principal(.admin)
        try await service.execute(.adoptPolicy(try PolicyLoader.load(yaml: yaml)), by: admin)
        var tokens: [APIRole: String] = [:]
        for role in APIRole.allCases {
            tokens[role] = try store.createToken(principal: Self.principal(role), role: role.rawValue, expires: nil)
        }
        self.tokens = tokens
        var configuration = ServerConfiguration(databasePath: path, maxBodyBytes: maxBodyBytes, maxFailedAuthentications: maxFailedAuthentications)
        configuration.templatesDirectory = Self.repositoryRoot.appendingPathComponent("projections").path
        self.configuration = configuration
    }

    init(path: String, store: SQLiteEventStore, tokens: [APIRole: String], configuration: ServerConfiguration) {
        self.path = path
        self.store = store
        self.tokens = tokens
        self.configuration = configuration
    }

    /// Runs `test` against the application over the router, without sockets.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try await buildApplication(configuration)
        try await app.test(.router) { client in try await body(client) }
    }

    /// The number of entries in the log.
    func entryCount() throws -> Int { try store.headNow().nextSeq }
}

extension TestClientProtocol {
    /// Sends a request with an optional bearer token and JSON body.
    func send(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body parsed as JSON.
    func json() throws -> JSONValue { try JSONValue.parse(Array(body.readableBytesView)) }

    /// The `error.code` of an error body.
    var errorCode: String? { (try? json())?["error"]?["code"]?.stringValue }
}

extension ServerFixture {
    /// The demo story (twelve models, three years of history, a legal hold on the credit model)
    /// in a new ledger file, with one token per role and a signer key for audit packs.
    static func demo() async throws -> (fixture: ServerFixture, signer: NoteSigner) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("govledger-server-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("ledger.db").path
        let clock = ScriptedClock(DemoScenario.start)
        var storeConfiguration = SQLiteEventStore.Configuration()
        storeConfiguration.clock = clock.ledgerClock
        storeConfiguration.random = .deterministic(seed: 2022)
        let store = try SQLiteEventStore.create(at: path, configuration: storeConfiguration, origin: "demo.govledger.local").store
        let yaml = try String(contentsOf: repositoryRoot.appendingPathComponent("compliance/policy.yaml"), encoding: .utf8)
        let service = GovernanceService(store: store, clock: clock.ledgerClock, cache: RegistryCache())
        _ = try await DemoRunner(service: service, clock: clock).run(DemoScenario.steps(policy: try PolicyLoader.load(yaml: yaml)))
        _ = try store.appendNow([EntryDraft(
            stream: StreamName("legal-hold/credit-scoring-model")!, type: EventType(RetentionState.holdPlaced)!,
            actor: Principal("compliance-officer@bank.example")!, retention: .sevenYears,
            payload: ["model": "credit-scoring-model", "case": "LIT-2025-014", "reason": "customer litigation"])])
        var tokens: [APIRole: String] = [:]
        for role in APIRole.allCases {
            tokens[role] = try store.createToken(principal: principal(role), role: role.rawValue, expires: nil)
        }
        let signer = try NoteSigner(name: "demo.govledger.local", privateKey: try Ed25519PrivateKey.generate())
        var configuration = ServerConfiguration(databasePath: path)
        configuration.templatesDirectory = repositoryRoot.appendingPathComponent("projections").path
        configuration.verifyAtStart = false
        configuration.signerKey = signer
        return (ServerFixture(path: path, store: store, tokens: tokens, configuration: configuration), signer)
    }
}
