public import LedgerCore

/// A histogram of one feature: numeric bins (edges and counts) or categories and counts.
///
/// Numeric bins are the half-open intervals between consecutive edges; how values fall into
/// them is the recorder's concern, the ledger checks only the shape. Edges are finite and
/// strictly increasing; there is one count per bin (one fewer than edges) or one per category;
/// counts are whole numbers of 0 or more with a positive total; category names are non-empty and
/// distinct.
///
/// ```swift
/// let reference = try Histogram(edges: [0, 10, 20, 30], counts: [50, 30, 20])
/// let current = try Histogram(categories: ["ios", "android"], counts: [40, 60])
/// ```
public struct Histogram: Hashable, Sendable {
    /// What the bins are.
    public enum Bins: Hashable, Sendable {
        /// Numeric bins between consecutive edges.
        case numeric(edges: [Double])
        /// Named categories.
        case categorical([String])
    }

    /// The bins.
    public let bins: Bins
    /// One count per bin or category.
    public let counts: [Int]

    /// A numeric histogram.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` for fewer than two edges, a non-finite edge,
    ///   edges that do not increase, a negative count or a zero total; `.malformedInput` when
    ///   the number of counts is not one fewer than the number of edges.
    public init(edges: [Double], counts: [Int]) throws(LedgerError) {
        if edges.count < 2 {
            throw LedgerError(
                .invalidField, "edges: \(edges.count) edge\(edges.count == 1 ? "" : "s") given; a histogram needs at least two edges (one bin)")
        }
        for (index, edge) in edges.enumerated() { try EvidenceValidation.finite(edge, field: "edges[\(index)]") }
        for index in edges.indices.dropFirst() where !(edges[index] > edges[index - 1]) {
            throw LedgerError(
                .invalidField,
                "edges[\(index)]: \(edges[index]) does not exceed edges[\(index - 1)] = \(edges[index - 1]); bin edges must increase strictly")
        }
        if counts.count != edges.count - 1 {
            throw LedgerError(
                .malformedInput,
                "counts: \(counts.count) counts for \(edges.count - 1) bins; give one count per bin, one fewer than the \(edges.count) edges")
        }
        try Self.checkCounts(counts)
        bins = .numeric(edges: edges)
        self.counts = counts
    }

    /// A categorical histogram.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` for no categories, an empty or repeated name, a
    ///   negative count or a zero total; `.malformedInput` when the number of counts differs from
    ///   the number of categories.
    public init(categories: [String], counts: [Int]) throws(LedgerError) {
        if categories.isEmpty {
            throw LedgerError(.invalidField, "categories: is empty; a histogram needs at least one category")
        }
        var seen: Set<String> = []
        for (index, category) in categories.enumerated() {
            if category.isEmpty {
                throw LedgerError(.invalidField, "categories[\(index)]: is empty; name every category")
            }
            if !seen.insert(category).inserted {
                throw LedgerError(.invalidField, "categories[\(index)]: '\(category)' appears twice; list each category once")
            }
        }
        if counts.count != categories.count {
            throw LedgerError(
                .malformedInput,
                "counts: \(counts.count) counts for \(categories.count) categories; give one count per category")
        }
        try Self.checkCounts(counts)
        bins = .categorical(categories)
        self.counts = counts
    }

    private static func checkCounts(_ counts: [Int]) throws(LedgerError) {
        var total = 0
        for (index, count) in counts.enumerated() {
            try EvidenceValidation.count(count, field: "counts[\(index)]")
            total += count
        }
        if total == 0 {
            throw LedgerError(.invalidField, "counts: the total is 0; a histogram needs at least one observation")
        }
    }

    /// The sum of the counts.
    public var total: Int { counts.reduce(0, +) }

    /// `{"edges", "counts"}` or `{"categories", "counts"}`.
    public var json: JSONObject {
        var object: JSONObject = ["counts": .array(counts.map { .count($0) })]
        switch bins {
        case .numeric(let edges): object["edges"] = .array(edges.map { .number($0) })
        case .categorical(let categories): object["categories"] = .array(categories.map { .string($0) })
        }
        return object
    }
}
