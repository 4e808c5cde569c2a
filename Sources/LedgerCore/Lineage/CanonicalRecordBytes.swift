/// The canonical bytes of one lineage record, kept in a block shared with the records read
/// beside it: reading a file makes one allocation per megabyte of records instead of one array
/// per record, and freeing them costs as little.
///
/// A record's bytes never change once written; later records are written after them in the
/// same block. It reads as a collection of bytes:
///
/// ```swift
/// let bytes = CanonicalRecordBytes(Array(#"{"model":"m"}"#.utf8))
/// bytes.count // 13
/// Array(bytes) == Array(#"{"model":"m"}"#.utf8) // true
/// ```
public struct CanonicalRecordBytes: RandomAccessCollection, Hashable, Sendable, CustomStringConvertible {
    private let block: CanonicalBlock
    private let offset: Int
    public let count: Int

    /// The bytes of `bytes`, in a block of their own.
    public init(_ bytes: [UInt8]) {
        let block = CanonicalBlock(capacity: bytes.count)
        self = bytes.withUnsafeBufferPointer { block.append($0)! }
    }

    fileprivate init(block: CanonicalBlock, offset: Int, count: Int) {
        self.block = block
        self.offset = offset
        self.count = count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < count, "index out of range")
        return block.base[offset + position]
    }

    /// The bytes, valid for the duration of `body`.
    public func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(block) { try body(UnsafeRawBufferPointer(start: block.base + offset, count: count)) }
    }

    public func withContiguousStorageIfAvailable<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        try withExtendedLifetime(block) { try body(UnsafeBufferPointer(start: block.base + offset, count: count)) }
    }

    public static func == (lhs: CanonicalRecordBytes, rhs: CanonicalRecordBytes) -> Bool {
        lhs.count == rhs.count && lhs.withUnsafeBytes { left in rhs.withUnsafeBytes { right in left.elementsEqual(right) } }
    }

    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes { hasher.combine(bytes: $0) }
    }

    public var description: String { String(decoding: self, as: UTF8.self) }
}

/// Writes canonical records one after another into blocks of about a megabyte.
struct CanonicalArena {
    /// The size of a block, unless a record needs more.
    let blockBytes: Int
    /// The block being filled; an empty one until the first record.
    private var block = CanonicalBlock(capacity: 0)

    /// An arena of blocks of `blockBytes` (a megabyte by default); 0 gives each record a block
    /// of its own size, for records made one at a time.
    init(blockBytes: Int = 1 << 20) {
        self.blockBytes = blockBytes
    }

    /// A copy of `bytes` in the current block, or in a new one when it is full.
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) -> CanonicalRecordBytes {
        if let written = block.append(bytes) { return written }
        block = CanonicalBlock(capacity: max(blockBytes, bytes.count))
        return block.append(bytes)!
    }
}

/// One block of canonical records. The bytes a ``CanonicalRecordBytes`` refers to are written
/// before it exists and never again, and only the arena that owns the block appends to it (one
/// thread), so readers on other threads see fixed bytes.
private final class CanonicalBlock: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    private var used = 0

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: max(capacity, 1))
    }

    deinit { base.deallocate() }

    /// A copy of `bytes` after the block's last record, or `nil` when it does not fit.
    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> CanonicalRecordBytes? {
        guard capacity - used >= bytes.count else { return nil }
        if let source = bytes.baseAddress { (base + used).update(from: source, count: bytes.count) }
        defer { used += bytes.count }
        return CanonicalRecordBytes(block: self, offset: used, count: bytes.count)
    }
}
