public import LedgerCore

/// `deployment.started`: the rollout of a production version begins.
///
/// Stream `model/<slug>`. `steps` are the traffic shares the new version serves, in order:
/// canary `[0.10, 0.25, 0.50, 1.0]` (the policy's `canary_steps` unless given), A/B test
/// `[split]`, blue-green `[1.0]`, shadow `[0]` (it serves nothing; results record the agreement
/// rate with production). The deployment is known by the seq of this entry.
public struct DeploymentStarted: GovernancePayload {
    public static let eventType = EventType.deploymentStarted

    public var model: ModelSlug
    public var version: SemanticVersion
    public var strategy: DeploymentPolicy.Strategy
    public var steps: [Double]
    public var environment: String
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion, strategy: DeploymentPolicy.Strategy, steps: [Double], environment: String, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.strategy = strategy
        self.steps = steps
        self.environment = environment
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        strategy = try fields.required("strategy", "canary, blue_green, shadow or ab_test") { $0.stringValue.flatMap(DeploymentPolicy.Strategy.init(rawValue:)) }
        steps = try fields.required("steps", "a non-empty list of traffic shares from 0 to 1") { value -> [Double]? in
            guard let list = value.arrayValue, !list.isEmpty else { return nil }
            let numbers = list.compactMap(\.numberValue)
            return numbers.count == list.count && numbers.allSatisfy({ $0 >= 0 && $0 <= 1 }) ? numbers : nil
        }
        environment = try fields.string("environment")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        [
            "model": .string(model.rawValue), "version": .string(version.description), "strategy": .string(strategy.rawValue),
            "steps": .array(steps.map { .number($0) }), "environment": .string(environment), "policyDigest": .string(policyDigest.hex),
        ]
    }

    /// Why `steps` do not suit `strategy`, or `nil` when they do.
    public static func problem(strategy: DeploymentPolicy.Strategy, steps: [Double]) -> String? {
        switch strategy {
        case .canary:
            let increasing = zip(steps, steps.dropFirst()).allSatisfy { $0 < $1 }
            return !steps.isEmpty && increasing && steps[0] > 0 && steps.last == 1 ? nil
                : "canary steps must be traffic shares above 0 that increase and end at 1.0, such as 0.10, 0.25, 0.50, 1.0"
        case .abTest:
            return steps.count == 1 && steps[0] > 0 && steps[0] < 1 ? nil : "an A/B test takes one split: the new version's traffic share, above 0 and below 1"
        case .blueGreen:
            return steps == [1] ? nil : "a blue-green deployment switches all traffic at once: steps [1.0]"
        case .shadow:
            return steps == [0] ? nil : "a shadow deployment serves no traffic: steps [0]"
        }
    }
}
