public import Governance
public import LedgerCore

/// Evidence documents read strictly into governance commands: `govledger evidence …` and
/// `monitor` read them from files, the API from request bodies (with the model and version
/// taken from the path). Every message names the document's field; nothing here judges.
public enum EvidenceDocument {
    public static func refuseUnknown(_ object: JSONObject, allowed: Set<String>, context: String = "") throws(LedgerError) {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw LedgerError(.invalidField, "\(context)\(unknown.prefix(64)): is not a field here; the fields are \(allowed.sorted().joined(separator: ", "))")
        }
    }

    public static func string(_ object: JSONObject, _ key: String, context: String = "") throws(LedgerError) -> String {
        guard let text = object[key]?.stringValue, !text.isEmpty else {
            throw LedgerError(.invalidField, "\(context)\(key): is missing or not a non-empty string")
        }
        return text
    }

    public static func optionalString(_ object: JSONObject, _ key: String, context: String = "") throws(LedgerError) -> String? {
        guard object[key] != nil else { return nil }
        return try string(object, key, context: context)
    }

    static func model(_ object: JSONObject) throws(LedgerError) -> ModelSlug { try ModelSlug.parse(try string(object, "model")) }
    static func version(_ object: JSONObject) throws(LedgerError) -> SemanticVersion { try SemanticVersion.parse(try string(object, "version")) }

    /// `{"model", "version", "attribute", "reference", "groups": [{"name", "tp", "fp", "tn", "fn", …}], "note"?}`.
    public static func bias(_ object: JSONObject) throws(LedgerError) -> GovernanceCommand {
        try refuseUnknown(object, allowed: ["model", "version", "attribute", "reference", "groups", "note"])
        let model = try model(object)
        let version = try version(object)
        guard let list = object["groups"]?.arrayValue else {
            throw LedgerError(.invalidField, "groups: is missing or not a list of groups {\"name\", \"tp\", \"fp\", \"tn\", \"fn\"}")
        }
        var groups: [FairnessGroup] = []
        for (index, value) in list.enumerated() { groups.append(try FairnessGroup(json: value, field: "groups[\(index)]")) }
        return .recordBiasTest(
            model: model, version: version, attribute: try string(object, "attribute"), reference: try string(object, "reference"),
            groups: groups, note: try optionalString(object, "note"))
    }

    /// `{"model", "version", "metric", "arms": {…}}`.
    public static func abTest(_ object: JSONObject) throws(LedgerError) -> GovernanceCommand {
        try refuseUnknown(object, allowed: ["model", "version", "metric", "arms"])
        guard let arms = object["arms"]?.objectValue else {
            throw LedgerError(.invalidField, "arms: is missing or not an object")
        }
        return .recordABTest(model: try model(object), version: try version(object), metric: try string(object, "metric"), arms: try ABTestRecorded.Arms(json: arms))
    }

    /// `{"model", "version", "method", "global", "local", "counterfactuals", "scores"}`.
    public static func explainability(_ object: JSONObject) throws(LedgerError) -> GovernanceCommand {
        try refuseUnknown(object, allowed: ["model", "version", "method", "global", "local", "counterfactuals", "scores"])
        func map<T>(_ key: String, _ expected: String, _ convert: (JSONValue) -> T?) throws(LedgerError) -> [String: T] {
            guard let members = object[key]?.objectValue else { throw LedgerError(.invalidField, "\(key): is missing or not an object of \(expected)") }
            var result: [String: T] = [:]
            for member in members {
                guard let value = convert(member.value) else { throw LedgerError(.invalidField, "\(key).\(member.key.prefix(64)): must be \(expected)") }
                result[member.key] = value
            }
            return result
        }
        let global = try map("global", "importances (numbers)") { $0.numberValue }
        let local = try map("local", "lists of reason codes") { value -> [String]? in
            guard let list = value.arrayValue else { return nil }
            let codes = list.compactMap(\.stringValue)
            return codes.count == list.count ? codes : nil
        }
        let counterfactuals = try map("counterfactuals", "changes in words") { $0.stringValue }
        let scores = try map("scores", "numbers from 0 to 1") { $0.numberValue.flatMap { $0 >= 0 && $0 <= 1 ? $0 : nil } }
        return .recordExplainability(
            model: try model(object), version: try version(object), method: try string(object, "method"),
            global: global, local: local, counterfactuals: counterfactuals, scores: scores)
    }

    /// A monitoring snapshot: `{"model", "version", "window", "features", …}` (docs/evidence.md).
    public static func snapshot(_ object: JSONObject) throws(LedgerError) -> GovernanceCommand {
        var document = object
        let model = try model(document)
        let version = try version(document)
        document["model"] = nil
        document["version"] = nil
        return .recordSnapshot(model: model, version: version, input: try MonitoringInput(json: document))
    }
}
