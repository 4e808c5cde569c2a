import Foundation
import Governance
import LedgerCore
import Testing

/// The canonical form and digest depend on the policy's values only.
struct PolicyDigestTests {
    /// The YAML with its comments and blank lines removed (no value of the policy contains '#').
    static func withoutComments(_ yaml: String) -> String {
        yaml.split(separator: "\n")
            .map { line -> String in
                var code = line.firstIndex(of: "#").map { String(line[..<$0]) } ?? String(line)
                while code.last == " " { code.removeLast() }
                return code
            }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
    }

    @Test func commentsAndBlankLinesDoNotChangeTheDigest() throws {
        let yaml = try PolicyFixtures.shippedYAML()
        let stripped = Self.withoutComments(yaml)
        #expect(!stripped.contains("seed silent"))
        #expect(try PolicyLoader.load(yaml: stripped).digest == (try PolicyLoader.load(yaml: yaml).digest))
    }

    @Test func keyOrderQuotingAndNumberSpellingDoNotChangeTheDigest() throws {
        let original = try PolicyFixtures.shippedPolicy()
        var yaml = try PolicyFixtures.shippedYAML()
        // Move `version` after `name`'s section end, quote a string, respell numbers and flow a list.
        yaml = yaml.replacingOccurrences(of: "version: \"1.0.0\"\n", with: "")
        yaml += "\nversion: '1.0.0'\n"
        yaml = yaml.replacingOccurrences(of: "name: enterprise-default", with: "name: \"enterprise-default\"")
        yaml = yaml.replacingOccurrences(of: "      data_drift_psi: 0.10\n", with: "      data_drift_psi: 1.0e-1\n")
        yaml = yaml.replacingOccurrences(of: "    max_degradation: 0.01\n", with: "    max_degradation: 0.010\n")
        yaml = yaml.replacingOccurrences(
            of: "  stages: [development, staging, approved, production, deprecated, archived]",
            with: "  stages:\n    - development\n    - staging\n    - approved\n    - production\n    - deprecated\n    - archived")
        let reformatted = try PolicyLoader.load(yaml: yaml)
        #expect(reformatted == original)
        #expect(reformatted.digest == original.digest)
    }

    @Test func canonicalJSONIsItselfTheSamePolicy() throws {
        let original = try PolicyFixtures.shippedPolicy()
        let reloaded = try PolicyLoader.load(yaml: PolicyFixtures.text(original.canonicalJSON))
        #expect(reloaded == original)
        #expect(reloaded.digest == original.digest)
        #expect(reloaded.canonicalJSON.canonicalBytes() == original.canonicalJSON.canonicalBytes())
    }

    @Test func digestIsSHA256OfTheCanonicalBytes() throws {
        let policy = try PolicyFixtures.shippedPolicy()
        #expect(policy.digest == SHA256.hash(policy.canonicalJSON.canonicalBytes()))
        #expect(policy.digest.hex.count == 64)
        let keys = policy.canonicalJSON.objectValue?.keys ?? []
        #expect(keys == [
            "deployment", "deprecation", "features", "lifecycle", "mlflow", "name", "promotion", "regulatory", "retention", "retraining",
            "roles", "tiers", "validation", "version",
        ])
    }

    @Test(arguments: [
        ("        quorum: 4\n", "        quorum: 3\n"),
        ("version: \"1.0.0\"", "version: \"1.0.1\""),
        ("    retention: 3y\n", "    retention: 5y\n"),
        ("  archive_after_deprecated: 12mo", "  archive_after_deprecated: 1y"),
    ])
    func anyValueChangeChangesTheDigest(original: String, replacement: String) throws {
        let changed = try PolicyLoader.load(yaml: try PolicyFixtures.shippedYAML(replacing: original, with: replacement))
        #expect(changed.digest != (try PolicyFixtures.shippedPolicy().digest))
    }
}
