import ArgumentParser
import Foundation
import LedgerCore

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Manage the ledger's checkpoint signing keys.",
        subcommands: [Generate.self])

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
