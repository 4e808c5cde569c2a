import Foundation
import LedgerCore
import Testing

/// Verifier and signer key strings: `<name>+<hex8 key ID>+<base64(0x01 || key)>` and
/// `PRIVATE+KEY+<name>+<hex8 key ID>+<base64(0x01 || seed)>`.
struct NoteVerifierTests {
    static let goVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let goSignerKey = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"

    @Test func keyStringsRoundTrip() throws {
        let signer = try testSigner()
        let verifier = try NoteVerifier(verifierKey: signer.verifier.verifierKey)
        #expect(verifier == signer.verifier)
        let parsed = try NoteSigner(signerKey: signer.signerKey)
        #expect(parsed.verifier == signer.verifier)
        #expect(verifier.description == verifier.verifierKey)
    }

    static let badVerifierKeys: [(String, String)] = [
        ("empty", ""),
        ("name only", "PeterNeumann"),
        ("no key data", "PeterNeumann+c74f20a3"),
        ("empty key data", "PeterNeumann+c74f20a3+"),
        ("empty name", "+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        ("space in name", "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        ("no-break space in name", "Peter\u{00A0}Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        ("ideographic space in name", "Peter\u{3000}Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        ("uppercase key ID", "PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        ("short key ID", "PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        ("wrong key ID", "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        ("wrong name for the key ID", "PeterNeuman+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        ("unknown algorithm", "PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"),
        ("key too short", "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10Q="),
        ("not base64", "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T!"),
        ("URL-safe base64", "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq_LDE4izWy10TW"),
        ("signer key", goSignerKey),
    ]

    @Test(arguments: badVerifierKeys)
    func badVerifierKeysAreRejected(name: String, key: String) {
        let error = #expect(throws: LedgerError.self, "\(name)") { try NoteVerifier(verifierKey: key) }
        #expect(error?.isUsageError == true, "\(name)")
        #expect(error?.message.isEmpty == false)
    }

    static let badSignerKeys: [(String, String)] = [
        ("verifier key", goVerifierKey),
        ("lowercase prefix", "private+key+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"),
        ("missing KEY", "PRIVATE+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"),
        ("wrong key ID", "PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"),
        ("wrong name", "PRIVATE+KEY+PeterNeumanN+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"),
        ("seed too short", "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDE="),
        ("unknown algorithm", "PRIVATE+KEY+PeterNeumann+c74f20a3+AoEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"),
    ]

    @Test(arguments: badSignerKeys)
    func badSignerKeysAreRejectedWithoutRepeatingTheSecret(name: String, key: String) {
        let error = #expect(throws: LedgerError.self, "\(name)") { try NoteSigner(signerKey: key) }
        #expect(error?.isUsageError == true, "\(name)")
        let secret = key.split(separator: "+", omittingEmptySubsequences: false).dropFirst(4).joined(separator: "+")
        #expect(!(error?.message.contains(secret) ?? true) || secret.isEmpty, "\(name): the message repeats the key data")
    }

    @Test func signerDescriptionShowsOnlyThePublicKey() throws {
        let signer = try NoteSigner(signerKey: Self.goSignerKey)
        #expect(signer.description == "NoteSigner(\(Self.goVerifierKey))")
        #expect(!signer.description.contains("AYEKFALVFGyNhPJEMzD1QIDr"))
        #expect(!String(describing: signer).contains("AYEKFALVFGyNhPJEMzD1QIDr"))
    }

    @Test(arguments: ["", "a+b", "a b", "a\tb", "a\nb", "a\u{2028}b", "a\u{0001}b"])
    func badNamesAreRejected(name: String) throws {
        let key = try testSigner().verifier.publicKey
        let error = #expect(throws: LedgerError.self) { try NoteVerifier(name: name, publicKey: key) }
        #expect(error?.code == .invalidField)
    }

    @Test(arguments: ["example.com/log", "PeterNeumann", "sum.golang.org", "ünïcødé/ключ", "a/b?c=d"])
    func goodNamesAreAccepted(name: String) throws {
        let key = try testSigner().verifier.publicKey
        let verifier = try NoteVerifier(name: name, publicKey: key)
        #expect(try NoteVerifier(verifierKey: verifier.verifierKey) == verifier)
    }
}
