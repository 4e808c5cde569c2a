import Governance
import LedgerCore
import Testing

/// Every catalog payload reads back exactly what it wrote and refuses anything else by name.
struct EventCatalogTests {
    typealias W = GovernanceWorld

    static let digest = SHA256.hash(Array("policy".utf8))
    static let slug = ModelSlug("fraud-detection-engine")!

    static func samples() throws -> [GovernanceEvent] {
        let key = W.key(W.members[0])
        let ballot = VoteBallot(model: slug, version: W.v("3.2.1"), request: 41, board: W.board, member: W.members[0], decision: .reject, rationale: "Recall", dissent: "I dissent")
        return [
            .policyAdopted(PolicyAdopted(policy: try PolicyFixtures.shippedPolicy())),
            .modelRegistered(ModelRegistered(model: slug, name: "Fraud Detection Engine", owner: "Risk Team", framework: "XGBoost", tier: RiskTier(rawValue: 1)!, purpose: "Fraud", policyDigest: digest)),
            .tierChanged(ModelTierChanged(model: slug, from: RiskTier(rawValue: 2)!, to: RiskTier(rawValue: 1)!, reason: "Regulated", policyDigest: digest)),
            .versionRegistered(VersionRegistered(model: slug, version: W.v("3.2.1"), baseline: W.v("3.2.0"), bump: .patch, lineage: W.lineage(), policyDigest: digest)),
            .versionRegistered(VersionRegistered(model: slug, version: W.v("1.0.0"), baseline: nil, bump: .major, lineage: Lineage(datasetSHA256: digest, artifactSHA256: digest), policyDigest: digest)),
            .validationRecorded(ValidationRecorded(model: slug, version: W.v("3.2.1"), suite: SuiteName("security")!, metrics: [MetricName("artifact_signature_valid")!: .init(value: .bool(true), passed: true), MetricName("pii_findings")!: .init(value: .number(0), passed: true)], passed: true, note: "Trivy", policyDigest: digest)),
            .approvalRequested(ApprovalRequested(model: slug, version: W.v("3.2.1"), from: .staging, to: .approved, board: W.board, quorum: 4, signoffs: [RoleName("compliance")!], policyDigest: digest)),
            .approvalRequested(ApprovalRequested(model: slug, version: W.v("3.2.1"), from: .staging, to: .approved, board: nil, quorum: nil, signoffs: [RoleName("ml_engineer")!], policyDigest: digest)),
            .voteCast(VoteCast(ballot: ballot, keyFingerprint: key.publicKey.fingerprint, signature: try ballot.sign(with: key), policyDigest: digest)),
            .signoffRecorded(SignoffRecorded(model: slug, version: W.v("3.2.1"), request: 41, role: RoleName("legal")!, note: nil, policyDigest: digest)),
            .approvalDecided(ApprovalDecided(model: slug, version: W.v("3.2.1"), request: 41, board: W.board, outcome: .approved, tally: VoteTally(approve: 4, reject: 1), quorum: 4, members: 5, policyDigest: digest)),
            .versionTransitioned(VersionTransitioned(model: slug, version: W.v("3.2.1"), from: .approved, to: .production, cause: .transition, counterpart: W.v("3.2.0"), deployment: "API Gateway (us-east)", reason: "Release", policyDigest: digest)),
            .memberAppointed(MemberAppointed(board: W.board, member: W.members[0], publicKey: key.publicKey, seat: "CTO", policyDigest: digest)),
            .memberRemoved(MemberRemoved(board: W.board, member: W.members[0], reason: nil, policyDigest: digest)),
            .roleAssigned(RoleAssigned(principal: W.outsider, role: RoleName("legal")!, policyDigest: digest)),
            .roleRevoked(RoleRevoked(principal: W.outsider, role: RoleName("legal")!, reason: "Left", policyDigest: digest)),
            .snapshotRecorded(MonitoringSnapshotRecorded(model: slug, version: W.v("3.2.1"), input: try MonitoringRuleTests.snapshot("2024-W10", current: MonitoringRuleTests.drifted), results: ["metrics": .object([:])], raised: ["data_drift_psi.amount"], resolved: [], triggers: [.dataDriftPSI], tier: RiskTier(rawValue: 1)!, policyDigest: digest)),
            .alertRaised(DriftAlertRaised(model: slug, version: W.v("3.2.1"), metric: "data_drift_psi.amount", value: 0.12, threshold: 0.05, severity: "critical", window: "2024-W10", policyDigest: digest)),
            .alertResolved(DriftAlertResolved(model: slug, version: W.v("3.2.1"), metric: "data_drift_psi.amount", value: 0.01, threshold: 0.05, raised: 12, window: "2024-W12", policyDigest: digest)),
            .retrainingTriggered(RetrainingTriggered(model: slug, version: W.v("3.2.1"), triggers: [.dataDriftPSI, .schemaChange], window: "2024-W10", policyDigest: digest)),
            .retrainingCompleted(RetrainingCompleted(model: slug, version: W.v("3.2.1"), outcome: .promoted, reason: nil, production: W.v("3.2.0"), deltas: [MetricName("accuracy")!: 0.012], costUSD: 340, durationHours: 2.5, promotionCostUSD: 120, autoApproval: .init(improvement: 0.012, improvementAbove: 0.01, allSuitesPassed: true, noDrift: true, eligible: true, decision: "auto_approved"), policyDigest: digest)),
            .deploymentStarted(DeploymentStarted(model: slug, version: W.v("3.2.1"), strategy: .canary, steps: [0.1, 0.25, 0.5, 1], environment: "API Gateway (us-east)", policyDigest: digest)),
            .deploymentAdvanced(DeploymentStepAdvanced(model: slug, version: W.v("3.2.1"), deployment: 40, step: 1, traffic: 0.25, policyDigest: digest)),
            .deploymentReported(DeploymentReported(model: slug, version: W.v("3.2.1"), deployment: 40, errorRate: 0.012, accuracyDrop: 0.001, agreementRate: 0.98, errorRateAbove: 0.005, accuracyDropAbove: 0.005, breached: true, policyDigest: digest)),
            .deploymentRolledBack(DeploymentRolledBack(model: slug, version: W.v("3.2.1"), deployment: 40, reason: "error rate", policyDigest: digest)),
            .abTestRecorded(ABTestRecorded(model: slug, version: W.v("3.2.1"), baseline: W.v("3.2.0"), metric: "approval_rate", arms: .proportions(successesA: 480, trialsA: 1000, successesB: 530, trialsB: 1000), result: ["p_value": .number(0.02)], improvement: 0.05, pValueBelow: 0.05, accepted: true, policyDigest: digest)),
            .abTestRecorded(ABTestRecorded(model: slug, version: W.v("3.2.1"), baseline: nil, metric: "basket_value", arms: .samples(a: [1, 2, 3], b: [2, 3, 4]), result: ["p_value": .number(0.3)], improvement: 1, pValueBelow: 0.05, accepted: false, policyDigest: digest)),
            .costRecorded(CostRecorded(model: slug, period: "2025-04", category: .training, amountUSD: 120, onDemandUSD: 340, note: "spot", policyDigest: digest)),
            .cardSectionSet(ModelCardSectionSet(model: slug, section: .limitations, text: "Domestic traffic only.\nCross-border scores are less reliable.", version: W.v("3.2.1"), policyDigest: digest)),
            .cardSectionSet(ModelCardSectionSet(model: slug, section: .overview, text: "Scores transactions.", version: nil, policyDigest: digest)),
            .cardReviewed(ModelCardReviewed(model: slug, note: "Quarterly review", policyDigest: digest)),
            .cardReviewed(ModelCardReviewed(model: slug, note: nil, policyDigest: digest)),
            .findingRecorded(AuditFindingRecorded(model: slug, area: .monitoring, severity: .critical, observation: "Alert SLA missed", remediation: "Page the on-call", owner: W.members[0], due: "2025-09-30", policyDigest: digest)),
            .findingRemediated(AuditFindingRemediated(model: slug, finding: 12, note: "Paging enabled", policyDigest: digest)),
            .explainabilityRecorded(ExplainabilityRecorded(model: slug, version: W.v("3.2.1"), method: "shap", global: ["amount": 0.31, "velocity_1h": 0.22], local: ["txn-1042": ["amount above usual", "new device"]], counterfactuals: ["txn-1042": "amount below 420 USD"], scores: ["stability": 0.94, "fidelity": 0.92, "sparsity": 0.7], verdict: [MetricName("stability")!: .init(value: .number(0.94), passed: true)], passed: true, policyDigest: digest)),
            .biasTestRecorded(BiasTestRecorded(model: slug, version: W.v("3.2.1"), attribute: "gender", reference: "male", groups: try BiasTestRuleTests.fairGroups(), results: ["disparate_impact_ratio": .number(1)], verdict: [MetricName("disparate_impact_ratio")!: .init(value: .number(1), passed: true)], passed: true, tier: RiskTier(rawValue: 1)!, note: "Q3", policyDigest: digest)),
            .tagSet(ModelTagSet(model: slug, version: W.v("3.2.1"), key: "team", value: "fraud", policyDigest: digest)),
            .tagSet(ModelTagSet(model: slug, version: nil, key: "domain", value: "payments", policyDigest: digest)),
            .tagDeleted(ModelTagDeleted(model: slug, version: W.v("3.2.1"), key: "team", policyDigest: digest)),
            .aliasSet(ModelAliasSet(model: slug, alias: "champion", version: W.v("3.2.1"), policyDigest: digest)),
            .aliasDeleted(ModelAliasDeleted(model: slug, alias: "champion", policyDigest: digest)),
            .descriptionSet(ModelDescriptionSet(model: slug, version: nil, description: "Scores card transactions", policyDigest: digest)),
            .renamed(ModelRenamed(model: slug, from: "Fraud Detection Engine", to: "Fraud Engine", policyDigest: digest)),
            .openLineageRecorded(OpenLineageRecorded(event: try OpenLineageEvent(json: Self.openLineageRun), model: slug, version: W.v("3.2.1"), policyDigest: digest)),
            .featureRegistered(FeatureRegistered(feature: FeatureName("customer_age_days")!, owner: "data-eng@bank.example", description: "Days since the account was opened", dataType: "int", source: "CRM (Salesforce)", refresh: "daily", freshnessSLA: PolicyDuration(rawValue: "25h")!, completenessSLA: 0.99, policyDigest: digest)),
            .featureVersionReleased(FeatureVersionReleased(feature: FeatureName("customer_age_days")!, version: W.v("1.1.0"), change: .minor, previous: W.v("1.0.0"), note: "Adds a tenure bucket", policyDigest: digest)),
            .featureVersionReleased(FeatureVersionReleased(feature: FeatureName("customer_age_days")!, version: W.v("1.0.0"), change: .major, previous: nil, note: nil, policyDigest: digest)),
            .featureVersionDeprecated(FeatureVersionDeprecated(feature: FeatureName("customer_age_days")!, version: W.v("1.0.0"), grace: PolicyDuration(rawValue: "3mo")!, reason: "Superseded", policyDigest: digest)),
            .featureSetReleased(FeatureSetReleased(featureSet: FeatureName("fraud-features")!, version: W.v("1.4.0"), features: [FeatureName("customer_age_days")!: W.v("1.1.0"), FeatureName("transaction_count_7d")!: W.v("2.0.1")], note: nil, policyDigest: digest)),
        ]
    }

