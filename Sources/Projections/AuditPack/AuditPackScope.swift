public import LedgerCore

/// Which entries an audit pack of one model and one period holds.
///
/// - **Model entries**: every entry of a stream whose last segment is the model's slug and that is
///   not a shared stream (`model/<slug>`, `legal-hold/<slug>`, `retention/<slug>`,
///   `lineage/<slug>`, …), with `from ≤ time ≤ to`.
/// - **Shared entries**: every entry of a `policy/…`, `board/…` or `access/roles` stream with
///   `time ≤ to`: the policies, boards and roles the model's decisions rely on.
///
/// ```swift
/// let scope = try AuditPackScope(model: "credit-scoring-model",
///                                from: AuditPackScope.bound("2025-01-01", endOfDay: false)!,
///                                to: AuditPackScope.bound("2025-12-31", endOfDay: true)!)
/// scope.includes(stream: "model/credit-scoring-model", time: t) // true when t is in 2025
/// ```
public struct AuditPackScope: Hashable, Sendable {
    /// Why an entry belongs to a pack.
    public enum Membership: Hashable, Sendable {
        /// A stream of the model: included within the period.
        case model
        /// A policy, board or role stream: included up to the end of the period.
        case shared
    }

    /// The model's slug, the last segment of its streams.
    public let model: String
    /// The first instant of the period, inclusive.
    public let from: Timestamp
    /// The last instant of the period, inclusive.
    public let to: Timestamp

    /// Creates a scope.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` when `model` is not a stream segment
    ///   (`[a-z0-9][a-z0-9._-]*`) or the period ends before it starts.
    public init(model: String, from: Timestamp, to: Timestamp) throws(LedgerError) {
        guard StreamName(rawValue: "model/" + model) != nil, !model.contains("/") else {
            throw LedgerError(.invalidField, "'\(model)' is not a model slug: use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit.")
        }
        guard from <= to else {
            throw LedgerError(.invalidField, "The period ends (\(to)) before it starts (\(from)). Give --from before --to.")
        }
        self.model = model
        self.from = from
        self.to = to
    }

    /// Parses a period bound: a date `YYYY-MM-DD` (its first millisecond, or its last when
    /// `endOfDay`) or a canonical RFC 3339 timestamp `YYYY-MM-DDTHH:MM:SS.sssZ`; also accepted are
    /// whole seconds (`…T10:00:00Z`), which mean `.000`.
    public static func bound(_ text: String, endOfDay: Bool) -> Timestamp? {
        if text.utf8.count == 10 {
            guard let start = Timestamp(dateOrTimestamp: text) else { return nil }
            return endOfDay ? start.adding(milliseconds: 86_400_000 - 1) : start
        }
        if let exact = Timestamp(text) { return exact }
        if text.utf8.count == 20, text.hasSuffix("Z") {
            return Timestamp(String(text.dropLast()) + ".000Z")
        }
        return nil
    }

    /// Whether `stream` is shared by every pack: `policy/…`, `board/…` or `access/roles`.
    public static func isShared(_ stream: String) -> Bool {
        stream.hasPrefix("policy/") || stream.hasPrefix("board/") || stream == "access/roles"
    }

    /// How `stream` belongs to this pack, or `nil` when its entries are never included.
    public func membership(of stream: String) -> Membership? {
        if Self.isShared(stream) { return .shared }
        guard stream.hasSuffix("/" + model) else { return nil }
        return .model
    }

    /// Whether an entry of `stream` at `time` belongs to this pack.
    public func includes(stream: String, time: Timestamp) -> Bool {
        switch membership(of: stream) {
        case .shared: time <= to
        case .model: from <= time && time <= to
        case nil: false
        }
    }
}
