import Governance
import LedgerCore
import Testing

/// Model card sections and reviews, audit findings and their remediation.
struct DocumentationRuleTests {
    typealias W = GovernanceWorld

    @Test func aSectionIsRecordedAndReplacesTheEarlierText() async throws {
        let world = try await W.make()
        let slug = try await world.register("Fraud Detection Engine", tier: 1)
        let first = try await world.run(.setCardSection(model: slug, section: .limitations, text: "Domestic traffic only.", version: nil))
        try await world.run(.setCardSection(model: slug, section: .limitations, text: "Domestic and EU traffic.", version: nil))
        let model = try #require(try await world.state().models[slug])
        #expect(model.cardSections[.limitations]?.text == "Domestic and EU traffic.")
        #expect(model.cardReview?.seq == first[0].header.seq + 1)
        #expect(first[0].header.type.rawValue == "modelcard.section.set")
        #expect(first[0].header.stream == slug.stream)
    }

    @Test func aSectionForAnUnknownVersionOrWithBlankTextIsRefused() async throws {
        let world = try await W.make()
        let slug = try await world.register("Fraud Detection Engine", tier: 1)
        try await world.expectRejection(.setCardSection(model: slug, section: .overview, text: "Scores.", version: W.v("9.9.9")), rule: .versionUnknown)
        try await world.expectRejection(.setCardSection(model: slug, section: .overview, text: "  \n ", version: nil), rule: .modelCard)
        let long = String(repeating: "x", count: ModelCardSectionSet.maximumLength + 1)
        try await world.expectRejection(.setCardSection(model: slug, section: .overview, text: long, version: nil), rule: .modelCard)
        try await world.expectRejection(.reviewCard(model: W.slug("Unknown Model"), note: nil), rule: .modelUnknown)
    }

    @Test func aSectionPayloadWithAnUnknownSectionDoesNotDecode() throws {
        let payload: JSONObject = ["model": "fraud-detection-engine", "section": "summary", "text": "x", "policyDigest": .string(String(repeating: "a", count: 64))]
        #expect(throws: LedgerError.self) { try ModelCardSectionSet(payload: payload) }
    }

    @Test func aFindingIsRemediatedOnceAndOnlyIfItExists() async throws {
        let world = try await W.make()
        let slug = try await world.register("Credit Scoring Model", tier: 1)
        let recorded = try await world.run(.recordFinding(
            model: slug, area: .governance, severity: .medium, observation: "Card not reviewed.", remediation: "Review it.",
            owner: W.engineer, due: "2099-01-31"))
        let seq = recorded[0].header.seq
        try await world.expectRejection(.remediateFinding(model: slug, finding: seq + 100, note: "Done."), rule: .auditFinding)
        try await world.run(.remediateFinding(model: slug, finding: seq, note: "Reviewed."))
        let message = try await world.expectRejection(.remediateFinding(model: slug, finding: seq, note: "Again."), rule: .auditFinding)
        #expect(message.contains("already remediated"))
        let finding = try #require(try await world.state().models[slug]?.findings.first)
        #expect(finding.seq == seq)
        #expect(finding.remediation?.note == "Reviewed.")
    }

    @Test func aFindingDueBeforeItIsRecordedIsRefused() async throws {
        let world = try await W.make()
        let slug = try await world.register("Credit Scoring Model", tier: 1)
        let message = try await world.expectRejection(.recordFinding(
            model: slug, area: .security, severity: .high, observation: "Unsigned artifact.", remediation: "Sign it.",
            owner: W.engineer, due: "2000-01-01"), rule: .auditFinding)
        #expect(message.contains("before the day it is recorded"))
    }

    @Test func theFindingPayloadRoundTripsAndRefusesABadDate() throws {
        let finding = AuditFindingRecorded(
            model: W.slug("Credit Scoring Model"), area: .businessValue, severity: .informational, observation: "o", remediation: "r",
            owner: W.engineer, due: "2025-07-31", policyDigest: SHA256.hash([1]))
        #expect(try AuditFindingRecorded(payload: finding.payload) == finding)
        var bad = finding.payload
        bad["due"] = "2025-7-31"
        #expect(throws: LedgerError.self) { try AuditFindingRecorded(payload: bad) }
        #expect(finding.payload["area"]?.stringValue == "business-value")
    }
}
