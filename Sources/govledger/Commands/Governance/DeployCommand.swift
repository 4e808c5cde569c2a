import ArgumentParser
import Foundation
import Governance
import LedgerCore

struct DeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy",
        abstract: "Record rollouts of a production version: start, advance, report, roll back.",
        subcommands: [Start.self, Advance.self, Report.self, Rollback.self])

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "start", abstract: "Start a rollout (deployment.started).")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
        @Option(help: ArgumentHelp("The production version rolled out.", valueName: "x.y.z")) var version: String
        @Option(help: ArgumentHelp("canary, blue_green, shadow or ab_test (default: the policy's).", valueName: "strategy")) var strategy: String?
        @Option(help: ArgumentHelp("Canary steps, comma-separated traffic shares such as 0.1,0.25,0.5,1 (default: the policy's).", valueName: "shares")) var steps: String?
        @Option(help: ArgumentHelp("The new version's traffic share in an A/B test, such as 0.5.", valueName: "share")) var split: Double?
        @Option(help: ArgumentHelp("Where it runs, such as \"API Gateway (us-east)\".", valueName: "text")) var environment: String

        func run() async throws {
            let service = try options.service()
            var kind: DeploymentPolicy.Strategy?
            if let strategy {
                guard let parsed = DeploymentPolicy.Strategy(rawValue: strategy) else {
                    throw ValidationError("--strategy must be canary, blue_green, shadow or ab_test.")
                }
                kind = parsed
            }
            var shares: [Double]?
            if let steps {
                let parsed = steps.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
                guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else { throw ValidationError("--steps must be comma-separated numbers such as 0.1,0.25,0.5,1.") }
                shares = parsed.map { $0! }
            }
            if let split { shares = [split] }
            let chosen: DeploymentPolicy.Strategy
            if let kind {
                chosen = kind
            } else {
                let (state, _) = try await service.state(models: [])
                chosen = state.policy?.policy.deployment.strategy ?? .canary
            }
            let written = try await service.execute(.startDeployment(
                model: try GovernanceArguments.model(model), version: try GovernanceArguments.version(version), strategy: chosen,
                steps: shares, environment: environment), by: try options.actor.principal())
            GovernanceOutput.written(written, json: options.output.json)
        }
    }

    struct Advance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "advance", abstract: "Move the rollout to its next traffic step (deployment.step.advanced).")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String

        func run() async throws {
            try await options.execute(.advanceDeployment(model: try GovernanceArguments.model(model)))
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Report rollout metrics (deployment.reported); beyond the rollback criteria the rollout is rolled back at once.")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
        @Option(name: .customLong("error-rate"), help: ArgumentHelp("The observed error rate, 0 to 1.", valueName: "rate")) var errorRate: Double
        @Option(name: .customLong("accuracy-drop"), help: ArgumentHelp("Accuracy of production minus that of the new version.", valueName: "n")) var accuracyDrop: Double
        @Option(name: .customLong("agreement-rate"), help: ArgumentHelp("Shadow deployments: the share agreeing with production.", valueName: "rate")) var agreement: Double?

        func run() async throws {
            guard errorRate >= 0, errorRate <= 1 else { throw ValidationError("--error-rate must be a rate from 0 to 1.") }
            guard accuracyDrop >= -1, accuracyDrop <= 1 else { throw ValidationError("--accuracy-drop must be a number from -1 to 1.") }
            if let agreement, !(agreement >= 0 && agreement <= 1) { throw ValidationError("--agreement-rate must be a rate from 0 to 1.") }
            try await options.execute(.reportDeployment(model: try GovernanceArguments.model(model), errorRate: errorRate, accuracyDrop: accuracyDrop, agreementRate: agreement))
        }
    }

    struct Rollback: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rollback", abstract: "Roll the latest rollout back (deployment.rolled_back).")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
        @Option(help: ArgumentHelp("Why.", valueName: "text")) var reason: String

        func run() async throws {
            try await options.execute(.rollbackDeployment(model: try GovernanceArguments.model(model), reason: reason))
        }
    }
}
