/// The RFC 8785 JSON Canonicalization Scheme: the serializer that gives every value one byte form.
///
/// Rules, with their RFC sections:
/// - no whitespace between tokens (§3.2.1);
/// - literals `null`, `true`, `false` (§3.2.2.1);
/// - strings in UTF-8 with the minimal escapes of ECMAScript `JSON.stringify`: `\"`, `\\`,
///   `\b`, `\f`, `\n`, `\r`, `\t`, and `\u00xx` in lowercase hex for the other controls below
///   U+0020; every other character is written as itself (§3.2.2.2);
/// - numbers as ECMAScript `Number.prototype.toString` writes them (§3.2.2.3);
/// - object members sorted by the UTF-16 code units of their keys, compared as unsigned
///   integers (§3.2.3).
public enum JCS {
    /// Whether `a` sorts before `b` in RFC 8785 §3.2.3 order (UTF-16 code units).
    @inlinable
    public static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        // UTF-8 byte order equals code-point order, which equals UTF-16 order except where a
        // supplementary character (surrogates D800-DFFF) meets U+E000-U+FFFF. ASCII keys, the
        // common case, take the fast path.
        var ascii = true
        let result = a.utf8.withContiguousStorageIfAvailable { ab in
            b.utf8.withContiguousStorageIfAvailable { bb -> Bool in
                let n = min(ab.count, bb.count)
                for i in 0..<n {
                    let x = ab[i]
                    let y = bb[i]
                    if x >= 0x80 || y >= 0x80 { ascii = false; return false }
                    if x != y { return x < y }
                }
                return ab.count < bb.count
            }
        }
        if let decided = result ?? nil, ascii { return decided }
        return a.utf16.lexicographicallyPrecedes(b.utf16)
    }

    /// Throws if any number in `value` is NaN or infinite, which JSON cannot represent.
    public static func checkFinite(_ value: JSONValue) throws(LedgerError) {
        switch value {
        case .number(let number) where !number.isFinite:
            throw LedgerError(.malformedInput, "JSON cannot represent the number \(number); use a finite number or a string.")
        case .array(let elements):
            for element in elements { try checkFinite(element) }
        case .object(let object):
            for member in object { try checkFinite(member.value) }
        default:
            break
        }
    }

    /// Appends the canonical bytes of `value` to `out`.
    public static func append(_ value: JSONValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: [0x6e, 0x75, 0x6c, 0x6c])
        case .bool(true): out.append(contentsOf: [0x74, 0x72, 0x75, 0x65])
        case .bool(false): out.append(contentsOf: [0x66, 0x61, 0x6c, 0x73, 0x65])
        case .number(let number): appendNumber(number, to: &out)
        case .string(let string): appendString(string, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                append(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                appendString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                append(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends a string in canonical form: quotes, minimal escapes, UTF-8.
    public static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var utf8 = string.utf8
        if utf8.withContiguousStorageIfAvailable({ appendEscaped($0, to: &out) }) == nil {
            var copy = string
            copy.makeContiguousUTF8()
            utf8 = copy.utf8
            _ = utf8.withContiguousStorageIfAvailable { appendEscaped($0, to: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        var runStart = 0
        for index in 0..<bytes.count {
            let byte = bytes[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            if runStart < index { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index])) }
            runStart = index + 1
            out.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case 0x08: out.append(UInt8(ascii: "b"))
            case 0x0c: out.append(UInt8(ascii: "f"))
            case 0x0a: out.append(UInt8(ascii: "n"))
            case 0x0d: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            default:
                out.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xf)]])
            }
        }
        if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...])) }
    }

    /// Appends a finite number as ECMAScript's `Number.prototype.toString` writes it.
    ///
    /// - Precondition: `number` is finite.
    public static func appendNumber(_ number: Double, to out: inout [UInt8]) {
        precondition(number.isFinite, "JCS cannot serialize a non-finite number")
        let written = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxCommonNumberBytes) { buffer -> Bool in
            guard let count = writeCommonNumber(number, into: buffer.baseAddress!) else { return false }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<count]))
            return true
        }
        if written { return }
        // Swift's `description` writes the shortest round-trip digits; without an exponent
        // (10⁻⁴ ≤ |x| < 2^53, not an integer) its layout, [-]I.F, is also ECMAScript's for the
        // same digits (k digits, exponent n with −6 < n ≤ 21), so it is written as it is.
        let text = number.description
        if !text.utf8.contains(UInt8(ascii: "e")), !text.hasSuffix(".0") {
            out.append(contentsOf: text.utf8)
            return
        }
        appendNumberLaidOut(number, to: &out)
    }

    /// The most bytes ``writeCommonNumber(_:into:)`` writes.
    static let maxCommonNumberBytes = 32

    /// Writes the canonical form of the numbers most records hold, zero, integers below 2^53 and
    /// short decimals, into `buffer` (``maxCommonNumberBytes`` long) and returns its length;
    /// `nil` for any other number, which ``appendNumber(_:to:)`` writes by the general path.
    static func writeCommonNumber(_ number: Double, into buffer: UnsafeMutablePointer<UInt8>) -> Int? {
        if number == 0 {
            buffer[0] = UInt8(ascii: "0")  // also for -0 (ECMAScript: ToString(-0) is "0")
            return 1
        }
        // Integers below 2^53 are exact, and their shortest round-trip digits are the integer's
        // own digits, so they can be written directly without a shortest-digits search.
        if number.rounded(.towardZero) == number, abs(number) < 9_007_199_254_740_992 {
            var count = 0
            if number < 0 {
                buffer[0] = UInt8(ascii: "-")
                count = 1
            }
            return count + writeDigits(UInt64(abs(number)), into: buffer + count)
        }
        return writeShortDecimal(number, into: buffer)
    }

    /// Writes the decimal digits of `value` and returns how many.
    private static func writeDigits(_ value: UInt64, into buffer: UnsafeMutablePointer<UInt8>, minimumCount: Int = 1) -> Int {
        var count = 0
        var rest = value
        while rest > 0 || count < minimumCount {
            buffer[count] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            count += 1
        }
        var digits = UnsafeMutableBufferPointer(start: buffer, count: count)
        digits.reverse()
        return count
    }

    /// The exact double 10ⁿ, for `n` in 0 … 22 (a function: a global array is checked for its
    /// initialization at every use, and this runs for every number read or written).
    @inline(__always)
    static func powerOfTen(_ n: Int) -> Double {
        switch n {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        case 22: 1e22
        default: preconditionFailure("10^\(n) is not an exact double")
        }
    }

    /// Writes a non-integer `number` of magnitude 10⁻⁶ to 10¹⁵ that a decimal of at most 15
    /// significant digits gives back, which is most numbers that were written as short decimals
    /// (scores, rates), without a search for the shortest digits; `nil` leaves the rest to the
    /// general path.
    ///
    /// Why it writes what ``appendNumberLaidOut(_:to:)`` writes: the candidate `m / 10^d` (m an
    /// integer below 10¹⁵, so m and 10^d are exact doubles) is checked with one correctly
    /// rounded division, so it reads back as `number`. Two different decimals of at most 15
    /// significant digits never read back as the same double (DBL_DIG = 15), so no shorter digits
    /// read back as `number` either: they are the shortest digits, and the only ones of their
    /// length. In this range ECMAScript lays them out as `[-]I.F`, without an exponent.
    private static func writeShortDecimal(_ number: Double, into buffer: UnsafeMutablePointer<UInt8>) -> Int? {
        let magnitude = abs(number)
        guard magnitude >= 1e-6, magnitude < 1e15 else { return nil }
        for decimals in 1...15 {
            let scaled = (magnitude * powerOfTen(decimals)).rounded()
            guard scaled < 1e15 else { return nil }
            guard scaled / powerOfTen(decimals) == magnitude else { continue }
            var digits = UInt64(scaled)
            var places = decimals
            while digits % 10 == 0 {
                digits /= 10
                places -= 1
            }
            var unit: UInt64 = 1
            for _ in 0..<places { unit *= 10 }
            var count = 0
            if number < 0 {
                buffer[0] = UInt8(ascii: "-")
                count = 1
            }
            count += writeDigits(digits / unit, into: buffer + count)
            buffer[count] = UInt8(ascii: ".")
            count += 1
            return count + writeDigits(digits % unit, into: buffer + count, minimumCount: places)
        }
        return nil
    }

    /// ``appendNumber(_:to:)`` through the shortest digits and ECMAScript's layout steps, for
    /// every finite non-integer (the reference the direct path is tested against).
    static func appendNumberLaidOut(_ number: Double, to out: inout [UInt8]) {
        let (digits, exponent) = shortestDigits(abs(number))
        if number < 0 { out.append(UInt8(ascii: "-")) }
        formatECMAScript(digits: digits, n: exponent, to: &out)
    }

    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        out[start...].reverse()
    }

    /// The shortest decimal digits `s` (no leading or trailing zeros) and exponent `n` such that
    /// `s × 10^(n − k)` (k = digit count) rounds to `value`, choosing the closest when several do.
    ///
    /// Swift's `description` already produces the shortest, closest round-trip digits (the same
    /// choice ECMAScript's Number::toString makes); only its layout differs, so it is re-laid out.
    static func shortestDigits(_ value: Double) -> (digits: [UInt8], n: Int) {
        let text = Array(value.description.utf8)
        var mantissa: [UInt8] = []
        var pointPosition: Int? = nil
        var exponent = 0
        var index = 0
        while index < text.count {
            let char = text[index]
            if char == UInt8(ascii: "e") || char == UInt8(ascii: "E") {
                var sign = 1
                index += 1
                if text[index] == UInt8(ascii: "-") { sign = -1; index += 1 } else if text[index] == UInt8(ascii: "+") { index += 1 }
                var magnitude = 0
                while index < text.count {
                    magnitude = magnitude * 10 + Int(text[index] - UInt8(ascii: "0"))
                    index += 1
                }
                exponent = sign * magnitude
                break
            }
            if char == UInt8(ascii: ".") {
                pointPosition = mantissa.count
            } else {
                mantissa.append(char)
            }
            index += 1
        }
        // value = 0.d1d2... × 10^(pointPosition + exponent)
        var n = (pointPosition ?? mantissa.count) + exponent
        var start = 0
        while start < mantissa.count - 1, mantissa[start] == UInt8(ascii: "0") {
            start += 1
            n -= 1
        }
        var end = mantissa.count
        while end > start + 1, mantissa[end - 1] == UInt8(ascii: "0") { end -= 1 }
        return (Array(mantissa[start..<end]), n)
    }

    /// ECMAScript Number::toString steps 6-10 for digits `s` (k of them) and exponent `n`.
    static func formatECMAScript(digits: [UInt8], n: Int, to out: inout [UInt8]) {
        let k = digits.count
        if k <= n && n <= 21 {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n - k))
        } else if 0 < n && n <= 21 {
            out.append(contentsOf: digits[0..<n])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[n...])
        } else if -6 < n && n <= 0 {
            out.append(contentsOf: [UInt8(ascii: "0"), UInt8(ascii: ".")])
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -n))
            out.append(contentsOf: digits)
        } else {
            let e = n - 1
            out.append(digits[0])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out.append(contentsOf: digits[1...])
            }
            out.append(UInt8(ascii: "e"))
            out.append(e < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            appendInteger(Int64(abs(e)), to: &out)
        }
    }
}
