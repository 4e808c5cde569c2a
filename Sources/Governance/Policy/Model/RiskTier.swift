/// A model risk tier: 1 (Critical) is the most controlled, higher numbers less.
///
/// The seed defines four: 1 Critical (direct financial impact, regulatory requirement, fraud),
/// 2 High (customer-facing, revenue-driving), 3 Standard (internal tools), 4 Experimental
/// (research, prototyping, A/B testing). A policy defines tiers 1 to N without gaps.
public struct RiskTier: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible,
    LosslessStringConvertible
{
    /// The tier number, 1 or more.
    public let rawValue: Int

    /// The highest tier number a policy may define.
    public static let maximum = 9

    /// A tier from 1 to ``maximum``; `nil` otherwise.
    public init?(rawValue: Int) {
        guard (1...Self.maximum).contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    /// Parses the decimal form, such as `1`.
    public init?(_ description: String) {
        guard let number = Int(description), String(number) == description else { return nil }
        self.init(rawValue: number)
    }

    public var description: String { String(rawValue) }

    public static func < (lhs: RiskTier, rhs: RiskTier) -> Bool { lhs.rawValue < rhs.rawValue }
}
