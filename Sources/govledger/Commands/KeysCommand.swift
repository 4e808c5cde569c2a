import ArgumentParser
import Foundation
import Governance
import LedgerCore

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make checkpoint signing keys and board members' vote keys.",
        subcommands: [Generate.self, GenerateMember.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Create an Ed25519 checkpoint signing key (C2SP signed-note format).",
            discussion: """
                Writes the private signer key (PRIVATE+KEY+name+keyid+base64) to FILE with mode 0600 and the \
                public verifier key (name+keyid+base64) to FILE.pub, and prints the verifier key. Give the verifier \
                key to whoever must check your checkpoints; never share FILE. Refuses to overwrite either file.
                """)

        @Option(help: ArgumentHelp("The key name, usually the log's host, e.g. ledger.bank.example.", valueName: "name"))
        var name: String
        @Option(help: ArgumentHelp("Where to write the private key.", valueName: "file"))
        var out: String
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let signer = try NoteSigner(name: name, privateKey: Ed25519PrivateKey.generate())
            let publicPath = out + ".pub"
            for path in [out, publicPath] where FileManager.default.fileExists(atPath: path) {
                throw CommandFailure.usage("'\(path)' already exists; choose another --out or move the old key away first (a lost key cannot be recovered).")
            }
            guard FileManager.default.createFile(
                atPath: out, contents: Data((signer.signerKey + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else {
                throw CommandFailure.usage("Cannot write '\(out)': check that the folder exists and is writable.")
            }
            _ = FileManager.default.createFile(atPath: publicPath, contents: Data((signer.verifier.verifierKey + "\n").utf8))
            if output.json {
                Output.json(["verifierKey": .string(signer.verifier.verifierKey), "privateKeyFile": .string(out), "verifierKeyFile": .string(publicPath)])
            } else {
                Output.line(signer.verifier.verifierKey)
                FileHandle.standardError.write(Data("Private key written to \(out) (mode 0600); verifier key to \(publicPath).\n".utf8))
            }
        }
    }
}

extension KeysCommand {
    struct GenerateMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate-member",
            abstract: "Create a board member's Ed25519 vote key.",
            discussion: """
                Writes the private key to FILE with mode 0600: one line holding the 32-byte Ed25519 seed as 64 lowercase \
                hex characters. Prints the public key (base64, for 'govledger board appoint --public-key') and its \
                fingerprint. Keep FILE to yourself: votes are signed locally with 'govledger vote --key FILE' and the \
                private key never enters the ledger. Refuses to overwrite FILE.
                """)

        @Option(help: ArgumentHelp("Where to write the private key.", valueName: "file"))
        var out: String
        @OptionGroup var output: JSONFlag

        func run() async throws {
            guard !FileManager.default.fileExists(atPath: out) else {
                throw CommandFailure.usage("'\(out)' already exists; choose another --out or move the old key away first (a lost key cannot be recovered).")
            }
            let key = try Ed25519PrivateKey.generate()
            guard FileManager.default.createFile(
                atPath: out, contents: Data((Hex.encode(key.rawRepresentation) + "\n").utf8), attributes: [.posixPermissions: 0o600])
            else {
                throw CommandFailure.usage("Cannot write '\(out)': check that the folder exists and is writable.")
            }
            let publicKey = Base64.encode(key.publicKey.rawRepresentation)
            if output.json {
                Output.json(["publicKey": .string(publicKey), "keyFingerprint": .string(key.publicKey.fingerprint.hex), "privateKeyFile": .string(out)])
            } else {
                Output.line(publicKey)
                FileHandle.standardError.write(Data("Private key written to \(out) (mode 0600); key fingerprint \(key.publicKey.fingerprint.hex).\n".utf8))
            }
        }
    }
}

/// Reads key material given on the command line: a file path, or the key string itself.
enum KeyInput {
    /// Loads the checkpoint signer from `--key FILE`, else `$GOVLEDGER_KEY_FILE`.
    static func signer(path: String?) throws -> NoteSigner {
        guard let path = path ?? ProcessInfo.processInfo.environment["GOVLEDGER_KEY_FILE"], !path.isEmpty else {
            throw CommandFailure.usage("A signing key is needed: pass --key FILE (made by 'govledger keys generate') or set GOVLEDGER_KEY_FILE.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure.usage("Cannot read the key file '\(path)': check the path and its permissions.")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            return try NoteSigner(signerKey: text)
        } catch {
            throw CommandFailure.usage("'\(path)' does not hold a signer key (PRIVATE+KEY+name+keyid+base64): \(error.message)")
        }
    }

    /// Parses a verifier key given as the string itself or as a file that holds it.
    static func verifier(_ value: String) throws -> NoteVerifier {
        var text = value
        if let data = FileManager.default.contents(atPath: value) {
            text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else if !value.contains("+") {
            throw CommandFailure.usage("--key '\(value)' is neither a readable file nor a verifier key (name+keyid+base64).")
        }
        if text.hasPrefix("PRIVATE+KEY+") {
            throw CommandFailure.usage("--key is a private signer key; give the public verifier key instead (the .pub file written by 'govledger keys generate'). Keep the private key secret.")
        }
        do {
            return try NoteVerifier(verifierKey: text)
        } catch {
            throw CommandFailure.usage("--key must be a verifier key (name+keyid+base64, as printed by 'govledger keys generate') or a file holding one: \(error.message)")
        }
    }
}
