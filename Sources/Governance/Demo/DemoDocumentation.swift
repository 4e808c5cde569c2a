import LedgerCore

/// The demo's documentation: the fraud engine's comprehensive card written and reviewed, and the
/// findings of the annual model audit, one of them remediated.
extension Story {
    static let internalAudit = "internal-audit@bank.example"

    static func documentation(into s: inout ScenarioBuilder) {
        s.on("2025-05-20")
        let sections: [(ModelCardSection, String)] = [
            (.intendedUse, "Score card-present and card-not-present transactions for fraud in real time, to hold or decline them before settlement. Decisions above the hold threshold go to an analyst queue."),
            (.intendedUsers, "The fraud operations team and the payment authorisation service."),
            (.outOfScopeUses, "Credit decisions, customer profiling for marketing, and any use on transactions outside the bank's card and account products."),
            (.trainingData, "Eighteen months of authorised and declined transactions with chargeback labels, joined with device and merchant features from the feature store. Chargebacks arrive up to 90 days late, so the most recent quarter is under-labelled."),
            (.limitations, "Trained on domestic traffic: cross-border transactions are under-represented and score less reliably. New merchant categories have no history until the feature store has seen them for a week."),
            (.failureModes, "A sudden shift in transaction amounts (sales events, currency changes) raises false positives before drift monitoring catches it; an outage of the device-fingerprint service drops recall by about four points."),
            (.ethicalConsiderations, "Declines inconvenience legitimate customers; false-positive rates are monitored by age band and region, and every decline carries reason codes for the customer and the analyst."),
            (.riskAssessment, "Tier 1: direct financial impact. Residual risks are late-arriving labels and adversarial adaptation; both are covered by weekly drift monitoring and quarterly retraining with board review."),
            (.environmentalImpact, "One training run uses about 4 GPU-hours on spot instances in a region powered mainly by renewables; quarterly retraining keeps the yearly footprint small."),
            (.caveats, "Re-check the thresholds after any change to the authorisation flow, and keep the shadow period at 72 hours or more before promotion."),
        ]
        for (section, text) in sections {
            s.command(scientist, .setCardSection(model: fraud.slug, section: section, text: text, version: nil))
        }
        s.command(compliance, .reviewCard(model: fraud.slug, note: "Comprehensive card complete for 3.2.1"))

        // The annual audit's observations (seed: "Findings: 3 observations").
        s.on("2025-06-02")
        s.command(internalAudit, .recordFinding(
            model: credit.slug, area: .governance, severity: .informational,
            observation: "The model card has not been reviewed within the quarterly cadence and its required sections are not written.",
            remediation: "Write the comprehensive card and set an automated review reminder.", owner: Principal(compliance)!, due: "2025-07-31"))
        s.command(internalAudit, .recordFinding(
            model: fraud.slug, area: .performance, severity: .low,
            observation: "The shadow period before the 3.2.1 promotion was shorter than the 72 hours the validation suite expects on busy days.",
            remediation: "Extend shadow testing to 72 hours of weekday traffic.", owner: Principal(engineer)!, due: "2025-06-30"))
        s.on("2025-06-16")
        s.remediateLatestFinding(fraud, note: "Shadow runs now last 72 hours of weekday traffic.", by: engineer)
    }
}
