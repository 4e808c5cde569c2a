import LedgerCore

/// The demo's history, in date order. Every step must pass the rules: the runner stops at the
/// first refusal.
enum Story {
    typealias Model = ScenarioBuilder.Model

    static let compliance = "amara.nwosu@bank.example"
    static let legal = "jonah.feld@bank.example"
    static let engineer = "raj.patel@bank.example"
    static let scientist = "hannah.berg@bank.example"
    static let reviewer = "yusuf.demir@bank.example"
    static let pipeline = "mlops-pipeline@bank.example"
    static let cto = "priya.raman@bank.example"
    static let headDataScience = "marcus.oyelaran@bank.example"
    static let headEngineering = "elena.kowalski@bank.example"
    static let headRisk = "tomas.herrera@bank.example"
    static let advisor = "ingrid.solberg@advisory.example"

    // The seed's MODEL INVENTORY; tiers follow its risk classification examples.
    static let fraud = Model(name: "Fraud Detection Engine", owner: "Risk Team", framework: "XGBoost", tier: 1, purpose: "Score card and account transactions for fraud in real time", businessOwner: "lucia.moreau@bank.example")
    static let churn = Model(name: "Customer Churn Predictor", owner: "Marketing", framework: "PyTorch", tier: 2, purpose: "Predict which customers are likely to leave within 90 days", businessOwner: "kenji.watanabe@bank.example")
    static let recommender = Model(name: "Product Recommender", owner: "Product Team", framework: "TensorFlow", tier: 2, purpose: "Recommend products on web and mobile", businessOwner: "sofia.almeida@bank.example")
    static let sentiment = Model(name: "Sentiment Analyzer", owner: "CX Team", framework: "HuggingFace", tier: 3, purpose: "Tag the sentiment of customer feedback for CX dashboards", businessOwner: "nadia.karimi@bank.example")
    static let demand = Model(name: "Demand Forecaster", owner: "Supply Chain", framework: "Prophet", tier: 2, purpose: "Forecast daily demand per product and warehouse", businessOwner: "omar.haddad@bank.example")
    static let credit = Model(name: "Credit Scoring Model", owner: "Risk Team", framework: "XGBoost", tier: 1, purpose: "Score consumer credit applications", businessOwner: "lucia.moreau@bank.example")
    static let images = Model(name: "Image Classifier v2", owner: "Eng Team", framework: "PyTorch", tier: 4, purpose: "Experimental classifier for scanned document images", businessOwner: "ben.okafor@bank.example")
    static let intents = Model(name: "NLP Intent Classifier", owner: "Support Team", framework: "HuggingFace", tier: 3, purpose: "Route support messages to the right queue", businessOwner: "li.na@bank.example")
    static let pricing = Model(name: "Dynamic Pricing Engine", owner: "Finance Team", framework: "LightGBM", tier: 2, purpose: "Set fees and promotional prices", businessOwner: "grace.liu@bank.example")
    static let anomaly = Model(name: "Anomaly Detector", owner: "Security", framework: "Isolation Forest", tier: 3, purpose: "Flag unusual access patterns for the security operations centre", businessOwner: "victor.ramos@bank.example")
    static let documents = Model(name: "Document Classifier", owner: "Legal Team", framework: "spaCy", tier: 3, purpose: "Classify contracts and legal correspondence", businessOwner: "ruth.adler@bank.example")
    static let segments = Model(name: "Customer Segmentation", owner: "Analytics", framework: "K-Means", tier: 3, purpose: "Segment customers for campaign planning", businessOwner: "arjun.mehta@bank.example")

    static let all = [fraud, churn, recommender, sentiment, demand, credit, images, intents, pricing, anomaly, documents, segments]

    static let xgboost: JSONObject = [
        "max_depth": 8, "learning_rate": 0.05, "n_estimators": 500, "subsample": 0.8, "colsample_bytree": 0.8,
        "reg_alpha": 0.1, "reg_lambda": 1.0, "tuning": "Optuna, 50 trials",
    ]

