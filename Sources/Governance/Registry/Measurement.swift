public import LedgerCore

/// A measured value of a validation metric: a number, or a boolean for `boolean` metrics.
public enum Measurement: Hashable, Sendable, CustomStringConvertible {
    case number(Double)
    case bool(Bool)

    /// Reads a JSON number or boolean; `nil` for anything else.
    public init?(json: JSONValue) {
        switch json {
        case .number(let value) where value.isFinite: self = .number(value)
        case .bool(let value): self = .bool(value)
        default: return nil
        }
    }

    /// The JSON form.
    public var json: JSONValue {
        switch self {
        case .number(let value): .number(value)
        case .bool(let value): .bool(value)
        }
    }

    public var description: String { json.description }

    /// Whether `threshold` accepts this measurement.
    public func passes(_ threshold: MetricThreshold) -> Bool {
        switch self {
        case .number(let value): threshold.accepts(value)
        case .bool(let value): threshold.accepts(value)
        }
    }
}