    static let openLineageRun: JSONObject = [
        "eventType": "COMPLETE", "eventTime": "2025-01-15T09:30:00.000Z", "producer": "https://example.com/pipeline",
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
        "run": ["runId": "0176a8c2-fe01-7439-87e6-56a1a1b4029f"], "job": ["namespace": "pipelines", "name": "model/fraud-detection-engine@3.2.1"],
        "inputs": [["namespace": "s3://data", "name": "transactions", "facets": ["version": ["datasetVersion": "42"]]]],
        "outputs": [["namespace": "s3://models", "name": "fraud/3.2.1"]],
    ]

    @Test func everyPayloadRoundTrips() throws {
        let samples = try Self.samples()
        #expect(Set(samples.map(\.type)) == Set(GovernanceEvent.catalog))
        for event in samples {
            let reread = try GovernanceEvent.decode(type: event.type, payload: event.payload)
            #expect(reread == event, "\(event.type)")
            // Byte for byte, through the canonical form the ledger stores.
            let bytes = JSONValue.object(event.payload).canonicalBytes()
            let parsed = try #require(try JSONValue.parse(bytes).objectValue)
            #expect(try GovernanceEvent.decode(type: event.type, payload: parsed)?.payload == event.payload)
        }
    }

    @Test func everyFieldIsRequiredOrDocumentedOptionalAndNamedWhenMissing() throws {
        let optional: Set<String> = ["baseline", "note", "board", "quorum", "dissent", "counterpart", "request", "deployment", "reason", "seat", "production", "promotionCostUSD", "agreementRate", "baseline", "onDemandUSD"]
        for event in try Self.samples() where event.type != .policyAdopted {
            let optionalHere: Set<String> = switch event.type {
            case .modelTagSet, .modelTagDeleted, .modelDescriptionSet: ["version"]
            case .openLineageRecorded: ["model", "version", "job", "runId", "eventType"]
            case .featureVersionReleased: ["previous"]
            default: []
            }
            for key in event.payload.keys where !optional.contains(key) && !optionalHere.contains(key) && !([.retrainingCompleted, .modelCardSectionSet].contains(event.type) && key == "version") {
                var payload = event.payload
                payload[key] = nil
                do {
                    _ = try GovernanceEvent.decode(type: event.type, payload: payload)
                    Issue.record("\(event.type) accepted a payload without '\(key)'")
                } catch {
                    #expect(error.message.contains("field '\(key)'"), "\(error.message)")
                }
            }
        }
    }

