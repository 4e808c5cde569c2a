extension Timestamp {
    /// This time plus a retention window, on the proleptic Gregorian calendar in UTC.
    ///
    /// Days add 86,400,000 ms each. Months and years keep the time of day and clamp the day of
    /// the month: 2024-01-31 + 1m is 2024-02-29, 2024-02-29 + 1y is 2025-02-28. The result is the
    /// first instant at which an entry written at this time has outlived its window.
    public func adding(_ retention: RetentionClass) -> Timestamp {
        switch retention.unit {
        case .days:
            return adding(milliseconds: Int64(retention.count) * 86_400_000)
        case .months, .years:
            let months = retention.unit == .years ? retention.count * 12 : retention.count
            let totalDays = millisecondsSinceEpoch.floorDivided(by: 86_400_000)
            let millisOfDay = millisecondsSinceEpoch - totalDays * 86_400_000
            let (year, month, day) = Self.civilFromDays(Int(totalDays))
            let monthIndex = year * 12 + (month - 1) + months
            let newYear = monthIndex.floorDivided(by: 12)
            let newMonth = monthIndex - newYear * 12 + 1
            let newDay = min(day, Self.daysInMonth(year: newYear, month: newMonth))
            let days = Int64(Self.daysFromCivil(year: newYear, month: newMonth, day: newDay))
            return Timestamp(millisecondsSinceEpoch: days * 86_400_000 + millisOfDay)
        }
    }
}

extension BinaryInteger {
    fileprivate func floorDivided(by divisor: Self) -> Self {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
