import LedgerCore

extension MetricThreshold {
    /// Reads `{unit, description, optional?, min?|above?, max?|below?, expect?}`.
    init?(decoding node: PolicyNode) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let unit = fields.required("unit") { $0.choice(MetricUnit.self) }
        let description = fields.required("description") { $0.string() }
        let isOptional = fields.optional("optional") { $0.bool() } ?? false
        var bounds: [String: Double] = [:]
        for key in ["min", "above", "max", "below"] {
            bounds[key] = fields.optional(key) { $0.number() }
        }
        let expected = fields.optional("expect") { $0.bool() }
        guard let unit, let description else { return nil }

        var valid = true
        func fail(_ key: String, _ message: String) {
            fields.node(of: key).report(message)
            valid = false
        }
        if unit == .boolean {
            for key in bounds.keys.sorted() {
                fail(key, "a boolean metric takes 'expect', not '\(key)'; remove '\(key)'")
            }
            if expected == nil { fail("expect", "a boolean metric needs 'expect: true' or 'expect: false'") }
        } else {
            if expected != nil { fail("expect", "only boolean metrics take 'expect'; use min, above, max or below") }
            if bounds.isEmpty {
                fields.mappingNode.report("a \(unit.rawValue) metric needs at least one bound: min, above, max or below")
                valid = false
            }
            if bounds["min"] != nil, bounds["above"] != nil { fail("above", "give one lower bound, 'min' or 'above', not both") }
            if bounds["max"] != nil, bounds["below"] != nil { fail("below", "give one upper bound, 'max' or 'below', not both") }
            for (key, value) in bounds.sorted(by: { $0.key < $1.key }) {
                if let range = unit.range, !range.contains(value) {
                    if value < 0, range.lowerBound == 0 {
                        fail(key, "\(value.policyText) is negative; a \(unit.rawValue) threshold is 0 or more")
                    } else {
                        fail(key, "\(value.policyText) is outside \(unit.rangeText) for a \(unit.rawValue) metric; \(unit.remedy)")
                    }
                } else if unit.isWhole, value.rounded() != value {
                    fail(key, "\(value.policyText) is not a whole number; counts take whole numbers")
                }
            }
        }
        let lower = bounds["min"].map { Bound(value: $0, isInclusive: true) } ?? bounds["above"].map { Bound(value: $0, isInclusive: false) }
        let upper = bounds["max"].map { Bound(value: $0, isInclusive: true) } ?? bounds["below"].map { Bound(value: $0, isInclusive: false) }
        if valid, let lower, let upper,
            lower.value > upper.value || (lower.value == upper.value && !(lower.isInclusive && upper.isInclusive))
        {
            fields.mappingNode.report("no value can pass: the lower bound \(lower.value.policyText) is not below the upper bound \(upper.value.policyText); widen the range")
            valid = false
        }
        guard valid else { return nil }
        self.init(unit: unit, description: description, isOptional: isOptional, lowerBound: lower, upperBound: upper, expected: expected)
    }

    /// The canonical form, mirroring the YAML keys.
    var canonicalJSON: JSONValue {
        var object: JSONObject = [
            "unit": .string(unit.rawValue),
            "description": .string(description),
            "optional": .bool(isOptional),
        ]
        if let lowerBound { object[lowerBound.isInclusive ? "min" : "above"] = .number(lowerBound.value) }
        if let upperBound { object[upperBound.isInclusive ? "max" : "below"] = .number(upperBound.value) }
        if let expected { object["expect"] = .bool(expected) }
        return .object(object)
    }
}