    static func hyperparameters(_ model: Model) -> JSONObject {
        switch model.framework {
        case "XGBoost": xgboost
        case "PyTorch", "TensorFlow", "HuggingFace": ["learning_rate": 0.0003, "batch_size": 256, "epochs": 12, "optimizer": "AdamW"]
        case "Prophet": ["seasonality_mode": "multiplicative", "changepoint_prior_scale": 0.05, "holidays": "US"]
        case "LightGBM": ["num_leaves": 63, "learning_rate": 0.03, "n_estimators": 800]
        case "K-Means": ["n_clusters": 8, "n_init": 20, "random_state": 7]
        case "Isolation Forest": ["n_estimators": 300, "contamination": 0.01, "max_samples": 4096]
        default: ["epochs": 30, "dropout": 0.2]
        }
    }

    static func gpu(_ model: Model) -> String? {
        switch model.framework {
        case "XGBoost": "NVIDIA V100 (p3.2xlarge)"
        case "PyTorch", "TensorFlow", "HuggingFace": "NVIDIA A10G"
        default: nil
        }
    }

    /// Registers a version and takes it to staging with every required suite recorded.
    static func build(
        _ s: inout ScenarioBuilder, _ m: Model, _ v: String, _ metrics: (Double, Double, Double), features: String,
        hours: Double = 1.2, cost: Double = 3.20, overrides: [String: [String: Measurement]] = [:], staging: String? = nil
    ) {
        s.release(m, v, accuracy: metrics.0, precision: metrics.1, recall: metrics.2, gpu: gpu(m), hours: hours, cost: cost,
                  features: features, hyperparameters: hyperparameters(m), by: engineer)
        s.validate(m, v, overrides: overrides, by: pipeline)
        s.transition(m, v, to: .staging, deployment: staging, by: engineer)
    }

    /// Approval by sign-offs (tiers without a board), then the move to approved.
    static func approveBySignoff(_ s: inout ScenarioBuilder, _ m: Model, _ v: String) {
        s.requestApproval(m, v, by: engineer)
        s.signOff(m, v)
        s.transition(m, v, to: .approved, by: engineer)
    }

    /// The board votes (in order), the sign-offs, and the move to approved.
    static func approveByBoard(_ s: inout ScenarioBuilder, _ m: Model, _ v: String, _ votes: [(String, VoteDecision, String, String?)]) {
        s.requestApproval(m, v, by: engineer)
        for (member, decision, rationale, dissent) in votes { s.vote(member, m, v, decision, rationale, dissent: dissent) }
        s.signOff(m, v, notes: ["legal": "Adverse action notices and GDPR Article 22 explanations reviewed"])
        s.transition(m, v, to: .approved, by: engineer)
    }

    static let unanimous: [(String, VoteDecision, String, String?)] = [
        (cto, .approve, "Meets every validation gate; latency well inside the SLA", nil),
        (headDataScience, .approve, "Holdout and segment results are consistent", nil),
        (headEngineering, .approve, "Canary plan and rollback criteria are in place", nil),
        (headRisk, .approve, "Fairness and explainability evidence is complete", nil),
    ]

