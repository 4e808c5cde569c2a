import LedgerCore

/// The demo's evidence: bias tests, weekly monitoring snapshots with an alert raised and
/// resolved, retraining runs and a canary rollback.
extension Story {
    static func groups(_ rows: [(String, Int, Int, Int, Int)]) throws(LedgerError) -> [FairnessGroup] {
        var result: [FairnessGroup] = []
        for (name, tp, fp, tn, fn) in rows {
            result.append(try FairnessGroup(name: name, truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn))
        }
        return result
    }

    static func histogram(_ counts: [Int]) -> JSONValue {
        .object(["edges": .array([0, 50, 200, 1000, 5000, 50000].map { .number($0) }), "counts": .array(counts.map { .number(Double($0)) })])
    }

    /// One week of the fraud engine: transaction amounts drift by `shift` (share of traffic moved
    /// from small to large amounts), device mix stays, performance and infrastructure are healthy.
    static func fraudWeek(_ window: String, shift: Int) throws(LedgerError) -> MonitoringInput {
        let reference = [3000, 3500, 2000, 1000, 500]
        let current = [3000 - shift, 3500, 2000, 1000 + shift / 2, 500 + shift / 2]
        return try MonitoringInput(json: [
            "window": .string(window),
            "features": .array([
                .object(["name": "transaction_amount", "group": "transaction", "reference": histogram(reference), "current": histogram(current)]),
                .object([
                    "name": "device_type", "group": "device",
                    "reference": .object(["categories": ["ios", "android", "web"], "counts": [4100, 3900, 2000]]),
                    "current": .object(["categories": ["ios", "android", "web"], "counts": [4200, 3850, 1950]]),
                ]),
            ]),
            "predictions": .object([
                "reference": .object(["edges": [0, 0.5, 1], "counts": [9700, 300]]),
                "current": .object(["edges": [0, 0.5, 1], "counts": [9690, 310]]),
            ]),
            "performance": ["tp": 292, "fp": 11, "tn": 9690, "fn": 7],
            "data_quality": ["missing_rate": 0.002, "baseline_missing_rate": 0.002, "new_categories": [], "schema_changed": false],
            "infrastructure": ["latency_p95_ms": 18, "latency_p99_ms": 31, "throughput_rpm": 14200, "error_rate": 0.0004, "memory_utilization": 0.62],
            "new_records": 12000,
        ])
    }

