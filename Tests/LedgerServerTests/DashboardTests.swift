import Foundation
import Governance
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LedgerCore
import LedgerServer
import LedgerStore
import NIOCore
import Testing

/// The web dashboard: login with a token into an HttpOnly, SameSite=Strict session, pages per
/// role, CSRF on every form, and a board vote cast from a signed ballot.
struct DashboardTests {
    /// Logs in with `token`; returns the session cookie and the CSRF token of the pages.
    static func login(_ client: any TestClientProtocol, token: String) async throws -> (cookie: String, csrf: String) {
        let form = try await client.execute(uri: "/login", method: .get)
        #expect(form.status == .ok)
        let loginCookie = try #require(form.headers[.setCookie]?.split(separator: ";").first.map(String.init))
        let csrf = try #require(Self.hidden("csrf", in: form.text))
        let body = "csrf=\(csrf)&next=%2Fboard&token=\(token)"
        let response = try await client.execute(
            uri: "/login", method: .post, headers: [.cookie: loginCookie, .contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
        #expect(response.status == .seeOther)
        #expect(response.headers[.location] == "/board")
        let cookies = response.headers[values: .setCookie]
        let session = try #require(cookies.first { $0.hasPrefix("govledger_session=") })
        #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Path=/"))
        let cookie = String(session.split(separator: ";")[0])
        let page = try await client.execute(uri: "/board", method: .get, headers: [.cookie: cookie])
        return (cookie, try #require(Self.hidden("csrf", in: page.text)))
    }

    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, cookie: String, form: String) async throws -> TestResponse {
        try await client.execute(
            uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form))
    }

    @Test func pagesNeedASessionAndTheLoginChecksItsForm() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let page = try await client.execute(uri: "/registry", method: .get)
            #expect(page.status == .seeOther)
            #expect(page.headers[.location] == "/login?next=%2Fregistry")
            let stale = try await Self.post(client, "/login", cookie: "govledger_login=abc", form: "csrf=def&token=\(fixture.tokens[.auditor]!)")
            #expect(stale.status == .forbidden)
            let form = try await client.execute(uri: "/login", method: .get)
            let cookie = String(form.headers[.setCookie]!.split(separator: ";")[0])
            let bad = try await Self.post(client, "/login", cookie: cookie, form: "csrf=\(Self.hidden("csrf", in: form.text)!)&token=glt_nope")
            #expect(bad.status == .unauthorized)
            #expect(bad.text.contains("That token is not valid"))
            #expect(bad.headers[values: .setCookie].allSatisfy { !$0.hasPrefix("govledger_session=") })
            let elsewhere = try await Self.post(client, "/login", cookie: cookie, form: "csrf=\(Self.hidden("csrf", in: form.text)!)&next=%2F%2Fevil.example&token=\(fixture.tokens[.auditor]!)")
            #expect(elsewhere.headers[.location] == "/registry")
        }
    }

    @Test func everyPageWithEveryRole() async throws {
        let fixture = try await ServerFixture()
        let service = GovernanceService(store: fixture.store, clock: .system)
        try await service.execute(.registerModel(name: "Churn <Predictor>", owner: "Marketing", framework: "PyTorch", tier: RiskTier(rawValue: 3)!, purpose: "<script>alert(1)</script>"), by: ServerFixture.principal(.admin))
        try await fixture.test { client in
            for role in APIRole.allCases {
                let (cookie, csrf) = try await Self.login(client, token: fixture.tokens[role]!)
                for route in DashboardRoute.allCases where route.method == .get && route.permission != nil {
                    let uri = route.path.replacingOccurrences(of: "{name}", with: "churn-predictor")
                    let response = try await client.execute(uri: uri, method: .get, headers: [.cookie: cookie])
                    let allowed = route.permission.map { role.allows($0) } ?? true
                    #expect(response.status == (allowed ? .ok : .forbidden), "\(role) \(uri): \(response.status)")
                    #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                    #expect(!response.text.contains("<script>"), "\(uri) must escape what it shows")
                }
                let vote = try await Self.post(client, "/board/vote", cookie: cookie, form: "csrf=\(csrf)&signed=%7B%7D")
                #expect(vote.status == (role.allows(.vote) ? .badRequest : .forbidden), "\(role) vote: \(vote.status)")
                let noCSRF = try await Self.post(client, "/logout", cookie: cookie, form: "")
                #expect(noCSRF.status == .forbidden)
                let logout = try await Self.post(client, "/logout", cookie: cookie, form: "csrf=\(csrf)")
                #expect(logout.status == .seeOther)
                let after = try await client.execute(uri: "/registry", method: .get, headers: [.cookie: cookie])
                #expect(after.status == .seeOther, "the session ends at logout")
            }
        }
    }

    @Test func theRegistryFiltersAndTheModelPageShowsTheMinutes() async throws {
        let fixture = try await ServerFixture()
        let service = GovernanceService(store: fixture.store, clock: .system)
        let admin = ServerFixture.principal(.admin)
        try await service.execute(.registerModel(name: "Fraud Detection Engine", owner: "Risk Team", framework: "XGBoost", tier: RiskTier(rawValue: 1)!, purpose: "Fraud"), by: admin)
        try await service.execute(.registerModel(name: "Churn Predictor", owner: "Marketing", framework: "PyTorch", tier: RiskTier(rawValue: 3)!, purpose: "Churn"), by: admin)
        try await service.execute(.recordFinding(model: ModelSlug(displayName: "Churn Predictor")!, area: .data, severity: .medium, observation: "No dataset hash.", remediation: "Record it.", owner: admin, due: "2099-01-01"), by: admin)
        try await fixture.test { client in
            let (cookie, _) = try await Self.login(client, token: fixture.tokens[.auditor]!)
            let all = try await client.execute(uri: "/registry", method: .get, headers: [.cookie: cookie])
            #expect(all.text.contains("Fraud Detection Engine") && all.text.contains("Churn Predictor"))
            let tier1 = try await client.execute(uri: "/registry?tier=1", method: .get, headers: [.cookie: cookie])
            #expect(tier1.text.contains("Fraud Detection Engine") && !tier1.text.contains(">Churn Predictor<"))
            // The tier filter keeps the chosen tier selected, and its options are the tiers' numbers.
            #expect(tier1.text.contains(#"<option value="1" selected>Tier 1</option>"#))
            #expect(tier1.text.contains(#"<option value="4">Tier 4</option>"#))
            let team = try await client.execute(uri: "/registry?team=Marketing", method: .get, headers: [.cookie: cookie])
            #expect(!team.text.contains(">Fraud Detection Engine<") && team.text.contains(">Churn Predictor<"))
            let model = try await client.execute(uri: "/models/churn-predictor", method: .get, headers: [.cookie: cookie])
            #expect(model.text.contains("<h2 id=\"findings\">Audit findings</h2>"))
            #expect(model.text.contains("No dataset hash."))
            let card = try await client.execute(uri: "/models/churn-predictor/card", method: .get, headers: [.cookie: cookie])
            #expect(card.status == .ok && card.text.contains("<h1>Model card: Churn Predictor</h1>"))
            let missing = try await client.execute(uri: "/models/nothing-here", method: .get, headers: [.cookie: cookie])
            #expect(missing.status == .notFound)
        }
    }

    /// A ballot signed as `govledger vote … --sign-only --json` prints it.
    static func signedBallot(_ fixture: ServerFixture, member: Principal, key: Ed25519PrivateKey) async throws -> String {
        let service = GovernanceService(store: fixture.store, clock: .system)
        let ballot = try await service.prepareBallot(
            model: ModelSlug(rawValue: "fraud-detection-engine")!, version: SemanticVersion("1.0.0")!, member: member,
            decision: .approve, rationale: "Meets every gate", dissent: nil)
        let signed: JSONValue = ["ballot": .object(ballot.json), "signature": .string(Base64.encode(try ballot.sign(with: key))), "keyFingerprint": .string(key.publicKey.fingerprint.hex)]
        return String(decoding: signed.canonicalBytes(), as: UTF8.self)
    }

    @Test func aMemberVotesFromTheBoardPageAndOnlyAsThemselves() async throws {
        let fixture = try await ServerFixture()
        let keys = try await VoteRouteTests.openRequest(fixture)
        let member = VoteRouteTests.members[0], other = VoteRouteTests.members[1]
        let theirs = try await Self.signedBallot(fixture, member: other, key: keys[other]!)
        let mine = try await Self.signedBallot(fixture, member: member, key: keys[member]!)
        let token = try fixture.store.createToken(principal: member, role: "board-member", expires: nil)
        try await fixture.test { client in
            let (cookie, csrf) = try await Self.login(client, token: token)
            let board = try await client.execute(uri: "/board", method: .get, headers: [.cookie: cookie])
            #expect(board.text.contains("Cast a signed vote"))
            #expect(board.text.contains("Fraud Detection Engine</a> 1.0.0: staging → approved"))
            let before = try fixture.entryCount()
            let refused = try await Self.post(client, "/board/vote", cookie: cookie, form: "csrf=\(csrf)&signed=\(Self.encode(theirs))")
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("signed-in member only"))
            #expect(try fixture.entryCount() == before)
            let accepted = try await Self.post(client, "/board/vote", cookie: cookie, form: "csrf=\(csrf)&signed=\(Self.encode(mine))")
            #expect(accepted.status == .ok, "\(accepted.text)")
            #expect(accepted.text.contains("Your vote was recorded at seq \(before)"))
            let written = try await fixture.store.entries(EntryQuery(fromSeq: before))
            #expect(written.first?.header.actor == member)
            #expect(written.first?.header.type == .voteCast)
            let twice = try await Self.post(client, "/board/vote", cookie: cookie, form: "csrf=\(csrf)&signed=\(Self.encode(mine))")
            #expect(twice.status == .unprocessableContent)
            #expect(try fixture.entryCount() == before + 1)
        }
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    @Test func theIntegrityPageIsPublic() async throws {
        let fixture = try await ServerFixture()
        try await fixture.test { client in
            let page = try await client.execute(uri: "/", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("<dd id=\"entries\">1</dd>"))
            #expect(page.text.contains("Verify it yourself"))
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
        }
    }
}
