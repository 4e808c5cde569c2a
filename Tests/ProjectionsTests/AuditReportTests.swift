import Foundation
import Governance
import LedgerCore
import LedgerTestSupport
import Projections
import Testing

/// Audit reports cover the seven areas, keep to their period and cite their entries.
struct AuditReportTests {
    func report(from: String, to: String, models: [String] = ["fraud-detection-engine"]) async throws -> (Document, [Entry]) {
        let store = try await ProjectionFixtures.demo()
        let entries = await store.allEntries
        let state = try ProjectionFixtures.fold(entries)
        let builder = AuditReportBuilder(
            dossiers: models.map { state.models[$0]! }, state: state, policy: try ProjectionFixtures.policy(),
            from: ProjectionFixtures.time(from), to: ProjectionFixtures.time(to), now: ProjectionFixtures.time("2025-07-01"))
        return (builder.build(), entries)
    }

    @Test func theReportHasTheSevenAreasInOrder() async throws {
        let (document, _) = try await report(from: "2025-01-01", to: "2025-06-30")
        #expect(document.sections.map(\.id) == AuditArea.allCases.map(\.rawValue))
    }

    @Test func governanceListsThePeriodsTransitionsWithTheirVotes() async throws {
        let (document, entries) = try await report(from: "2025-01-01", to: "2025-06-30")
        let governance = try #require(document.sections.first { $0.id == "governance" })
        let promotion = try #require(governance.statements.first { $0.text.contains("3.2.1 staging → approved") })
        #expect(promotion.text.contains("(dissent)"))
        let types = Set(promotion.sources.map { entries[$0].header.type.rawValue })
        #expect(types == ["model.version.transitioned", "approval.requested", "approval.vote.cast", "approval.signoff.recorded", "approval.decided"])
        for statement in governance.statements {
            for seq in statement.sources where entries[seq].header.type.rawValue == "model.version.transitioned" {
                #expect(entries[seq].header.time.description >= "2025-01-01")
            }
        }
    }

    @Test func aPeriodBeforeTheEvidenceLeavesItOut() async throws {
        let (early, _) = try await report(from: "2022-01-01", to: "2022-12-31")
        let monitoring = try #require(early.sections.first { $0.id == "monitoring" })
        #expect(!monitoring.statements.contains { $0.text.contains("Retraining triggered") })
        let (late, _) = try await report(from: "2025-01-01", to: "2025-06-30")
        #expect(late.sections.first { $0.id == "monitoring" }!.statements.contains { $0.text.contains("resolved after 336 h") })
    }

    @Test func findingsAppearInTheirAreaAndOverdueOnesAreFlagged() async throws {
        let (document, _) = try await report(from: "2025-01-01", to: "2025-12-31", models: ["fraud-detection-engine", "credit-scoring-model"])
        let governance = try #require(document.sections.first { $0.id == "governance" })
        #expect(governance.statements.contains { $0.text.hasPrefix("Credit Scoring Model: Finding (informational)") && $0.text.hasSuffix("; open.") })
        let performance = try #require(document.sections.first { $0.id == "performance" })
        #expect(performance.statements.contains { $0.text.contains("Finding (low)") && $0.text.contains("remediated 2025-06-16") })
        #expect(document.flags.isEmpty, "the credit finding is due 2025-07-31, after the report's date")
    }

    @Test func theReportRendersToMarkdownAndHTML() async throws {
        let (document, _) = try await report(from: "2025-01-01", to: "2025-06-30")
        let library = try TemplateLibrary(directory: ProjectionFixtures.templates)
        let markdown = try library.render(document, template: "audit-report", format: .markdown)
        for area in AuditArea.allCases { #expect(markdown.contains("## \(area.title)")) }
        let html = try library.render(document, template: "audit-report", format: .html)
        #expect(html.contains("<section id=\"business-value\">"))
        #expect(html.contains("Costs: inference $2650"))
    }
}
