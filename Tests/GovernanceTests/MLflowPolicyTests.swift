import Foundation
import Governance
import LedgerCore
import Testing

/// The optional `mlflow:` section of a policy.
struct MLflowPolicyTests {
    static func withoutSection() throws -> String {
        let yaml = try PolicyFixtures.shippedYAML()
        let start = try #require(yaml.range(of: "\nmlflow:\n"))
        let end = try #require(yaml.range(of: "\n\n", range: start.upperBound..<yaml.endIndex))
        return String(yaml[..<start.lowerBound]) + "\n" + String(yaml[end.upperBound...])
    }

    @Test func aPolicyWithoutTheSectionLoadsWithTheDefaultsAndKeepsItsDigest() throws {
        let older = try PolicyLoader.load(yaml: try Self.withoutSection())
        #expect(older.mlflowSection == nil)
        #expect(older.mlflow == .defaults)
        #expect(older.canonicalJSON["mlflow"] == nil)
        let shipped = try PolicyFixtures.shippedPolicy()
        #expect(shipped.mlflowSection != nil)
        #expect(shipped.canonicalJSON["mlflow"] != nil)
        #expect(older.digest != shipped.digest)
        // The shipped section spells out the defaults
        #expect(shipped.mlflow == .defaults)
        // The canonical form reloads to an equal policy, section included
        #expect(try PolicyLoader.load(yaml: PolicyFixtures.text(shipped.canonicalJSON)) == shipped)
    }

    @Test func valuesOverrideTheDefaultsKeyByKey() throws {
        let yaml = try PolicyFixtures.shippedYAML(replacing: "aliases: {champion: production}", with: "aliases: {champion: production, candidate: approved}")
            .replacingOccurrences(of: "default_tier: 3 ", with: "default_tier: 2 ")
        let policy = try PolicyLoader.load(yaml: yaml)
        #expect(policy.mlflow.aliases == ["champion": .production, "candidate": .approved])
        #expect(policy.mlflow.defaultTier == RiskTier(rawValue: 2)!)
        #expect(policy.mlflow.stages["Archived"] == .deprecated)
    }

    @Test(arguments: [
        ("stages: {None: development, Staging: staging, Production: production, Archived: deprecated}", "stages: {Live: production}", "'Live' is not an MLflow stage"),
        ("aliases: {champion: production}", "aliases: {champion: live}", "'live' is not a stage"),
        ("aliases: {champion: production}", "aliases: {latest: production}", "not a valid alias"),
        ("version_bump: minor", "version_bump: huge", "use one of: major, minor, patch"),
    ])
    func badValuesAreReportedWhereTheyAre(original: String, replacement: String, expected: String) throws {
        let yaml = try PolicyFixtures.shippedYAML(replacing: original, with: replacement)
        let problems = PolicyLoader.problems(in: yaml)
        #expect(problems.contains { $0.description.contains(expected) && $0.description.contains("mlflow") }, "\(problems)")
    }
}
