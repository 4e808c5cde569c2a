import Foundation
import HTTPTypes
import HummingbirdTesting
import LedgerCore
import LedgerServer
import NIOCore
import Projections
import Testing

extension DashboardTests {
    @Test func theAuditPackPageDownloadsAVerifiablePack() async throws {
        let (fixture, signer) = try await ServerFixture.demo()
        try await fixture.test { client in
            let (cookie, csrf) = try await Self.login(client, token: fixture.tokens[.complianceOfficer]!)
            let form = try await client.execute(uri: "/audit-packs", method: .get, headers: [.cookie: cookie])
            #expect(form.status == .ok)
            #expect(form.text.contains(#"<option value="credit-scoring-model""#))
            #expect(form.text.contains(#"name="csrf" value="\#(csrf)""#))

            let noCSRF = try await Self.post(client, "/audit-packs", cookie: cookie, form: "model=credit-scoring-model&from=2022-01-01&to=2026-12-31")
            #expect(noCSRF.status == .forbidden)
            let unknown = try await Self.post(client, "/audit-packs", cookie: cookie, form: "csrf=\(csrf)&model=no-such-model&from=2022-01-01&to=2026-12-31")
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(unknown.text.contains("no-such-model"))

            let pack = try await Self.post(client, "/audit-packs", cookie: cookie, form: "csrf=\(csrf)&model=credit-scoring-model&from=2022-01-01&to=2026-12-31")
            #expect(pack.status == .ok, "\(pack.text.prefix(300))")
            #expect(pack.headers[.contentType] == "application/zip")
            #expect(pack.headers[.contentDisposition]?.hasPrefix("attachment;") == true)
            let zip = FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-pack-\(UUID().uuidString).zip")
            defer { try? FileManager.default.removeItem(at: zip) }
            try Data(pack.body.readableBytesView).write(to: zip)
            let report = try AuditPackVerifier.verify(files: try AuditPackArchive.read(zip.path), verifier: signer.verifier)
            #expect(report.manifest.entries > 0)

            let (engineerCookie, engineerCSRF) = try await Self.login(client, token: fixture.tokens[.mlEngineer]!)
            let refused = try await Self.post(client, "/audit-packs", cookie: engineerCookie, form: "csrf=\(engineerCSRF)&model=credit-scoring-model&from=2022-01-01&to=2026-12-31")
            #expect(refused.status == .forbidden)
        }
    }
}
