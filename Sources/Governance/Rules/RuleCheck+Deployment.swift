import LedgerCore

extension RuleCheck {
    func check(_ e: DeploymentStarted) throws(GovernanceRejection) {
        let (model, record) = try evidenceVersion(e.model, e.version)
        // A shadow deployment runs a candidate beside production on live requests, serving none of
        // them, so a version under validation or approved may run in shadow before its promotion.
        let deployable: [LifecycleStage] = e.strategy == .shadow ? [.staging, .approved, .production] : [.production]
        guard deployable.contains(record.stage) else {
            throw fail(.deployment, e.strategy == .shadow
                ? "\(model.slug) \(record.version) is \(record.stage); a shadow deployment runs a version in staging, approved or production"
                : "\(model.slug) \(record.version) is \(record.stage); a rollout deploys the production version (promote it first)")
        }
        if let active = model.deployments.last, active.isActive {
            throw fail(.deployment, "the deployment of \(active.version) started at seq \(active.seq) is still at \(active.traffic * 100)% of traffic; advance it to its end or roll it back first")
        }
        if let problem = DeploymentStarted.problem(strategy: e.strategy, steps: e.steps) {
            throw fail(.deployment, problem)
        }
    }

    /// The deployment an entry names: the model's latest, not rolled back.
    func deployment(_ slug: ModelSlug, _ version: SemanticVersion, _ seq: Int) throws(GovernanceRejection) -> ModelRecord.Deployment {
        let model = try model(slug)
        guard let latest = model.deployments.last, latest.seq == seq, latest.version == version else {
            throw fail(.deployment, "it names the deployment of \(version) at seq \(seq), but the latest deployment of \(slug) is \(model.deployments.last.map { "\($0.version) at seq \($0.seq)" } ?? "none")")
        }
        guard !latest.rolledBack else {
            throw fail(.deployment, "the deployment at seq \(seq) was rolled back; start a new one")
        }
        return latest
    }

    func check(_ e: DeploymentStepAdvanced) throws(GovernanceRejection) {
        let deployment = try deployment(e.model, e.version, e.deployment)
        guard e.step == deployment.step + 1, e.step < deployment.steps.count, deployment.steps[e.step] == e.traffic else {
            let next = deployment.step + 1 < deployment.steps.count ? "step \(deployment.step + 1) at \(deployment.steps[deployment.step + 1])" : "none: it is at its last step"
            throw fail(.deployment, "it moves to step \(e.step) at \(e.traffic), but the next step is \(next)")
        }
    }

    func check(_ e: DeploymentReported) throws(GovernanceRejection) {
        _ = try deployment(e.model, e.version, e.deployment)
        let criteria = policy.deployment
        guard e.errorRateAbove == criteria.rollbackErrorRateAbove, e.accuracyDropAbove == criteria.rollbackAccuracyDropAbove else {
            throw fail(.evidenceResult, "it judges by error rate above \(e.errorRateAbove) and accuracy drop above \(e.accuracyDropAbove), but the policy's rollback criteria are \(criteria.rollbackErrorRateAbove) and \(criteria.rollbackAccuracyDropAbove)")
        }
        let breached = e.errorRate > criteria.rollbackErrorRateAbove || e.accuracyDrop > criteria.rollbackAccuracyDropAbove
        guard breached == e.breached else {
            throw fail(.evidenceResult, "it records the report as \(e.breached ? "beyond" : "within") the rollback criteria, but error rate \(e.errorRate) and accuracy drop \(e.accuracyDrop) are \(breached ? "beyond" : "within") them")
        }
    }

    func check(_ e: DeploymentRolledBack) throws(GovernanceRejection) {
        _ = try deployment(e.model, e.version, e.deployment)
    }
}
