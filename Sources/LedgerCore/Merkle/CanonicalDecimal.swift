/// The one accepted spelling of a non-negative integer in the text formats (checkpoint tree size,
/// tlog-proof index): ASCII digits, no sign, no leading zeros except for `0` itself.
enum CanonicalDecimal {
    /// Parses the canonical form; `nil` for anything else or for a value above `Int.max`.
    static func parse(_ text: some StringProtocol) -> Int? {
        let utf8 = Array(text.utf8)
        guard let first = utf8.first, utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        guard first != UInt8(ascii: "0") || utf8.count == 1 else { return nil }
        var value = 0
        for digit in utf8 {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}
