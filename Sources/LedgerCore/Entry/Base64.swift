/// Base64 with the standard alphabet and `=` padding (RFC 4648 §4), strict in both directions.
///
/// The decoder refuses whitespace, the URL-safe alphabet, missing padding and non-zero pad bits,
/// so that every byte string has exactly one accepted encoding.
public enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let reverse: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, char) in alphabet.enumerated() { table[Int(char)] = Int8(index) }
        return table
    }()

    /// Encodes bytes.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out: [UInt8] = []
        append(bytes, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the encoding of `bytes` to `out`.
    public static func append(_ bytes: some Collection<UInt8>, to out: inout [UInt8]) {
        let input = Array(bytes)
        out.reserveCapacity(out.count + (input.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= input.count {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8 | UInt32(input[index + 2])
            out.append(alphabet[Int(chunk >> 18 & 63)])
            out.append(alphabet[Int(chunk >> 12 & 63)])
            out.append(alphabet[Int(chunk >> 6 & 63)])
            out.append(alphabet[Int(chunk & 63)])
            index += 3
        }
        let rest = input.count - index
        if rest == 1 {
            let chunk = UInt32(input[index]) << 16
            out.append(alphabet[Int(chunk >> 18 & 63)])
            out.append(alphabet[Int(chunk >> 12 & 63)])
            out.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "=")])
        } else if rest == 2 {
            let chunk = UInt32(input[index]) << 16 | UInt32(input[index + 1]) << 8
            out.append(alphabet[Int(chunk >> 18 & 63)])
            out.append(alphabet[Int(chunk >> 12 & 63)])
            out.append(alphabet[Int(chunk >> 6 & 63)])
            out.append(UInt8(ascii: "="))
        }
    }

    /// Decodes the canonical encoding; `nil` for anything else.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        let input = Array(text.utf8)
        guard input.count % 4 == 0 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            let isLast = index + 4 == input.count
            let c0 = reverse[Int(input[index])]
            let c1 = reverse[Int(input[index + 1])]
            guard c0 >= 0, c1 >= 0 else { return nil }
            let pad2 = input[index + 2] == UInt8(ascii: "=")
            let pad3 = input[index + 3] == UInt8(ascii: "=")
            if pad2 || pad3 {
                guard isLast, pad3 else { return nil }
                if pad2 {
                    guard c1 & 0x0F == 0 else { return nil }
                    out.append(UInt8(c0) << 2 | UInt8(c1) >> 4)
                } else {
                    let c2 = reverse[Int(input[index + 2])]
                    guard c2 >= 0, c2 & 0x03 == 0 else { return nil }
                    out.append(UInt8(c0) << 2 | UInt8(c1) >> 4)
                    out.append(UInt8(c1 & 0x0F) << 4 | UInt8(c2) >> 2)
                }
            } else {
                let c2 = reverse[Int(input[index + 2])]
                let c3 = reverse[Int(input[index + 3])]
                guard c2 >= 0, c3 >= 0 else { return nil }
                out.append(UInt8(c0) << 2 | UInt8(c1) >> 4)
                out.append(UInt8(c1 & 0x0F) << 4 | UInt8(c2) >> 2)
                out.append(UInt8(c2 & 0x03) << 6 | UInt8(c3))
            }
            index += 4
        }
        return out
    }
}
