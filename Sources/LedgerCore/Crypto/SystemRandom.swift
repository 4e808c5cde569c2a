internal import CLibCrypto
import Synchronization

/// A source of random bytes, injected wherever the ledger needs randomness (salts, keys).
///
/// Tests pass a deterministic source so that hashes are reproducible; production uses
/// ``system``, which draws from OpenSSL's CSPRNG (seeded by the operating system).
public struct RandomSource: Sendable {
    private let fill: @Sendable (Int) throws(LedgerError) -> [UInt8]

    /// Creates a source from a closure that returns exactly `count` bytes.
    public init(_ fill: @escaping @Sendable (Int) throws(LedgerError) -> [UInt8]) {
        self.fill = fill
    }

    /// Returns `count` random bytes.
    public func bytes(count: Int) throws(LedgerError) -> [UInt8] {
        let out = try fill(count)
        precondition(out.count == count, "a RandomSource returned \(out.count) bytes, asked for \(count)")
        return out
    }

    /// The operating system's cryptographic random source, through OpenSSL `RAND_bytes`.
    public static let system = RandomSource { (count: Int) throws(LedgerError) -> [UInt8] in
        try SystemRandom.bytes(count: count)
    }

    /// A deterministic source for tests: SHA-256 in counter mode over `seed`.
    ///
    /// - Warning: predictable by design; never use it for real salts or keys.
    public static func deterministic(seed: UInt64) -> RandomSource {
        let counter = Counter()
        return RandomSource { (count: Int) throws(LedgerError) -> [UInt8] in
            var out: [UInt8] = []
            while out.count < count {
                let block = counter.next()
                var message = withUnsafeBytes(of: seed.bigEndian) { Array($0) }
                message += withUnsafeBytes(of: block.bigEndian) { Array($0) }
                out += SHA256.hash(message).bytes
            }
            return Array(out.prefix(count))
        }
    }
}

/// A thread-safe counter for ``RandomSource/deterministic(seed:)``.
private final class Counter: Sendable {
    private let state = Mutex<UInt64>(0)
    func next() -> UInt64 {
        state.withLock { value in
            value += 1
            return value
        }
    }
}

enum SystemRandom {
    static func bytes(count: Int) throws(LedgerError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        let ok = out.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
        guard ok == 1 else {
            throw LedgerError(.internalFailure, "The system random source failed; no salt or key could be drawn.")
        }
        return out
    }
}
