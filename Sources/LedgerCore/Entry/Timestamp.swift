/// A point in time with millisecond precision, written as RFC 3339 UTC: `2025-01-15T09:30:00.000Z`.
///
/// The printable form is fixed: four-digit year, exactly three fractional digits, `Z`. The parser
/// accepts only that form (no offsets, no other precisions, no leap seconds), so a time has one
/// spelling in the ledger. Time is always injected through a ``LedgerClock``; the core never
/// reads the wall clock.
///
/// ```swift
/// let time = Timestamp("2025-01-15T09:30:00.000Z")!
/// time.millisecondsSinceEpoch // 1736933400000
/// ```
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible, LosslessStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00.000Z.
    public let millisecondsSinceEpoch: Int64

    /// The earliest representable time, 0000-01-01T00:00:00.000Z.
    public static let minimumMilliseconds: Int64 = -62_167_219_200_000
    /// The latest representable time, 9999-12-31T23:59:59.999Z.
    public static let maximumMilliseconds: Int64 = 253_402_300_799_999

    /// Creates a timestamp; the value is clamped into years 0000 to 9999.
    public init(millisecondsSinceEpoch: Int64) {
        self.millisecondsSinceEpoch = min(max(millisecondsSinceEpoch, Self.minimumMilliseconds), Self.maximumMilliseconds)
    }

    /// Parses the canonical RFC 3339 form `YYYY-MM-DDTHH:MM:SS.sssZ`.
    public init?(_ text: String) {
        var text = text
        guard let parsed = text.withUTF8({ Self(utf8: $0) }) else { return nil }
        self = parsed
    }

    /// Parses the canonical form from its UTF-8 bytes (see ``init(_:)``).
    init?(utf8 b: UnsafeBufferPointer<UInt8>) {
        guard b.count == 24, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
            b[19] == 0x2E, b[23] == 0x5A
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                value = value * 10 + Int(b[i] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            let millis = number(20..<23),
            (1...12).contains(month), day >= 1, day <= Self.daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        millisecondsSinceEpoch = seconds * 1000 + Int64(millis)
    }

    /// Parses an RFC 3339 date (`2025-01-15`) as midnight UTC, or a full canonical timestamp.
    public init?(dateOrTimestamp text: String) {
        if text.utf8.count == 10, let full = Timestamp(text + "T00:00:00.000Z") {
            self = full
        } else if let full = Timestamp(text) {
            self = full
        } else {
            return nil
        }
    }

    /// The canonical RFC 3339 form.
    public var description: String {
        var out: [UInt8] = []
        out.reserveCapacity(24)
        append(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the canonical form's 24 bytes to `out`.
    public func append(to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            write(into: buffer.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(buffer))
        }
    }

    /// Writes the canonical form's 24 bytes at `buffer`.
    func write(into buffer: UnsafeMutablePointer<UInt8>) {
        let millis = Int(millisecondsSinceEpoch.remainderFloorDivision(1000))
        let totalSeconds = millisecondsSinceEpoch.floorDivision(1000)
        let days = Int(totalSeconds.floorDivision(86_400))
        let secondOfDay = Int(totalSeconds.remainderFloorDivision(86_400))
        let (year, month, day) = Self.civilFromDays(days)
        func put(_ value: Int, at offset: Int, width: Int, then separator: UInt8) {
            var rest = value
            for index in stride(from: offset + width - 1, through: offset, by: -1) {
                buffer[index] = UInt8(0x30 + rest % 10)
                rest /= 10
            }
            buffer[offset + width] = separator
        }
        put(year, at: 0, width: 4, then: 0x2D); put(month, at: 5, width: 2, then: 0x2D); put(day, at: 8, width: 2, then: 0x54)
        put(secondOfDay / 3600, at: 11, width: 2, then: 0x3A); put(secondOfDay / 60 % 60, at: 14, width: 2, then: 0x3A)
        put(secondOfDay % 60, at: 17, width: 2, then: 0x2E); put(millis, at: 20, width: 3, then: 0x5A)
    }

    /// This time plus `milliseconds`.
    public func adding(milliseconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: millisecondsSinceEpoch + milliseconds)
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's civil-calendar algorithms (proleptic Gregorian), exact for all years here.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    fileprivate func floorDivision(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    fileprivate func remainderFloorDivision(_ divisor: Int64) -> Int64 {
        self - floorDivision(divisor) * divisor
    }
}

/// The injected source of time: the ledger never reads the wall clock itself.
///
/// ```swift
/// let clock = LedgerClock.fixed(Timestamp("2025-01-15T09:30:00.000Z")!)
/// ```
public struct LedgerClock: Sendable {
    private let read: @Sendable () -> Timestamp

    /// Creates a clock from a closure.
    public init(_ read: @escaping @Sendable () -> Timestamp) {
        self.read = read
    }

    /// The current time by this clock.
    public func now() -> Timestamp { read() }

    /// A clock that always reads `time`.
    public static func fixed(_ time: Timestamp) -> LedgerClock {
        LedgerClock { time }
    }
}
