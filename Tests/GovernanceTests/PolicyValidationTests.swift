import Foundation
import Governance
import LedgerCore
import Testing

/// Invalid policies are rejected with a message that names the key path and the remedy.
struct PolicyValidationTests {
    /// An edit of the shipped policy's canonical JSON and what the rejection must say.
    struct Case: Sendable, CustomTestStringConvertible {
        let edit: JSONEdit
        /// The start of the first problem: `path: message…`.
        let expected: String
        var testDescription: String { edit.description }

        init(_ path: String, _ value: JSONValue?, _ expected: String) {
            edit = JSONEdit(path: path.split(separator: "/").map(String.init), value: value)
            self.expected = expected
        }
    }

    static let cases: [Case] = [
        // impossible values
        Case("tiers/1/approval/board/quorum", 6, "tiers[1].approval.board.quorum: 6 exceeds board size 5; lower the quorum or enlarge the board"),
        Case("tiers/1/approval/board/quorum", 0, "tiers[1].approval.board.quorum: 0 is below the minimum 1"),
        Case("tiers/1/approval/board/seats/4", nil, "tiers[1].approval.board.seats: 4 seats for a board of size 5"),
        Case("validation/suites/security/metrics/critical_vulnerabilities/max", -1, "validation.suites.security.metrics.critical_vulnerabilities.max: -1 is negative"),
        Case("validation/suites/data_quality/metrics/max_feature_psi/below", 12, "validation.suites.data_quality.metrics.max_feature_psi.below: 12 is outside 0…10"),
        Case("tiers/2/retraining_triggers/data_drift_psi", 10.5, "tiers[2].retraining_triggers.data_drift_psi: 10.5 is outside 0…10, the range of a population stability index"),
        Case("tiers/1/retraining_triggers/concept_drift_psi", -0.03, "tiers[1].retraining_triggers.concept_drift_psi: -0.03 is outside 0…10"),
        Case("deployment/rollback_criteria/error_rate_above", 1.5, "deployment.rollback_criteria.error_rate_above: 1.5 is outside 0…1, the range of a rate"),
        Case("tiers/2/governance/audit_sample_rate", 20, "tiers[2].governance.audit_sample_rate: 20 is outside 0…1"),
        Case("validation/suites/fairness/metrics/equal_opportunity_difference/below", 5, "validation.suites.fairness.metrics.equal_opportunity_difference.below: 5 is outside 0…1"),
        Case("validation/suites/fairness/metrics/disparate_impact_ratio/max", 0.5, "validation.suites.fairness.metrics.disparate_impact_ratio: no value can pass"),
        Case("validation/suites/smoke/metrics/checks_run/min", 1.5, "validation.suites.smoke.metrics.checks_run.min: 1.5 is not a whole number"),
        Case("promotion/no_regression/max_degradation", -0.01, "promotion.no_regression.max_degradation: -0.01 is outside 0…1"),
        Case("deprecation/keep_production_versions", 0, "deprecation.keep_production_versions: 0 is below the minimum 1"),
        Case("deployment/canary_steps/3", 0.9, "deployment.canary_steps: canary steps must be traffic shares above 0 that increase and end at 1.0"),
        Case("retention/shared_entries_class", "3y", "retention.shared_entries_class: 3y is shorter than tiers[1].retention 7y"),
        // missing required keys
        Case("tiers/2/retention", nil, "tiers[2].retention: is required but missing"),
        Case("tiers/1/approval/board/quorum", nil, "tiers[1].approval.board.quorum: is required but missing"),
        Case("promotion", nil, "promotion: is required but missing"),
        Case("tiers/4/retention", .null, "tiers[4].retention: is required but empty (null)"),
        Case("validation/suites/shadow/metrics/agreement_rate/unit", nil, "validation.suites.shadow.metrics.agreement_rate.unit: is required but missing"),
        // unknown keys
        Case("tiers/1/approval/board/quorom", 4, "tiers[1].approval.board.quorom: unknown key; did you mean 'quorum'?"),
        Case("mlflow", ["stages": []], "mlflow.stages: expected a mapping"),
        // wrong types
        Case("tiers/1/approval/board/size", "five", "tiers[1].approval.board.size: expected an integer, found the string \"five\""),
        Case("tiers/1/approval/board/size", 5.5, "tiers[1].approval.board.size: expected an integer, found the number 5.5"),
        Case("version", 1, "version: expected a string, found the integer 1; put the value in quotes"),
        Case("tiers/1/required_suites", "performance", "tiers[1].required_suites: expected a list, found the string \"performance\""),
        Case("lifecycle/transitions/0", "development", "lifecycle.transitions[0]: expected a mapping"),
        Case("tiers/1/retention", "7 years", "tiers[1].retention: '7 years' is not a valid retention class"),
        Case("tiers/1/monitoring/alert_sla", "60 minutes", "tiers[1].monitoring.alert_sla: '60 minutes' is not a valid duration"),
        Case("validation/suites/security/metrics/pii_findings/unit", "percent", "validation.suites.security.metrics.pii_findings.unit: 'percent' is not allowed; use one of: rate"),
        Case("name", "Enterprise Default", "name: 'Enterprise Default' is not a valid policy name"),
        // dangling references
        Case("lifecycle/transitions/1/to", "aproved", "lifecycle.transitions[1].to: 'aproved' is not a stage of lifecycle.stages"),
        Case("lifecycle/rollback/from", "live", "lifecycle.rollback.from: 'live' is not a stage of lifecycle.stages"),
        Case("lifecycle/initial", "draft", "lifecycle.initial: 'draft' is not a stage"),
        Case("lifecycle/transitions/1/guards/0", "sign_off", "lifecycle.transitions[1].guards[0]: 'sign_off' is not allowed; use one of: validation, no_regression, approvals, archive_window"),
        Case("lifecycle/stages/2", nil, "lifecycle.stages: missing the stage 'approved'"),
        Case("tiers/2/required_suites/5", "shadw", "tiers[2].required_suites[5]: 'shadw' is not a defined suite"),
        Case("promotion/version_bumps/patch/suites/0", "smoke_test", "promotion.version_bumps.patch.suites[0]: 'smoke_test' is not a defined suite"),
        Case("tiers/1/approval/signoffs/0", "complaince", "tiers[1].approval.signoffs[0]: 'complaince' is not a defined role"),
        Case("tiers/3/required_suites/0", "smoke", "tiers[3].required_suites[4]: 'smoke' is listed twice"),
        // tiers
        Case("tiers/3", nil, "tiers: tier 3 missing; number tiers 1 to 4 without gaps"),
        Case("regulatory/7", [], "regulatory[7]: tier 7 is not defined under tiers"),
        Case("tiers/0", ["name": "Zero"], "tiers.0: '0' is not a tier number; number tiers 1 to 9"),
        Case("regulatory/4", nil, "regulatory: no entry for tier 4"),
        Case("tiers/1/governance/protected_classes", [], "tiers[1].governance.protected_classes: mandatory bias testing needs the protected classes"),
        Case("tiers/2/approval/signoffs", [], "tiers[2].approval.signoffs: nobody approves this tier"),
    ]

