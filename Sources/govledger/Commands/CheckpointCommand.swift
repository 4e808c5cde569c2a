import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

struct CheckpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkpoint",
        abstract: "Sign and list checkpoints: signed commitments to the whole log (C2SP tlog-checkpoint).",
        subcommands: [Sign.self, List.self],
        defaultSubcommand: Sign.self)

    struct Sign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign",
            abstract: "Sign a checkpoint of the current tree, store it and print it.",
            discussion: "Signing the same size twice returns the stored checkpoint; a different root for a signed size is refused (exit 1).")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag
        @Option(help: ArgumentHelp("The signer key file (default $GOVLEDGER_KEY_FILE).", valueName: "file"))
        var key: String?

        func run() async throws {
            let signer = try KeyInput.signer(path: key)
            let store = try ledger.open()
            let (checkpoint, isNew) = try store.signCheckpoint(with: signer)
            if output.json {
                Output.json(.object(CheckpointCommand.json(checkpoint, isNew: isNew)))
            } else {
                Output.bytes(checkpoint.note)
                FileHandle.standardError.write(Data((isNew ? "Signed checkpoint of size \(checkpoint.size).\n" : "A checkpoint of size \(checkpoint.size) already exists; printed as stored.\n").utf8))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List stored checkpoints, oldest first.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let checkpoints = try ledger.open().checkpoints()
            if output.json {
                Output.json(["checkpoints": .array(checkpoints.map { .object(CheckpointCommand.json($0, isNew: nil)) })])
            } else if checkpoints.isEmpty {
                Output.line("No checkpoints yet. Sign one with: govledger checkpoint --key FILE")
            } else {
                for checkpoint in checkpoints {
                    Output.line("size \(checkpoint.size)\t\(checkpoint.time)\troot \(checkpoint.root.hex)\tkey \(checkpoint.verifierKey)")
                }
            }
        }
    }

    static func json(_ checkpoint: StoredCheckpoint, isNew: Bool?) -> JSONObject {
        var object = JSONObject()
        object["size"] = .int(checkpoint.size)
        object["rootHash"] = .string(checkpoint.root.hex)
        object["time"] = .string(checkpoint.time.description)
        object["verifierKey"] = .string(checkpoint.verifierKey)
        object["note"] = .string(checkpoint.noteText)
        if let isNew { object["new"] = .bool(isNew) }
        return object
    }
}
