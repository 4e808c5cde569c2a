import Foundation
import LedgerCore

/// Loads the JSON fixtures in `Fixtures/`, which the generator scripts in `Tests/Scripts` write.
enum Fixture {
    /// Decodes `Fixtures/<name>.json`.
    static func load<T: Decodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw FixtureError(message: "fixture \(name).json is missing from the test bundle")
        }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    /// Decodes a fixture for use in `@Test(arguments:)`, where a throwing load cannot be expressed;
    /// a missing or malformed fixture yields no arguments and the `fixtureCount` checks fail.
    static func rows<T: Decodable>(_ name: String, as type: [T].Type = [T].self) -> [T] {
        (try? load(name, as: [T].self)) ?? []
    }

    /// A digest from hex; traps on a malformed fixture, which is a bug in the generator.
    static func digest(_ hex: String) -> SHA256Digest {
        guard let digest = SHA256Digest(hex: hex) else { preconditionFailure("fixture digest \(hex) is not 64 lowercase hex digits") }
        return digest
    }

    /// Bytes from hex of any length (alias used by the format and crypto tests).
    static func hex(_ text: String) -> [UInt8] { bytes(text) }

    /// Bytes from hex of any length.
    static func bytes(_ hex: String) -> [UInt8] {
        guard let bytes = Hex.decodeLowercase(hex.utf8) else { preconditionFailure("fixture bytes \(hex) are not lowercase hex") }
        return bytes
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
