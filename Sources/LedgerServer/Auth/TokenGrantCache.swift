import Foundation
import LedgerCore
import LedgerStore
import Synchronization

/// Keeps the grants of tokens recently presented, so that a busy client is not looked up in the
/// token table on every request.
///
/// Keyed by the token's SHA-256, as the table is; the token itself is not kept. Only found grants
/// are kept (an unknown token is looked up every time, and its failures count against the client
/// address). A grant is reread from the table once it is `lifetime` seconds old, so a change to
/// the table reaches the server within that time; expiry is checked on every request against the
/// grant's own `expires`, cached or not.
final class TokenGrantCache: Sendable {
    private struct Held {
        var grant: APIToken
        var readAt: Double
    }

    private let lifetime: Double
    private let capacity: Int
    private let now: @Sendable () -> Double
    private let held = Mutex<[SHA256Digest: Held]>([:])

    init(lifetime: Double = 30, capacity: Int = 10_000, now: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.lifetime = lifetime
        self.capacity = capacity
        self.now = now
    }

    /// The grant of `presented`: from memory when read less than `lifetime` seconds ago, else
    /// from `lookup` (the token table; kept when found).
    func grant(_ presented: String, lookup: (String) throws -> APIToken?) rethrows -> APIToken? {
        let key = SHA256.hash(Array(presented.utf8))
        let time = now()
        if let hit = held.withLock({ $0[key] }), time - hit.readAt < lifetime {
            return hit.grant
        }
        guard let grant = try lookup(presented) else {
            held.withLock { _ = $0.removeValue(forKey: key) }
            return nil
        }
        held.withLock { table in
            if table.count >= capacity {
                table = table.filter { time - $0.value.readAt < lifetime }
                if table.count >= capacity { table.removeAll(keepingCapacity: true) }
            }
            table[key] = Held(grant: grant, readAt: time)
        }
        return grant
    }

    /// How many grants are held.
    var count: Int { held.withLock { $0.count } }
}
