public import LedgerCore

/// The area under the ROC curve of one set of scores.
public struct AreaUnderROC: Hashable, Sendable {
    /// The area, from 0 to 1; 0.5 is chance.
    public let value: Double
    /// Examples labelled 1.
    public let positives: Int
    /// Examples labelled 0.
    public let negatives: Int

    /// `{"auc_roc", "positives", "negatives"}`.
    public var json: JSONObject {
        ["auc_roc": .number(value), "positives": .count(positives), "negatives": .count(negatives)]
    }
}