    static func evidence(into s: inout ScenarioBuilder) throws(LedgerError) {
        // Bias tests: the fraud engine passes on gender; the credit model is re-tested on age.
        s.on("2025-02-18")
        s.command(scientist, .recordBiasTest(
            model: fraud.slug, version: ScenarioBuilder.version("3.2.1"), attribute: "gender", reference: "male",
            groups: try groups([("male", 151, 6, 4890, 4), ("female", 141, 5, 4800, 3)]), note: "Quarterly retest, holdout Q4 2024"))
        s.command(scientist, .recordBiasTest(
            model: credit.slug, version: ScenarioBuilder.version("3.1.0"), attribute: "age_band", reference: "25_to_60",
            groups: try groups([("25_to_60", 820, 90, 1900, 110), ("under_25", 150, 20, 420, 30), ("over_60", 240, 30, 610, 40)]),
            note: "Thin-file applicants included"))

        let features = ["transaction_amount", "merchant_category", "velocity_1h", "device_age_days", "geo_distance_km",
                        "account_age_days", "card_present", "hour_of_day", "failed_logins_24h", "ip_risk_score", "chargeback_history"]
        s.command(scientist, .recordExplainability(
            model: fraud.slug, version: ScenarioBuilder.version("3.2.1"), method: "shap",
            global: Dictionary(uniqueKeysWithValues: features.enumerated().map { ($0.element, 0.3 / Double($0.offset + 1)) }),
            local: ["txn-88412": ["amount 14x the customer's median", "new device", "merchant category never used"],
                    "txn-90133": ["three failed logins in the last hour", "IP on a risk list"]],
            counterfactuals: ["txn-88412": "approved below 420 USD on a known device"],
            scores: ["stability": 0.94, "fidelity": 0.92, "sparsity": 0.71]))

        // Eight weekly snapshots of the fraud engine: drift crosses the Tier 1 PSI threshold in
        // week 9 (alert and retraining trigger) and is back within bounds in week 11.
        let shifts = [("2025-W06", "2025-02-24", 0), ("2025-W07", "2025-03-03", 150), ("2025-W08", "2025-03-10", 300),
                      ("2025-W09", "2025-03-17", 1400), ("2025-W10", "2025-03-24", 1200), ("2025-W11", "2025-03-31", 200),
                      ("2025-W12", "2025-04-07", 100), ("2025-W13", "2025-04-14", 50)]
        for (window, date, shift) in shifts {
            s.on(date)
            s.command(pipeline, .recordSnapshot(model: fraud.slug, version: ScenarioBuilder.version("3.2.1"), input: try fraudWeek(window, shift: shift)))
        }

        // Retraining runs of the churn predictor: one kept, one failed, one promoted.
        s.on("2025-04-21")
        build(&s, churn, "4.1.1", (0.870, 0.849, 0.825), features: "customer-activity-v3.1", hours: 3.3, cost: 19.40)
        s.command(pipeline, .recordRetraining(model: churn.slug, version: ScenarioBuilder.version("4.1.1"), outcome: .kept, reason: "Improvement 0.1% is below the 1.0% bar", costUSD: 19.40, durationHours: 3.3, promotionCostUSD: 85))
        s.on("2025-04-28")
        s.command(pipeline, .recordRetraining(model: churn.slug, version: nil, outcome: .failed, reason: "Feature store snapshot incomplete (12% of partitions missing)", costUSD: 6.10, durationHours: 0.9, promotionCostUSD: nil))
        s.on("2025-05-05")
        build(&s, churn, "4.2.0", (0.883, 0.861, 0.838), features: "customer-activity-v3.2", hours: 3.6, cost: 21.00)
        s.command(pipeline, .recordRetraining(model: churn.slug, version: ScenarioBuilder.version("4.2.0"), outcome: .promoted, reason: nil, costUSD: 21.00, durationHours: 3.6, promotionCostUSD: 85))

        // Monthly costs: spot training versus on-demand, inference and feature storage.
        s.on("2025-05-06")
        for (model, training, onDemand, inference, storage) in [(fraud, 410.0, 1180.0, 2650.0, 310.0), (churn, 46.5, 132.0, 540.0, 95.0)] {
            s.command(pipeline, .recordCost(model: model.slug, period: "2025-04", category: .training, amountUSD: training, onDemandUSD: onDemand, note: "Spot instances"))
            s.command(pipeline, .recordCost(model: model.slug, period: "2025-04", category: .inference, amountUSD: inference, onDemandUSD: nil, note: nil))
            s.command(pipeline, .recordCost(model: model.slug, period: "2025-04", category: .storage, amountUSD: storage, onDemandUSD: nil, note: "Feature store"))
        }

        // A canary of the recommender breaches the error-rate criterion and is rolled back.
        s.on("2025-05-12")
        build(&s, recommender, "2.9.1", (0.751, 0.711, 0.695), features: "catalog-interactions-v8.1", hours: 6.1, cost: 45.90)
        s.on("2025-05-14")
        approveBySignoff(&s, recommender, "2.9.1")
        s.transition(recommender, "2.9.1", to: .production, deployment: "Real-time API", by: engineer)
        s.command(engineer, .startDeployment(model: recommender.slug, version: ScenarioBuilder.version("2.9.1"), strategy: .canary, steps: nil, environment: "Real-time API (eu-west)"))
        s.on("2025-05-15")
        s.command(engineer, .advanceDeployment(model: recommender.slug))
        s.command(pipeline, .reportDeployment(model: recommender.slug, errorRate: 0.008, accuracyDrop: 0.002, agreementRate: nil))
    }
}
