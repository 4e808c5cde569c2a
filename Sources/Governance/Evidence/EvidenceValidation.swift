import LedgerCore

/// Shared checks and message wording for evidence inputs.
///
/// Messages follow the policy loader's form, `field: what is wrong; what is allowed`, so that a
/// command-line or HTTP caller can show them unchanged.
enum EvidenceValidation {
    /// The largest count accepted: 2⁵³ − 1, the largest integer a JSON number carries exactly.
    static let maxCount = 9_007_199_254_740_991

    static func count(_ value: Int, field: String) throws(LedgerError) {
        if value < 0 {
            throw LedgerError(.invalidField, "\(field): \(value) is negative; a count is a whole number of 0 or more")
        }
        if value > maxCount {
            throw LedgerError(.invalidField, "\(field): \(value) exceeds \(maxCount), the largest count JSON carries exactly")
        }
    }

    static func finite(_ value: Double, field: String) throws(LedgerError) {
        if !value.isFinite {
            throw LedgerError(.invalidField, "\(field): \(value) is not a finite number; give a finite number")
        }
    }

    static func probability(_ value: Double, field: String) throws(LedgerError) {
        if !(value >= 0 && value <= 1) {
            throw LedgerError(
                .invalidField,
                "\(field): \(value) is outside 0…1; give the predicted probability of the positive class, from 0 to 1")
        }
    }

    static func label(_ value: Int, field: String) throws(LedgerError) {
        if value != 0 && value != 1 {
            throw LedgerError(.invalidField, "\(field): \(value) is not a label; labels are 0 (negative) or 1 (positive)")
        }
    }

    static func sameLength(_ a: Int, _ b: Int, fields: (String, String)) throws(LedgerError) {
        if a != b {
            throw LedgerError(
                .malformedInput,
                "\(fields.1): has \(b) values but \(fields.0) has \(a); give one \(fields.1.singular) per \(fields.0.singular)")
        }
    }

    static func nonEmpty(_ count: Int, field: String, purpose: String) throws(LedgerError) {
        if count == 0 {
            throw LedgerError(.invalidField, "\(field): is empty; \(purpose)")
        }
    }
}

extension LedgerError {
    /// The same error with `context` put before the message, such as `group 'female': `.
    func prefixed(_ context: String) -> LedgerError {
        LedgerError(code, "\(context)\(message)", seq: seq, batchIndex: batchIndex, evidence: evidence)
    }
}

extension String {
    /// A field name in the singular, for messages: `labels` → `label`, `probabilities` → `probability`.
    fileprivate var singular: String {
        if hasSuffix("ies") { return String(dropLast(3)) + "y" }
        if hasSuffix("s") { return String(dropLast()) }
        return self
    }
}

extension JSONValue {
    /// A JSON number from a count.
    static func count(_ value: Int) -> JSONValue { .number(Double(value)) }
}
