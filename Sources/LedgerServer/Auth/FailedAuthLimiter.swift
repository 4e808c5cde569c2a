import Foundation

/// Counts failed authentications per client address in a fixed window; an address over the
/// limit is refused (429) until its window ends, whatever token it sends.
actor FailedAuthLimiter {
    private let limit: Int
    private let window: Double
    private let now: @Sendable () -> Double
    private var failures: [String: (count: Int, windowStart: Double)] = [:]

    init(limit: Int, window: Double, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.limit = limit
        self.window = window
        self.now = now
    }

    /// Whether `address` has used up its failures in the current window.
    func isBlocked(_ address: String) -> Bool {
        guard let record = failures[address] else { return false }
        if now() - record.windowStart >= window {
            failures[address] = nil
            return false
        }
        return record.count >= limit
    }

    /// Records one failed authentication from `address`.
    func recordFailure(_ address: String) {
        let time = now()
        if let record = failures[address], time - record.windowStart < window {
            failures[address] = (record.count + 1, record.windowStart)
        } else {
            failures[address] = (1, time)
        }
        if failures.count > 10_000 {
            failures = failures.filter { time - $0.value.windowStart < window }
        }
    }
}
