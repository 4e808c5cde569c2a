import LedgerCore

extension SHA256Digest {
    /// The digest with one bit inverted.
    func flipping(bit: Int) -> SHA256Digest {
        var bytes = self.bytes
        bytes[(bit / 8) % bytes.count] ^= UInt8(1 << (bit % 8))
        guard let flipped = try? SHA256Digest(bytes: bytes) else { preconditionFailure("32 bytes stay 32 bytes") }
        return flipped
    }
}
