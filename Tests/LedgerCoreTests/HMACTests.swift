import Testing
@testable import LedgerCore

/// HMAC-SHA256 against the test cases of RFC 4231 section 4 (case 5, a truncated tag, is
/// checked on its first 16 bytes).
struct HMACTests {
    static func bytes(_ hex: String) -> [UInt8] { Fixture.hex(hex) }

    @Test(arguments: [
        // 1: 20-byte key, "Hi There"
        ("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        // 2: short key "Jefe"
        ("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        // 3: 20 bytes 0xaa, 50 bytes 0xdd
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", String(repeating: "dd", count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        // 4: 25-byte counting key, 50 bytes 0xcd
        ("0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        // 6: 131-byte key, longer than the block size
        (String(repeating: "aa", count: 131),
         "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        // 7: 131-byte key and a long message
        (String(repeating: "aa", count: 131),
         "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
    ])
    func matchesRFC4231(key: String, message: String, tag: String) {
        let computed = HMACSHA256.authenticate(Self.bytes(message), key: Self.bytes(key))
        #expect(Hex.encode(computed) == tag)
    }

    @Test func truncatedCaseFive() {
        let computed = HMACSHA256.authenticate(
            Self.bytes("546573742057697468205472756e636174696f6e"), key: Self.bytes(String(repeating: "0c", count: 20)))
        #expect(Hex.encode(Array(computed.prefix(16))) == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test func emptyKeyAndMessage() {
        // HMAC-SHA256("", "") is a well-known value.
        #expect(Hex.encode(HMACSHA256.authenticate([UInt8](), key: [UInt8]())) == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func constantTimeComparison() {
        let tag = HMACSHA256.authenticate(Array("m".utf8), key: Array("k".utf8))
        #expect(HMACSHA256.constantTimeEqual(tag, tag))
        var other = tag
        other[31] ^= 1
        #expect(!HMACSHA256.constantTimeEqual(tag, other))
        #expect(!HMACSHA256.constantTimeEqual(tag, Array(tag.prefix(31))))
    }
}
