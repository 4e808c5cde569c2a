import LedgerCore

/// The C2SP checkpoint text parser.
enum CheckpointFuzz {
    static func run(_ bytes: [UInt8]) -> Bool {
        guard let text = String(validating: bytes, as: UTF8.self), let checkpoint = try? Checkpoint(text: text) else {
            return false
        }
        precondition(checkpoint.text == text, "an accepted checkpoint is not its own text: input \(FuzzTarget.describe(bytes))")
        precondition((try? Checkpoint(text: checkpoint.text)) == checkpoint, "a checkpoint's text does not parse back: input \(FuzzTarget.describe(bytes))")
        return true
    }

    static var seeds: [[UInt8]] {
        let root = SHA256.hash(Array("root".utf8))
        return [(FuzzKeys.origin, 0, []), (FuzzKeys.origin, 7, ["extension line"]), ("example.com/log", 123_456_789, ["a", "b"])]
            .compactMap { origin, size, extensions in try? Checkpoint(origin: origin, size: size, rootHash: root, extensions: extensions) }
            .map { Array($0.text.utf8) }
    }
}
