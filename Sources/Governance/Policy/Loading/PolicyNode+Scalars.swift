import LedgerCore
internal import Yams

/// Typed scalar readers. Each one accepts exactly one YAML type (a quoted `"5"` is a string,
/// not an integer) and reports anything else with the path and what was found.
extension PolicyNode {
    /// A non-empty string; the hint tells how to quote values YAML reads as other types.
    func string() -> String? {
        guard case .scalar(let scalar) = node, node.tagName == .str else {
            reportType("a string", hint: isQuotable ? "; put the value in quotes" : "")
            return nil
        }
        guard !scalar.string.isEmpty else {
            report("must not be empty")
            return nil
        }
        return scalar.string
    }

    /// Whether the node is a scalar that YAML typed as something else but quoting would keep.
    private var isQuotable: Bool {
        if case .scalar = node { return node.tagName != .null }
        return false
    }

    /// An integer within `range`.
    func int(in range: ClosedRange<Int> = 0...Int.max) -> Int? {
        guard node.tagName == .int, let value = node.int else {
            reportType("an integer")
            return nil
        }
        guard range.contains(value) else {
            report(value < range.lowerBound
                ? "\(value) is below the minimum \(range.lowerBound)"
                : "\(value) is above the maximum \(range.upperBound)")
            return nil
        }
        return value
    }

    /// A finite number (an integer or a decimal).
    func number() -> Double? {
        let value: Double?
        switch node.tagName {
        case .int: value = node.int.map(Double.init)
        case .float: value = node.float
        default: value = nil
        }
        guard let value else {
            reportType("a number")
            return nil
        }
        guard value.isFinite else {
            report("\(value) is not a finite number; use a finite number")
            return nil
        }
        return value
    }

    /// A number within `range`, described as `what` in the message (such as "a rate").
    func number(in range: ClosedRange<Double>, as what: String, remedy: String) -> Double? {
        guard let value = number() else { return nil }
        guard range.contains(value) else {
            report("\(value.policyText) is outside \(range.lowerBound.policyText)…\(range.upperBound.policyText), the range of \(what); \(remedy)")
            return nil
        }
        return value
    }

    /// A rate: a fraction from 0 to 1 (0.005 is 0.5%).
    func rate() -> Double? {
        number(in: 0...1, as: "a rate", remedy: "write rates as fractions (0.005 for 0.5%)")
    }

    /// A population stability index from 0 to 10.
    func psi() -> Double? {
        number(in: 0...10, as: "a population stability index", remedy: "use a PSI from 0 to 10 (0.10 is the usual drift tolerance)")
    }

    /// `true` or `false`.
    func bool() -> Bool? {
        guard node.tagName == .bool, let value = node.bool else {
            reportType("true or false")
            return nil
        }
        return value
    }

    /// A string parsed by `parse`; `rule` describes the accepted form.
    func parsed<T>(_ what: String, rule: String, _ parse: (String) -> T?) -> T? {
        guard let text = string() else { return nil }
        guard let value = parse(text) else {
            report("'\(text.prefix(60))' is not a valid \(what); \(rule)")
            return nil
        }
        return value
    }

    /// One of the raw values of `T`.
    func choice<T: RawRepresentable & CaseIterable>(_ type: T.Type) -> T? where T.RawValue == String {
        guard let text = string() else { return nil }
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            report("'\(text.prefix(60))' is not allowed; use one of: \(allowed)")
            return nil
        }
        return value
    }

    /// A retention class such as `7y`.
    func retentionClass() -> RetentionClass? {
        parsed("retention class", rule: "use a count from 1 to 999 followed by d, m or y (for example '7y')") {
            RetentionClass(rawValue: $0)
        }
    }

    /// A duration such as `15min`, `1h` or `3mo`.
    func duration() -> PolicyDuration? {
        parsed("duration", rule: PolicyDuration.rule) { PolicyDuration(rawValue: $0) }
    }
}

extension Double {
    /// The shortest text of the number, without a trailing `.0` for integral values.
    var policyText: String {
        if rounded() == self, abs(self) < 1e15 { return String(Int(self)) }
        return String(self)
    }
}