    @Test func unknownFieldsAndWrongTypesAreRefusedByName() throws {
        for event in try Self.samples() where event.type != .policyAdopted {
            var payload = event.payload
            payload["approvedBy"] = "me"
            #expect(throws: LedgerError.self) { try GovernanceEvent.decode(type: event.type, payload: payload) }
        }
        var tier = try Self.samples()[1].payload
        tier["tier"] = "1"
        let error = #expect(throws: LedgerError.self) { try GovernanceEvent.decode(type: .modelRegistered, payload: tier) }
        #expect(error?.message == "model.registered payload: field 'tier' must be a tier number from 1 to 9")
        var lineage = try Self.samples()[3].payload
        lineage["lineage"] = ["datasetSHA256": "ABC"]
        let nested = #expect(throws: LedgerError.self) { try GovernanceEvent.decode(type: .versionRegistered, payload: lineage) }
        #expect(nested?.message.contains("field 'lineage.datasetSHA256'") == true)
    }

    @Test func aPolicyAdoptionMustCarryThePolicyItsDigestNames() throws {
        var payload = try Self.samples()[0].payload
        payload["digest"] = .string(Self.digest.hex)
        let error = #expect(throws: LedgerError.self) { try GovernanceEvent.decode(type: .policyAdopted, payload: payload) }
        #expect(error?.message.contains("does not match the embedded policy") == true)
    }

    @Test func typesOutsideTheCatalogAreNotGovernanceEvents() throws {
        #expect(try GovernanceEvent.decode(type: EventType("pipeline.run.noted")!, payload: [:]) == nil)
    }
}
