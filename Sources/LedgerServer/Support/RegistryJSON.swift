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
            return .object(entry)
        })
        return object
    }
}
