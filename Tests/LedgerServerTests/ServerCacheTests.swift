import Foundation
import Governance
import HTTPTypes
import HummingbirdTesting
import LedgerCore
@testable import LedgerServer
import LedgerStore
import Synchronization
import Testing

@Suite struct ServerCacheTests {
    private final class Lookups: Sendable {
        let count = Mutex(0)
        let known: [String: APIToken]
        init(_ known: [String: APIToken]) { self.known = known }
        func lookup(_ token: String) -> APIToken? {
            count.withLock { $0 += 1 }
            return known[token]
        }
        var made: Int { count.withLock { $0 } }
    }

    private static let grant = APIToken(
        principal: Principal("auditor@bank.example")!, role: "auditor", created: Timestamp(millisecondsSinceEpoch: 0), expires: nil)

    @Test func aGrantIsReadOncePerLifetime() {
        let time = Mutex(1000.0)
        let cache = TokenGrantCache(lifetime: 30, now: { time.withLock { $0 } })
        let lookups = Lookups(["glt_a": Self.grant])
        #expect(cache.grant("glt_a", lookup: lookups.lookup) == Self.grant)
        #expect(cache.grant("glt_a", lookup: lookups.lookup) == Self.grant)
        #expect(lookups.made == 1)
        time.withLock { $0 += 29.9 }
        #expect(cache.grant("glt_a", lookup: lookups.lookup) == Self.grant)
        #expect(lookups.made == 1)
        time.withLock { $0 += 0.2 }
        #expect(cache.grant("glt_a", lookup: lookups.lookup) == Self.grant)
        #expect(lookups.made == 2)
    }

    @Test func anUnknownTokenIsLookedUpEveryTime() {
        let cache = TokenGrantCache()
        let lookups = Lookups([:])
        for _ in 0..<3 { #expect(cache.grant("glt_unknown", lookup: lookups.lookup) == nil) }
        #expect(lookups.made == 3)
    }

    @Test func theCacheStaysWithinItsCapacity() {
        let cache = TokenGrantCache(capacity: 4)
        var known: [String: APIToken] = [:]
        for index in 0..<10 { known["glt_\(index)"] = Self.grant }
        let lookups = Lookups(known)
        for index in 0..<10 { _ = cache.grant("glt_\(index)", lookup: lookups.lookup) }
        #expect(lookups.made == 10)
        // The table was emptied when full: the earliest tokens are read again.
        _ = cache.grant("glt_0", lookup: lookups.lookup)
        #expect(lookups.made == 11)
        #expect(cache.count <= 4)
    }

    @Test func theRegistryFollowsEntriesAppendedByAnotherWriter() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let before = try await client.send(.get, "/v1/registry", token: fixture.tokens[.auditor])
            let again = try await client.send(.get, "/v1/registry", token: fixture.tokens[.auditor])
            #expect(try before.json()["models"]?.arrayValue?.count == 0)
            #expect(before.body == again.body)
            // A writer outside the server (the CLI) registers a model.
            let service = GovernanceService(store: fixture.store, clock: .system)
            try await service.execute(
                .registerModel(name: "Cache Model", owner: "Risk", framework: "sklearn", tier: RiskTier(rawValue: 3)!, purpose: "registry memo"),
                by: ServerFixture.principal(.admin))
            let after = try await client.send(.get, "/v1/registry", token: fixture.tokens[.auditor])
            #expect(try after.json()["models"]?.arrayValue?.count == 1)
        }
    }
}
