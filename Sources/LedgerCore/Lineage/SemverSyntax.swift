/// Checks Semantic Versioning 2.0.0 version strings (https://semver.org, "Backus–Naur Form
/// Grammar for Valid SemVer Versions"): `3.2.0`, `1.0.0-rc.1`, `2.1.4+build.7`.
///
/// Lineage keeps the version as the string the registry uses; this only refuses strings that
/// are not versions, so that `3.2` or `v3.2.0` cannot slip into the log beside `3.2.0`.
public enum SemverSyntax {
    /// The longest version string accepted, in bytes.
    public static let maxLength = 64

    /// Whether `text` is a valid SemVer 2.0.0 version of at most ``maxLength`` bytes.
    public static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= maxLength else { return false }
        var body = bytes[...]
        if let plus = body.firstIndex(of: UInt8(ascii: "+")) {
            // <build> ::= dot-separated non-empty identifiers of [0-9A-Za-z-] (leading zeros allowed)
            guard identifiers(bytes[(plus + 1)...], numericMayLeadWithZero: true) else { return false }
            body = bytes[..<plus]
        }
        if let dash = body.firstIndex(of: UInt8(ascii: "-")) {
            guard identifiers(body[(dash + 1)...], numericMayLeadWithZero: false) else { return false }
            body = body[..<dash]
        }
        let core = body.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return core.count == 3 && core.allSatisfy(isNumericIdentifier)
    }

    private static func isNumericIdentifier(_ part: ArraySlice<UInt8>) -> Bool {
        guard !part.isEmpty, part.allSatisfy({ (0x30...0x39).contains($0) }) else { return false }
        return part.count == 1 || part.first != UInt8(ascii: "0")
    }

    private static func identifiers(_ text: ArraySlice<UInt8>, numericMayLeadWithZero: Bool) -> Bool {
        let parts = text.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return !parts.isEmpty && parts.allSatisfy { part in
            guard !part.isEmpty else { return false }
            let allowed = part.allSatisfy { byte in
                (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == UInt8(ascii: "-")
            }
            guard allowed else { return false }
            let numeric = part.allSatisfy { (0x30...0x39).contains($0) }
            return !numeric || numericMayLeadWithZero || isNumericIdentifier(part)
        }
    }
}
