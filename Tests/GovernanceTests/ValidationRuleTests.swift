import Governance
import LedgerCore
import Testing

/// Validation records: pass and fail come from the policy's thresholds, never from the caller.
struct ValidationRuleTests {
    typealias W = GovernanceWorld

    static let infrastructure = SuiteName("infrastructure")!

    func world() async throws -> (GovernanceWorld, ModelSlug) {
        let world = try await W.make(board: false, roles: false)
        let slug = try await world.register("Churn", tier: 2)
        try await world.release(slug, "1.0.0")
        return (world, slug)
    }

    func measurements(latency: Double) -> [MetricName: Measurement] {
        [
            MetricName("latency_p95_ms")!: .number(latency), MetricName("throughput_rpm")!: .number(14_200),
            MetricName("memory_utilization")!: .number(0.68), MetricName("out_of_memory_events")!: .number(0),
            MetricName("error_rate")!: .number(0.0005),
        ]
    }

    @Test func aFailingMeasurementIsRecordedAsFailedByTheLedger() async throws {
        let (world, slug) = try await world()
        let written = try await world.run(.recordValidation(model: slug, version: W.v("1.0.0"), suite: Self.infrastructure, measurements: measurements(latency: 62), note: nil))
        let recorded = try ValidationRecorded(payload: try #require(written.first?.payload).object())
        #expect(recorded.passed == false)
        #expect(recorded.metrics[MetricName("latency_p95_ms")!]?.passed == false)
        #expect(recorded.metrics[MetricName("throughput_rpm")!]?.passed == true)
        // 50 is not below 50: the bound is exclusive.
        let edge = try await world.run(.recordValidation(model: slug, version: W.v("1.0.0"), suite: Self.infrastructure, measurements: measurements(latency: 50), note: nil))
        #expect(try ValidationRecorded(payload: try #require(edge.first?.payload).object()).passed == false)
        let fixed = try await world.run(.recordValidation(model: slug, version: W.v("1.0.0"), suite: Self.infrastructure, measurements: measurements(latency: 41), note: "after quantization"))
        #expect(try ValidationRecorded(payload: try #require(fixed.first?.payload).object()).passed)
        #expect(try await world.state().models[slug]?.version(W.v("1.0.0"))?.validations[Self.infrastructure]?.passed == true)
    }

    @Test(arguments: [
        ("unknown metric", ["latency_p95_ms": .number(10), "throughput_rpm": .number(14_200), "memory_utilization": .number(0.5), "out_of_memory_events": .number(0), "error_rate": .number(0), "cpu": .number(0.4)], "metric 'cpu' is not part of suite infrastructure"),
        ("missing metric", ["latency_p95_ms": .number(10)], "needs the metrics error_rate, memory_utilization, out_of_memory_events, throughput_rpm"),
        ("rate out of range", ["latency_p95_ms": .number(10), "throughput_rpm": .number(14_200), "memory_utilization": .number(68), "out_of_memory_events": .number(0), "error_rate": .number(0)], "outside the range 0…1 of metric 'memory_utilization'"),
        ("count not whole", ["latency_p95_ms": .number(10), "throughput_rpm": .number(14_200), "memory_utilization": .number(0.5), "out_of_memory_events": .number(0.5), "error_rate": .number(0)], "is not a whole number"),
        ("boolean for a number", ["latency_p95_ms": .bool(true), "throughput_rpm": .number(14_200), "memory_utilization": .number(0.5), "out_of_memory_events": .number(0), "error_rate": .number(0)], "record a number"),
    ] as [(String, [String: Measurement], String)])
    func malformedMeasurementsAreRefused(_ label: String, _ values: [String: Measurement], _ expected: String) async throws {
        let (world, slug) = try await world()
        let measured = Dictionary(uniqueKeysWithValues: values.map { (MetricName($0.key)!, $0.value) })
        let message = try await world.expectRejection(
            .recordValidation(model: slug, version: W.v("1.0.0"), suite: Self.infrastructure, measurements: measured, note: nil), rule: .validationSuite)
        #expect(message.contains(expected), "\(label): \(message)")
    }

    @Test func anUndefinedSuiteOrVersionIsRefused() async throws {
        let (world, slug) = try await world()
        try await world.expectRejection(.recordValidation(model: slug, version: W.v("1.0.0"), suite: SuiteName("vibes")!, measurements: [:], note: nil), rule: .validationSuite)
        try await world.expectRejection(.recordValidation(model: slug, version: W.v("9.9.9"), suite: Self.infrastructure, measurements: measurements(latency: 1), note: nil), rule: .versionUnknown)
    }

    @Test func missingOrFailedSuitesBlockApproval() async throws {
        let world = try await W.make()
        let slug = try await world.register("Churn", tier: 2)
        try await world.release(slug, "1.0.0")
        try await world.validate(slug, "1.0.0", except: ["shadow", "security"])
        try await world.run(.recordValidation(model: slug, version: W.v("1.0.0"), suite: Self.infrastructure, measurements: measurements(latency: 62), note: nil))
        try await world.run(.transition(model: slug, version: W.v("1.0.0"), to: .staging, deployment: nil, reason: nil))
        try await world.run(.requestApproval(model: slug, version: W.v("1.0.0"), to: .approved))
        try await world.signOffAll(slug, "1.0.0")
        let message = try await world.expectRejection(.transition(model: slug, version: W.v("1.0.0"), to: .approved, deployment: nil, reason: nil), rule: .validation)
        #expect(message.contains("missing security, shadow"))
        #expect(message.contains("failed infrastructure (latency_p95_ms = 62 fails < 50)"))
        #expect(message.contains("govledger validation record churn 1.0.0 --suite SUITE"))
    }

    @Test func thePatchBumpAddsTheSmokeSuite() async throws {
        let world = try await W.make()
        let slug = try await world.register("Churn", tier: 2)
        try await world.ship(slug, "1.0.0")
        try await world.release(slug, "1.0.1")
        try await world.validate(slug, "1.0.1", except: ["smoke"])
        try await world.run(.transition(model: slug, version: W.v("1.0.1"), to: .staging, deployment: nil, reason: nil))
        try await world.run(.requestApproval(model: slug, version: W.v("1.0.1"), to: .approved))
        try await world.signOffAll(slug, "1.0.1")
        let message = try await world.expectRejection(.transition(model: slug, version: W.v("1.0.1"), to: .approved, deployment: nil, reason: nil), rule: .validation)
        #expect(message.contains("Tier 2 patch versions need the suites performance, data_quality, infrastructure, security, regression, shadow, smoke"))
        #expect(message.contains("missing smoke"))
    }
}
