import Synchronization

/// One response body kept with the log size it was built at, for read routes whose answer
/// changes only when the log grows.
final class BodyMemo: Sendable {
    private let held = Mutex<(size: Int, bytes: [UInt8])?>(nil)

    /// The body kept for `size`, if it is the one kept.
    func body(at size: Int) -> [UInt8]? {
        held.withLock { $0?.size == size ? $0?.bytes : nil }
    }

    /// Keeps `bytes` as built at `size`, unless a body for a later size is already kept.
    func keep(_ bytes: [UInt8], at size: Int) {
        held.withLock { current in
            if (current?.size ?? -1) < size { current = (size, bytes) }
        }
    }
}
