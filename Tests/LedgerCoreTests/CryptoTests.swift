import Foundation
import Testing
@testable import LedgerCore

struct CryptoTests {
    struct SHACase: Decodable {
        let name: String
        let message_hex: String?
        let `repeat`: String?
        let count: Int?
        let digest: String
    }

    struct EdCase: Decodable {
        let name: String
        let secret_key: String
        let public_key: String
        let message: String
        let signature: String
    }

    @Test func sha256MatchesFIPSVectors() throws {
        let cases: [SHACase] = try Fixture.load("sha256")
        #expect(cases.count == 4)
        for testCase in cases {
            let message: [UInt8]
            if let hex = testCase.message_hex {
                message = Fixture.hex(hex)
            } else {
                message = Array(String(repeating: testCase.repeat!, count: testCase.count!).utf8)
            }
            #expect(SHA256.hash(message).hex == testCase.digest, "\(testCase.name)")
        }
    }

    @Test func incrementalHashingEqualsOneShot() {
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        let hasher = SHA256Hasher()
        for chunk in stride(from: 0, to: message.count, by: 7) {
            hasher.update(message[chunk..<min(chunk + 7, message.count)])
        }
        #expect(hasher.finalize() == SHA256.hash(message))
        // The hasher resets after finalize and can be reused.
        hasher.update(Array("abc".utf8))
        #expect(hasher.finalize().hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func ed25519MatchesRFC8032Vectors() throws {
        let cases: [EdCase] = try Fixture.load("ed25519")
        #expect(cases.count == 5)
        for testCase in cases {
            let key = try Ed25519PrivateKey(rawRepresentation: Fixture.hex(testCase.secret_key))
            #expect(key.publicKey.rawRepresentation == Fixture.hex(testCase.public_key), "\(testCase.name)")
            let message = Fixture.hex(testCase.message)
            let signature = try key.sign(message)
            #expect(signature == Fixture.hex(testCase.signature), "\(testCase.name)")
            #expect(key.publicKey.isValidSignature(signature, for: message))
            var tampered = message
            tampered.append(0)
            #expect(!key.publicKey.isValidSignature(signature, for: tampered))
            var badSignature = signature
            badSignature[10] ^= 1
            #expect(!key.publicKey.isValidSignature(badSignature, for: message))
        }
    }

    @Test func generatedKeysRoundTripThroughRawBytes() throws {
        let key = try Ed25519PrivateKey.generate()
        let imported = try Ed25519PrivateKey(rawRepresentation: key.rawRepresentation)
        #expect(imported.publicKey == key.publicKey)
        let publicKey = try Ed25519PublicKey(rawRepresentation: key.publicKey.rawRepresentation)
        #expect(publicKey.isValidSignature(try key.sign([1, 2, 3]), for: [1, 2, 3]))
        #expect(!key.description.contains(Hex.encode(key.rawRepresentation)))
    }

    @Test func wrongKeyLengthsAreRejected() {
        #expect(throws: LedgerError.self) { try Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 1, count: 31)) }
        #expect(throws: LedgerError.self) { try Ed25519PublicKey(rawRepresentation: [UInt8](repeating: 1, count: 33)) }
    }

    @Test func digestsHaveOneSpelling() {
        let hex = String(repeating: "ab", count: 32)
        #expect(SHA256Digest(hex: hex)?.hex == hex)
        #expect(SHA256Digest(hex: hex.uppercased()) == nil)
        #expect(SHA256Digest(hex: String(hex.dropLast())) == nil)
        #expect(SHA256Digest(hex: "0x" + hex.dropFirst(2)) == nil)
    }

    /// The word-at-a-time parser against a character-at-a-time reading, for every byte value at
    /// every position of a digest, and for random digests.
    @Test func digestParsingAcceptsExactlyLowercaseHex() {
        func reference(_ text: [UInt8]) -> [UInt8]? {
            guard text.count == 64 else { return nil }
            var bytes: [UInt8] = []
            for index in stride(from: 0, to: 64, by: 2) {
                guard let high = Hex.nibble(text[index]), let low = Hex.nibble(text[index + 1]) else { return nil }
                bytes.append(high << 4 | low)
            }
            return bytes
        }
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        for _ in 0..<200 {
            let text = (0..<64).map { _ in digits.randomElement(using: &generator)! }
            let parsed = text.withUnsafeBytes { SHA256Digest(hexUTF8: $0) }
            #expect(parsed?.bytes == reference(text))
            #expect(parsed?.hex == String(decoding: text, as: UTF8.self))
        }
        let base = Array("0123456789abcdef".utf8) + Array("fedcba9876543210".utf8) + Array("00ff11ee22dd33cc".utf8) + Array("a0b1c2d3e4f5a6b7".utf8)
        for position in 0..<64 {
            for byte in UInt8.min...UInt8.max {
                var text = base
                text[position] = byte
                let parsed = text.withUnsafeBytes { SHA256Digest(hexUTF8: $0) }
                #expect(parsed?.bytes == reference(text), "byte \(byte) at \(position)")
            }
        }
    }

    @Test(arguments: [
        ([UInt8](), ""), ([0x66], "Zg=="), ([0x66, 0x6f], "Zm8="), ([0x66, 0x6f, 0x6f], "Zm9v"),
        (Array("foobar".utf8), "Zm9vYmFy"),
    ])
    func base64FollowsRFC4648(_ bytes: [UInt8], _ text: String) {
        #expect(Base64.encode(bytes) == text)
        #expect(Base64.decode(text) == bytes)
    }

    @Test func base64DecoderIsStrict() {
        for bad in ["Zg", "Zg=", "Zh==", "Zm9v\n", "Zm-v", "Z===", "Zg==Zg=="] {
            #expect(Base64.decode(bad) == nil, "\(bad)")
        }
    }
}