    static func write(into s: inout ScenarioBuilder) throws(LedgerError) {
        let policy = s.policy
        s.roleHolders = [
            "compliance": compliance, "legal": legal, "ml_engineering_lead": headEngineering, "ml_engineer": engineer,
            "data_scientist": scientist, "peer_reviewer": reviewer,
        ]

        s.on("2022-01-10")
        s.command(compliance, .adoptPolicy(policy))

        s.on("2022-01-11")
        for (role, holder) in s.roleHolders.sorted(by: { $0.key < $1.key }) {
            s.command(compliance, .assignRole(principal: Principal(holder)!, role: RoleName(role)!))
        }
        var owners: [String] = []
        for model in all where !owners.contains(model.businessOwner) { owners.append(model.businessOwner) }
        for owner in owners { s.command(compliance, .assignRole(principal: Principal(owner)!, role: RoleName("business_owner")!)) }

        s.on("2022-01-12")
        let board = policy.tier(RiskTier(rawValue: 1)!)!.approval.board!.name
        for (member, seat) in DemoScenario.boardMembers {
            s.command(compliance, .appointMember(board: board, member: member, publicKey: try DemoScenario.memberKey(for: member).publicKey, seat: seat))
        }

        // 2022: first versions into production.
        s.on("2022-02-14")
        s.register(fraud, by: engineer)
        build(&s, fraud, "3.0.0", (0.962, 0.948, 0.965), features: "features-v4.0.0")
        s.on("2022-02-22")
        approveByBoard(&s, fraud, "3.0.0", unanimous)
        s.on("2022-03-01")
        s.transition(fraud, "3.0.0", to: .production, deployment: "API Gateway (us-east)", by: engineer)

        s.on("2022-04-04")
        s.register(documents, by: engineer)
        build(&s, documents, "3.0.1", (0.931, 0.925, 0.918), features: "legal-docs-v3.0", hours: 0.4, cost: 0.35)
        s.on("2022-04-06")
        approveBySignoff(&s, documents, "3.0.1")
        s.transition(documents, "3.0.1", to: .production, deployment: "Batch + API", by: engineer)

        s.on("2022-05-09")
        s.register(sentiment, by: engineer)
        build(&s, sentiment, "1.5.1", (0.894, 0.887, 0.879), features: "feedback-text-v2.1", hours: 2.5, cost: 6.10)
        s.on("2022-05-11")
        approveBySignoff(&s, sentiment, "1.5.1")
        s.transition(sentiment, "1.5.1", to: .production, deployment: "Streaming Pipeline", by: engineer)

        s.on("2022-06-13")
        s.register(segments, by: engineer)
        build(&s, segments, "2.4.0", (0.812, 0.806, 0.799), features: "customer-profile-v5.0", hours: 0.2, cost: 0.12)
        s.on("2022-06-15")
        approveBySignoff(&s, segments, "2.4.0")
        s.transition(segments, "2.4.0", to: .production, deployment: "Weekly Batch Job", by: engineer)

        s.on("2022-09-05")
        s.register(recommender, by: engineer)
        build(&s, recommender, "2.8.3", (0.741, 0.702, 0.688), features: "catalog-interactions-v7.3", hours: 5.5, cost: 41.80)
        s.on("2022-09-08")
        approveBySignoff(&s, recommender, "2.8.3")
        s.transition(recommender, "2.8.3", to: .production, deployment: "Real-time API", by: engineer)

        s.on("2022-10-17")
        s.register(demand, by: engineer)
        build(&s, demand, "5.0.0", (0.884, 0.871, 0.866), features: "sales-history-v5.0", hours: 0.8, cost: 0.90)
        s.on("2022-10-19")
        approveBySignoff(&s, demand, "5.0.0")
        s.transition(demand, "5.0.0", to: .production, deployment: "Daily Batch Job", by: engineer)

        // 2023: new versions supersede the first ones; a failed latency test is fixed.
        s.on("2023-01-09")
        build(&s, fraud, "3.1.0", (0.968, 0.953, 0.970), features: "features-v4.1.0")
        s.on("2023-01-17")
        approveByBoard(&s, fraud, "3.1.0", unanimous)
        s.on("2023-01-24")
        s.transition(fraud, "3.1.0", to: .production, deployment: "API Gateway (us-east)", by: engineer)

        s.on("2023-02-06")
        build(&s, documents, "3.0.2", (0.934, 0.927, 0.921), features: "legal-docs-v3.0", hours: 0.4, cost: 0.35)
        s.on("2023-02-08")
        approveBySignoff(&s, documents, "3.0.2")
        s.transition(documents, "3.0.2", to: .production, deployment: "Batch + API", by: engineer)

        s.on("2023-03-13")
        build(&s, sentiment, "1.5.2", (0.897, 0.889, 0.881), features: "feedback-text-v2.1", hours: 2.5, cost: 6.10)
        s.on("2023-03-15")
        approveBySignoff(&s, sentiment, "1.5.2")
        s.transition(sentiment, "1.5.2", to: .production, deployment: "Streaming Pipeline", by: engineer)

        s.on("2023-04-03")
        s.register(churn, by: engineer)
        build(&s, churn, "4.0.0", (0.861, 0.842, 0.815), features: "customer-activity-v3.0", hours: 3.1, cost: 18.40,
              overrides: ["infrastructure": ["latency_p95_ms": .number(62)]])
        s.on("2023-04-12")
        s.record(churn, "4.0.0", suite: "infrastructure", overrides: ["latency_p95_ms": .number(41)], note: "Re-run after int8 quantization of the scoring service", by: pipeline)
        approveBySignoff(&s, churn, "4.0.0")
        s.on("2023-04-18")
        s.transition(churn, "4.0.0", to: .production, deployment: "Batch Scheduler", by: engineer)

        s.on("2023-08-07")
        s.register(intents, by: engineer)
        build(&s, intents, "1.3.4", (0.918, 0.909, 0.902), features: "support-messages-v1.3", hours: 1.9, cost: 4.70)
        s.on("2023-08-09")
        approveBySignoff(&s, intents, "1.3.4")
        s.transition(intents, "1.3.4", to: .production, deployment: "Real-time API", by: engineer)

        s.on("2023-11-06")
        s.register(anomaly, by: engineer)
        build(&s, anomaly, "1.1.0", (0.947, 0.912, 0.889), features: "access-logs-v2.0", hours: 0.3, cost: 0.25)
        s.on("2023-11-08")
        approveBySignoff(&s, anomaly, "1.1.0")
        s.transition(anomaly, "1.1.0", to: .production, deployment: "Streaming Pipeline", by: engineer)

        // 2024: the feature store's inventory, archive, reclassification, a rejected Tier 1
        // promotion, a rollback.
        s.on("2024-02-26")
        featureInventory(into: &s)
        s.on("2024-03-04")
        build(&s, fraud, "3.2.0", (0.972, 0.957, 0.975), features: "fraud-features@4.2.0")
        s.on("2024-03-12")
        approveByBoard(&s, fraud, "3.2.0", unanimous)
        s.on("2024-03-19")
        s.transition(fraud, "3.2.0", to: .production, deployment: "API Gateway (us-east)", by: engineer)

        s.on("2024-04-08")
        s.transition(fraud, "3.0.0", to: .archived, reason: "Deprecated for over 12 months; two newer production versions kept for rollback", by: engineer)

        s.on("2024-04-15")
        s.changeTier(intents, to: 2, reason: "Now routes live customer conversations since the contact-centre rollout", by: compliance)

        s.on("2024-06-03")
        s.register(pricing, by: engineer)
        build(&s, pricing, "2.2.1", (0.903, 0.889, 0.874), features: "pricing-signals-v2.2", hours: 0.7, cost: 1.10)
        s.on("2024-06-05")
        approveBySignoff(&s, pricing, "2.2.1")
        s.transition(pricing, "2.2.1", to: .production, deployment: "API Gateway (global)", by: engineer)

        s.on("2024-07-01")
        s.register(credit, by: engineer)
        build(&s, credit, "3.0.0", (0.887, 0.861, 0.842), features: "bureau-features-v3.0")
        s.on("2024-07-09")
        s.requestApproval(credit, "3.0.0", by: engineer)
        s.vote(headDataScience, credit, "3.0.0", .approve, "Discrimination (AUC 0.91) clears the bar")
        s.vote(headRisk, credit, "3.0.0", .reject, "Adverse-action reason codes are unstable for thin-file applicants; ECOA notices would be inconsistent")
        s.vote(advisor, credit, "3.0.0", .reject, "Explanations need counterfactual review before a credit decision model ships")

        s.on("2024-08-12")
        build(&s, segments, "2.5.0", (0.821, 0.814, 0.806), features: "customer-profile-v5.1", hours: 0.2, cost: 0.12)
        s.on("2024-08-14")
        approveBySignoff(&s, segments, "2.5.0")
        s.transition(segments, "2.5.0", to: .production, deployment: "Weekly Batch Job", by: engineer)

        s.on("2024-08-26")
        featureChanges2024(into: &s)
        s.on("2024-09-02")
        build(&s, churn, "4.1.0", (0.869, 0.848, 0.824), features: "churn-features@3.1.0", hours: 3.4, cost: 19.90)
        s.on("2024-09-04")
        approveBySignoff(&s, churn, "4.1.0")
        s.transition(churn, "4.1.0", to: .production, deployment: "Batch Scheduler", by: engineer)

        s.on("2024-10-07")
        build(&s, demand, "5.0.1", (0.887, 0.873, 0.869), features: "sales-history-v5.0", hours: 0.8, cost: 0.90)
        s.on("2024-10-09")
        approveBySignoff(&s, demand, "5.0.1")
        s.transition(demand, "5.0.1", to: .production, deployment: "Daily Batch Job", by: engineer)

        s.on("2024-11-04")
        build(&s, recommender, "2.9.0", (0.748, 0.709, 0.693), features: "catalog-interactions-v8.0", hours: 6.0, cost: 45.20)
        s.on("2024-11-06")
        approveBySignoff(&s, recommender, "2.9.0")
        s.transition(recommender, "2.9.0", to: .production, deployment: "Real-time API", by: engineer)
        s.on("2024-11-07")
        s.rollback(recommender, to: "2.8.3", reason: "Error rate 0.8% during the 25% canary step exceeded the 0.5% rollback criterion", by: engineer)

        s.on("2024-12-30")
        featureChanges2025(into: &s)

        // 2025: the seed's current state.
        s.on("2025-01-06")
        build(&s, fraud, "3.2.1", (0.975, 0.960, 0.978), features: "fraud-features@4.2.1")
        s.on("2025-01-13")
        approveByBoard(&s, fraud, "3.2.1", [
            (cto, .approve, "Data quality fix verified on the holdout set", nil),
            (headDataScience, .approve, "Improves precision and recall without segment regressions above the limit", nil),
            (headRisk, .reject, "Synthetic-identity recall (94.8%) still trails the other fraud types",
             "I dissent: a patch release should not ship while one fraud segment is 3 points behind; I ask for a dedicated synthetic-identity review within 30 days."),
            (headEngineering, .approve, "Canary and rollback plan are in place", nil),
            (advisor, .approve, "Evidence is complete; the dissent's follow-up review is a reasonable condition", nil),
        ])
        s.on("2025-01-15")
        s.transition(fraud, "3.2.1", to: .production, deployment: "API Gateway (us-east)", by: engineer)

        s.on("2025-02-03")
        build(&s, credit, "3.1.0", (0.892, 0.866, 0.848), features: "bureau-features-v3.1", staging: "N/A (audit pending)")
        s.on("2025-02-10")
        s.requestApproval(credit, "3.1.0", by: engineer)
        s.vote(cto, credit, "3.1.0", .approve, "Reason codes are now stable across applicant segments")
        s.vote(headDataScience, credit, "3.1.0", .approve, "Counterfactual review completed")

        s.on("2025-02-17")
        s.register(images, by: engineer)
        s.release(images, "2.0.0", accuracy: 0.884, precision: 0.872, recall: 0.869, gpu: "NVIDIA A10G", hours: 7.5, cost: 52.00,
                  features: "scanned-images-v1.0", hyperparameters: hyperparameters(images), by: engineer)

        try evidence(into: &s)
        documentation(into: &s)
    }
}
