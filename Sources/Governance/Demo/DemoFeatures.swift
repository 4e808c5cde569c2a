import LedgerCore

/// The demo's feature store: the seed's most-used features with their owners, versions and
/// feature sets, one deprecated version and one feature no model reads.
extension Story {
    static let customerData = "wei.zhang@bank.example"
    static let transactionData = "carlos.mendes@bank.example"
    static let externalData = "fatima.rahman@bank.example"

    static func feature(_ name: String) -> FeatureName { FeatureName(rawValue: name)! }
    static func duration(_ text: String) -> PolicyDuration { PolicyDuration(rawValue: text)! }

    /// 2024-02-26: the feature inventory and the fraud model's first feature set, read by fraud 3.2.0.
    static func featureInventory(into s: inout ScenarioBuilder) {
        let features: [(String, String, String, String, String, String, String, Double)] = [
            ("customer_age_days", customerData, "Days since the customer's first account was opened", "int", "CRM (Salesforce)", "daily", "25h", 0.999),
            ("account_opening_date", customerData, "Date the customer's current account was opened", "date", "Core banking", "daily", "25h", 0.999),
            ("transaction_count_7d", transactionData, "Card and account transactions in the last 7 days", "int", "Payment processor", "real-time (< 1 min)", "5min", 0.995),
            ("avg_transaction_amount_30d", transactionData, "Mean transaction amount over 30 days, in USD", "float", "Data warehouse (Snowflake)", "daily (batch)", "25h", 0.99),
            ("device_fingerprint_hash", transactionData, "Hash of the device fingerprint seen in the session", "string", "Clickstream, session tracking", "5-minute window", "5min", 0.99),
            ("merchant_category_risk", externalData, "Fraud rate of the merchant's category over 90 days", "float", "Third-party risk API", "hourly", "65min", 0.99),
            ("regional_weather_index", externalData, "Daily weather severity index of the customer's region", "float", "Third-party weather API", "daily", "25h", 0.97),
        ]
        for (name, owner, description, type, source, refresh, freshness, completeness) in features {
            s.command(owner, .registerFeature(
                name: feature(name), owner: owner, description: description, dataType: type, source: source, refresh: refresh,
                freshnessSLA: duration(freshness), completenessSLA: completeness))
            s.command(owner, .releaseFeatureVersion(feature: feature(name), version: ScenarioBuilder.version(name == "transaction_count_7d" ? "2.0.0" : "1.0.0"), change: .major, note: nil))
        }
        s.command(engineer, .releaseFeatureSet(name: feature("fraud-features"), version: ScenarioBuilder.version("4.2.0"), features: [
            feature("customer_age_days"): ScenarioBuilder.version("1.0.0"), feature("transaction_count_7d"): ScenarioBuilder.version("2.0.0"),
            feature("avg_transaction_amount_30d"): ScenarioBuilder.version("1.0.0"), feature("device_fingerprint_hash"): ScenarioBuilder.version("1.0.0"),
            feature("merchant_category_risk"): ScenarioBuilder.version("1.0.0"),
        ], note: "Top 5 features by mutual information for fraud"))
    }

    /// 2024-08-26: merchant risk moves to merchant-level logic (a breaking change) and the old
    /// version is deprecated with the policy's grace; the churn model's feature set.
    static func featureChanges2024(into s: inout ScenarioBuilder) {
        s.command(externalData, .releaseFeatureVersion(feature: feature("merchant_category_risk"), version: ScenarioBuilder.version("2.0.0"), change: .major, note: "Risk per merchant instead of per category"))
        s.command(externalData, .deprecateFeatureVersion(feature: feature("merchant_category_risk"), version: ScenarioBuilder.version("1.0.0"), grace: nil, reason: "Category-level risk is superseded by merchant-level risk (2.0.0)"))
        s.command(engineer, .releaseFeatureSet(name: feature("churn-features"), version: ScenarioBuilder.version("3.1.0"), features: [
            feature("customer_age_days"): ScenarioBuilder.version("1.0.0"), feature("account_opening_date"): ScenarioBuilder.version("1.0.0"),
            feature("avg_transaction_amount_30d"): ScenarioBuilder.version("1.0.0"),
        ], note: "Tenure and spending features for churn"))
    }

    /// 2024-12-30: a data quality fix of the 7-day count and the fraud feature set 4.2.1 that
    /// fraud 3.2.1 reads (the deprecated merchant risk 1.0.0 is past its grace and left out).
    static func featureChanges2025(into s: inout ScenarioBuilder) {
        s.command(transactionData, .releaseFeatureVersion(feature: feature("transaction_count_7d"), version: ScenarioBuilder.version("2.0.1"), change: .patch, note: "Reversals no longer counted twice"))
        s.command(engineer, .releaseFeatureSet(name: feature("fraud-features"), version: ScenarioBuilder.version("4.2.1"), features: [
            feature("customer_age_days"): ScenarioBuilder.version("1.0.0"), feature("transaction_count_7d"): ScenarioBuilder.version("2.0.1"),
            feature("avg_transaction_amount_30d"): ScenarioBuilder.version("1.0.0"), feature("device_fingerprint_hash"): ScenarioBuilder.version("1.0.0"),
            feature("merchant_category_risk"): ScenarioBuilder.version("2.0.0"),
        ], note: "Data quality fix of transaction_count_7d; merchant-level risk"))
    }
}
