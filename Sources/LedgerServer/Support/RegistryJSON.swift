import Governance
import LedgerCore

/// The JSON forms of registry records and entries; the same shapes as the CLI's `--json`.
enum RegistryJSON {
    static func int(_ value: Int) -> JSONValue { .number(Double(value)) }

    /// A written entry: seq, stream, version, type, time, leaf hash.
    static func summary(_ entry: Entry) -> JSONObject {
        var object = JSONObject()
        object["seq"] = int(entry.header.seq)
        object["stream"] = .string(entry.header.stream.rawValue)
        object["streamVersion"] = int(entry.header.streamVersion)
        object["type"] = .string(entry.header.type.rawValue)
        object["time"] = .string(entry.header.time.description)
        object["leafHash"] = .string(entry.leafHash.hex)
        return object
    }

    static func deployment(_ version: VersionRecord) -> String {
        version.deployment ?? "N/A (\(version.stage))"
    }

    /// A model with its displayed version and every version.
    static func model(_ model: ModelRecord) -> JSONObject {
        var object: JSONObject = [
            "model": .string(model.slug.rawValue), "name": .string(model.name), "owner": .string(model.owner),
            "framework": .string(model.framework), "tier": int(model.tier.rawValue), "purpose": .string(model.purpose),
            "registeredAt": .string(model.registeredAt.description),
        ]
        if !model.aliases.isEmpty {
            object["aliases"] = .object(JSONObject(uniquingKeysWith: model.aliases.map { ($0.key, .string($0.value.description)) }))
        }
        if !model.tags.isEmpty { object["tags"] = .object(JSONObject(uniquingKeysWith: model.tags.map { ($0.key, .string($0.value)) })) }
        object["description"] = model.description.map { .string($0) }
        if let shown = model.displayedVersion {
            object["version"] = .string(shown.version.description)
            object["stage"] = .string(shown.stage.rawValue)
            object["deployment"] = .string(deployment(shown))
        }
        object["versions"] = .array(model.versions.map { version in
            var entry: JSONObject = [
                "version": .string(version.version.description), "stage": .string(version.stage.rawValue),
                "stageSince": .string(version.stageSince.description), "bump": .string(version.bump.rawValue),
                "validations": .object(JSONObject(uniquingKeysWith: version.validations.map { ($0.key.rawValue, .bool($0.value.passed)) })),
            ]
            entry["deployment"] = version.deployment.map { .string($0) }
            if !version.trainingRuns.isEmpty {
                entry["trainingRuns"] = .array(version.trainingRuns.map { run in
                    var object: JSONObject = [
                        "runId": .string(run.runID), "job": .object(["namespace": .string(run.jobNamespace), "name": .string(run.jobName)]),
                        "inputs": .array(run.inputs.map { .object($0.json) }), "outputs": .array(run.outputs.map { .object($0.json) }),
                        "eventTime": .string(run.eventTime),
                    ]
                    object["seq"] = run.seq.map { int($0) }
                    return .object(object)
                })
            }
            if !version.tags.isEmpty {
                entry["tags"] = .object(JSONObject(uniquingKeysWith: version.tags.map { ($0.key, .string($0.value)) }))
            }
            return .object(entry)
        })
        return object
    }
}
