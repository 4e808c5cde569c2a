import LedgerCore
import LedgerStore

/// The governance chain from a prediction to the model version that made it.
///
/// For now: the entries of the model's stream (`model/<model>`) whose payload names the version
/// (`"version": "3.2.0"`). The registry projection will extend this with the version's lifecycle
/// stage at the prediction's time, its approvals and validations, the feature-set version with its
/// features and owners, and the training data set's hash; it belongs here, apart from the proof.
enum LineageModelChain {
    static func entries(model: String, version: String, store: SQLiteEventStore) throws -> [Entry] {
        guard let stream = StreamName(rawValue: "model/" + model) else { return [] }
        return try store.entriesNow(EntryQuery(stream: stream)).filter { entry in
            guard let payload = try? entry.payload?.object() else { return false }
            return payload["version"]?.stringValue == version
        }
    }
}