    @Test(arguments: cases)
    func rejectedWithKeyPath(_ testCase: Case) throws {
        let document = try testCase.edit.applied(to: try PolicyFixtures.shippedJSON())
        let error = #expect(throws: LedgerError.self) {
            try PolicyLoader.load(yaml: PolicyFixtures.text(document))
        }
        #expect(error?.code == .invalidField)
        let message = error?.message ?? ""
        #expect(message.hasPrefix(testCase.expected), "got: \(message)")
    }

    /// Edits of the YAML text itself, for what JSON cannot express, with the line reported.
    static let textCases: [(original: String, replacement: String, expected: String)] = [
        ("    name: High\n", "    name: High\n    name: Higher\n", "the key 'name' appears twice in one mapping; keep one (line 99)"),
        ("  2:\n    name: High", "  \"1\":\n    name: High", "tiers[1]: tier 1 is defined twice; define each tier once (line 99)"),
        ("        quorum: 4\n", "        quorum: 6\n", "tiers[1].approval.board.quorum: 6 exceeds board size 5; lower the quorum or enlarge the board (line 38)"),
        ("version: \"1.0.0\"", "version: 1.0", "version: expected a string, found the number 1.0; put the value in quotes (line 13)"),
        ("    retention: 3y\n", "    retention: 3y\n    retention_years: 3\n", "tiers[2].retention_years: unknown key; allowed keys here: approval, criteria"),
        ("  default_class: 7y", "  default_class: 7y\n  <<: {shared_entries_class: 7y}", "retention.<<: merge keys ('<<') are not supported; write the keys out in full (line 408)"),
    ]

    @Test(arguments: textCases)
    func yamlTextRejectedWithKeyPathAndLine(original: String, replacement: String, expected: String) throws {
        let yaml = try PolicyFixtures.shippedYAML(replacing: original, with: replacement)
        let error = #expect(throws: LedgerError.self) { try PolicyLoader.load(yaml: yaml) }
        #expect(error?.message.hasPrefix(expected) == true, "got: \(error?.message ?? "")")
    }

    @Test(arguments: [
        ("", "the document is empty"),
        ("name: [unclosed", "not valid YAML"),
        ("- a list\n- not a mapping\n", "expected a mapping, found a list"),
        ("name: x\n\tversion: 1\n", "not valid YAML"),
    ])
    func malformedDocuments(yaml: String, expected: String) {
        let error = #expect(throws: LedgerError.self) { try PolicyLoader.load(yaml: yaml) }
        #expect(error?.message.contains(expected) == true, "got: \(error?.message ?? "")")
    }

    @Test func everyProblemIsReportedInDocumentOrder() throws {
        var yaml = try PolicyFixtures.shippedYAML(replacing: "        quorum: 4\n", with: "        quorum: 6\n")
        yaml = yaml.replacingOccurrences(of: "  default_class: 7y", with: "  default_class: forever")
        yaml = yaml.replacingOccurrences(of: "      fidelity: {unit: score, min: 0.9", with: "      fidelity: {unit: score, min: 1.9")
        let problems = PolicyLoader.problems(in: yaml)
        #expect(problems.map(\.path) == [
            "tiers[1].approval.board.quorum",
            "validation.suites.explainability.metrics.fidelity.min",
            "retention.default_class",
        ])
        #expect(problems.allSatisfy { $0.line != nil })
        let error = #expect(throws: LedgerError.self) { try PolicyLoader.load(yaml: yaml) }
        let lines = error?.message.split(separator: "\n").map(String.init) ?? []
        #expect(lines.count == 4)
        #expect(lines.first?.hasPrefix("tiers[1].approval.board.quorum: 6 exceeds board size 5") == true)
        #expect(lines.dropFirst().first == "and 2 more problems:")
    }

    @Test func validPolicyHasNoProblems() throws {
        #expect(PolicyLoader.problems(in: try PolicyFixtures.shippedYAML()).isEmpty)
    }

    @Test func aliasBombIsRefusedBeforeDecoding() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...6 {
            let previous = "*a\(level - 1)"
            yaml += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        let error = #expect(throws: LedgerError.self) { try PolicyLoader.load(yaml: yaml) }
        #expect(error?.code == .limitExceeded)
        #expect(error?.message.contains("aliases") == true)
    }

    @Test func oversizedDocumentIsRefused() {
        let yaml = "name: x\n" + String(repeating: "# padding\n", count: PolicyLoader.maxBytes / 10 + 1)
        let error = #expect(throws: LedgerError.self) { try PolicyLoader.load(yaml: yaml) }
        #expect(error?.code == .limitExceeded)
    }
}
