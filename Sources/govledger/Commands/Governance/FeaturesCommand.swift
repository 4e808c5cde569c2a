import ArgumentParser
import Foundation
import Governance
import LedgerCore
import LedgerStore

/// `govledger features`: the feature store's inventory, and the commands that record it.
struct FeaturesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "The feature inventory: owners, versions, status, consumers; unused and overdue features.",
        discussion: """
            'govledger features [list]' lists every feature with its owner, latest version, status and the model \
            versions that read it (through the feature set their lineage names as <featureset>@<version>), and flags \
            features unused (no consumer in production or staging for the policy's features.unused_after) and \
            deprecated versions past their grace that a serving model version still reads. \
            'govledger features register|release|deprecate|set' record feature.registered, feature.version.released, \
            feature.version.deprecated and featureset.released.
            """,
        subcommands: [List.self, Register.self, Release.self, Deprecate.self, SetCommand.self],
        defaultSubcommand: List.self)

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "register", abstract: "Register a feature with its owner and documentation (feature.registered).")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The feature's name, such as customer_age_days.", valueName: "name")) var name: String
        @Option(help: ArgumentHelp("Who answers for it, such as data-eng@bank.example.", valueName: "owner")) var owner: String
        @Option(help: ArgumentHelp("What it represents, in business terms.", valueName: "text")) var description: String
        @Option(name: .customLong("type"), help: ArgumentHelp("Its data type: int, float, string, boolean, enum(…).", valueName: "type")) var dataType: String
        @Option(help: ArgumentHelp("The source system, such as 'CRM (Salesforce)'.", valueName: "system")) var source: String
        @Option(help: ArgumentHelp("How often it is refreshed: real-time, hourly, daily…", valueName: "cadence")) var refresh: String
        @Option(help: ArgumentHelp("Freshness SLA: the oldest a served value may be, such as 5min, 65min or 25h.", valueName: "duration")) var freshness: String
        @Option(help: ArgumentHelp("Completeness SLA: the share of non-null values, above 0 and at most 1 (0.99).", valueName: "share")) var completeness: Double

        func run() async throws {
            let feature = try FeatureName.parse(name)
            guard let freshnessSLA = PolicyDuration(rawValue: freshness) else {
                throw ValidationError("--freshness '\(freshness)' is not a duration: use a count followed by min, h, d, w, mo or y (5min, 25h).")
            }
            guard completeness.isFinite, completeness > 0, completeness <= 1 else {
                throw ValidationError("--completeness must be a share above 0 and at most 1, such as 0.99 for 99 %.")
            }
            for (option, value) in [("--owner", owner), ("--description", description), ("--type", dataType), ("--source", source), ("--refresh", refresh)] where value.isEmpty {
                throw ValidationError("\(option) must not be empty.")
            }
            try await options.execute(.registerFeature(
                name: feature, owner: owner, description: description, dataType: dataType, source: source, refresh: refresh,
                freshnessSLA: freshnessSLA, completenessSLA: completeness))
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release", abstract: "Release a version of a feature (feature.version.released).",
            discussion: "--change is the kind of change: major (breaking: type or logic), minor (additive), patch (a fix); the version must be greater than the latest and numbered for that change.")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The feature.", valueName: "name")) var name: String
        @Option(help: ArgumentHelp("The new version, MAJOR.MINOR.PATCH.", valueName: "version")) var version: String
        @Option(help: ArgumentHelp("major, minor or patch.", valueName: "kind")) var change: String
        @Option(help: ArgumentHelp("A remark.", valueName: "text")) var note: String?

        func run() async throws {
            guard let kind = VersionBump(rawValue: change) else { throw ValidationError("--change must be major, minor or patch, not '\(change)'.") }
            try await options.execute(.releaseFeatureVersion(feature: try FeatureName.parse(name), version: try GovernanceArguments.version(version), change: kind, note: note))
        }
    }

    struct Deprecate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "deprecate", abstract: "Deprecate a feature version with a grace period (feature.version.deprecated).")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The feature.", valueName: "name")) var name: String
        @Option(help: ArgumentHelp("The version to deprecate.", valueName: "version")) var version: String
        @Option(help: ArgumentHelp("How long consumers may keep it (default: the policy's features.deprecation_grace, 3mo).", valueName: "duration")) var grace: String?
        @Option(help: ArgumentHelp("Why.", valueName: "text")) var reason: String

        func run() async throws {
            var duration: PolicyDuration?
            if let grace {
                guard let parsed = PolicyDuration(rawValue: grace) else {
                    throw ValidationError("--grace '\(grace)' is not a duration: use a count followed by min, h, d, w, mo or y (3mo, 90d).")
                }
                duration = parsed
            }
            guard !reason.isEmpty else { throw ValidationError("--reason must not be empty.") }
            try await options.execute(.deprecateFeatureVersion(feature: try FeatureName.parse(name), version: try GovernanceArguments.version(version), grace: duration, reason: reason))
        }
    }

    struct SetCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Release a version of a feature set (featureset.released).",
            discussion: "Model versions name it in their lineage as featureSetVersion <set>@<version>, such as fraud-features@1.4.0.")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The feature set's name, such as fraud-features.", valueName: "name")) var name: String
        @Option(help: ArgumentHelp("The set's version.", valueName: "version")) var version: String
        @Option(name: .customLong("feature"), help: ArgumentHelp("A member as NAME@VERSION; repeat for each.", valueName: "name@version")) var members: [String] = []
        @Option(help: ArgumentHelp("A remark.", valueName: "text")) var note: String?

        func run() async throws {
            guard !members.isEmpty else { throw ValidationError("Give the members with --feature NAME@VERSION, once per feature.") }
            var features: [FeatureName: SemanticVersion] = [:]
            for member in members {
                guard let at = member.lastIndex(of: "@") else {
                    throw ValidationError("--feature '\(member)' must be NAME@VERSION, such as customer_age_days@1.1.0.")
                }
                let feature = try FeatureName.parse(String(member[..<at]))
                guard features[feature] == nil else { throw ValidationError("--feature names \(feature) twice; a set has one version of each feature.") }
                features[feature] = try GovernanceArguments.version(String(member[member.index(after: at)...]))
            }
            try await options.execute(.releaseFeatureSet(name: try FeatureName.parse(name, what: "feature set"), version: try GovernanceArguments.version(version), features: features, note: note))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The inventory with its flags (the default).")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag
        @Option(name: .customLong("as-of"), help: ArgumentHelp("Judge unused and overdue features at this date (2025-01-15 or a full timestamp; default now).", valueName: "date"))
        var asOf: String?

        func run() async throws {
            var time = LedgerClock.system.now()
            if let asOf {
                guard let date = Timestamp(dateOrTimestamp: asOf) else {
                    throw CommandFailure.usage("--as-of '\(asOf)' is not a date (2025-01-15) or an RFC 3339 UTC time with milliseconds.")
                }
                time = date
            }
            let state = try await ledger.governance().registry()
            let rows = state.featuresInOrder.map { feature in
                Row(feature: feature, consumers: state.consumers(of: feature.name), unused: state.isUnused(feature.name, at: time),
                    overdue: state.consumersPastGrace(of: feature.name, at: time))
            }
            if output.json {
                Output.json(.object([
                    "asOf": .string(time.description),
                    "features": .array(rows.map(\.json)),
                    "featureSets": .array(state.featureSets.values.sorted { $0.order < $1.order }.map { set in
                        .object(["name": .string(set.name.rawValue), "versions": .array(set.versions.map { version in
                            .object([
                                "version": .string(version.version.description), "releasedAt": .string(version.releasedAt.description),
                                "features": .object(JSONObject(uniquingKeysWith: version.features.sorted { $0.key < $1.key }.map { ($0.key.rawValue, .string($0.value.description)) })),
                            ])
                        })])
                    }),
                ]))
                return
            }
            guard !rows.isEmpty else {
                Output.line("No features registered; register one with govledger features register NAME --owner … --description … --type … --source … --refresh … --freshness … --completeness …")
                return
            }
            let table = rows.map { row in
                [row.feature.name.rawValue, row.feature.owner, row.feature.latest.map { "\($0.version)" } ?? "—", row.feature.status,
                 row.consumers.isEmpty ? "—" : row.consumers.map { "\($0.model) \($0.version) (\($0.stage))" }.joined(separator: ", "),
                 row.flags.isEmpty ? "" : row.flags.joined(separator: "; ")]
            }
            for line in GovernanceOutput.table(["Feature", "Owner", "Latest", "Status", "Consumers", "Flags"], table) { Output.line(line) }
            let unused = rows.filter(\.unused).count
            let overdue = rows.filter { !$0.overdue.isEmpty }.count
            let window = (state.policy?.policy.features ?? .defaults)
            Output.line("\(rows.count) feature\(rows.count == 1 ? "" : "s") as of \(time): \(unused) unused (no consumer in production or staging for \(window.unusedAfter)), \(overdue) deprecated past grace and still read")
        }

        struct Row {
            let feature: FeatureRecord
            let consumers: [RegistryState.FeatureConsumer]
            let unused: Bool
            let overdue: [RegistryState.FeatureConsumer]

            var flags: [String] {
                var flags: [String] = []
                if unused { flags.append("UNUSED") }
                for consumer in overdue { flags.append("PAST GRACE: \(feature.name) \(consumer.featureVersion) read by \(consumer.model) \(consumer.version)") }
                return flags
            }

            var json: JSONValue {
                .object([
                    "name": .string(feature.name.rawValue), "owner": .string(feature.owner), "description": .string(feature.description),
                    "type": .string(feature.dataType), "source": .string(feature.source), "refresh": .string(feature.refresh),
                    "freshnessSLA": .string(feature.freshnessSLA.rawValue), "completenessSLA": .number(feature.completenessSLA),
                    "latest": feature.latest.map { .string($0.version.description) } ?? .null, "status": .string(feature.status),
                    "versions": .array(feature.versions.map { version in
                        var object: JSONObject = ["version": .string(version.version.description), "change": .string(version.change.rawValue), "releasedAt": .string(version.releasedAt.description)]
                        if let deprecation = version.deprecation {
                            object["deprecated"] = .object(["at": .string(deprecation.time.description), "grace": .string(deprecation.grace.rawValue), "graceEnds": .string(deprecation.graceEnds.description), "reason": .string(deprecation.reason)])
                        }
                        return .object(object)
                    }),
                    "consumers": .array(consumers.map(Self.consumerJSON)),
                    "unused": .bool(unused), "pastGraceConsumers": .array(overdue.map(Self.consumerJSON)),
                ])
            }

            static func consumerJSON(_ consumer: RegistryState.FeatureConsumer) -> JSONValue {
                .object([
                    "model": .string(consumer.model.rawValue), "version": .string(consumer.version.description), "stage": .string(consumer.stage.rawValue),
                    "featureSet": .string(consumer.featureSet.description), "featureVersion": .string(consumer.featureVersion.description),
                ])
            }
        }
    }
}
