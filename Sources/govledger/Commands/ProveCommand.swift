import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

struct ProveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove",
        abstract: "Produce inclusion and consistency proofs (RFC 9162) for offline verification.",
        subcommands: [Inclusion.self, Consistency.self])

    struct Inclusion: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inclusion",
            abstract: "Prove that one entry is in the log.",
            discussion: """
                By default the proof is against the latest signed checkpoint. --out writes a proof file \
                (docs/verification.md) holding the entry and a C2SP tlog-proof with the signed checkpoint, \
                which 'govledger verify-proof FILE --key KEY' checks without the database.
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag
        @Option(help: ArgumentHelp("The entry to prove.", valueName: "n")) var seq: Int
        @Option(help: ArgumentHelp("The tree size to prove against (default: the latest checkpoint's).", valueName: "m")) var size: Int?
        @Option(help: ArgumentHelp("Write a proof file here (refuses to overwrite).", valueName: "file")) var out: String?

        func validate() throws {
            guard seq >= 0 else { throw ValidationError("--seq must be 0 or more.") }
            if let size, size < 1 { throw ValidationError("--size must be 1 or more.") }
        }

        func run() async throws {
            let store = try ledger.open()
            let latest = try store.latestCheckpoint()
            guard try store.headNow().nextSeq > seq else {
                throw CommandFailure.usage("There is no entry with seq \(seq): the log has \(try store.headNow().nextSeq) entries.")
            }
            guard let treeSize = size ?? latest?.size else {
                throw CommandFailure.usage("There is no signed checkpoint yet. Sign one with 'govledger checkpoint --key FILE', or pass --size for a proof against an unsigned root.")
            }
            let (leafHash, proof, root) = try store.inclusionProof(seq: seq, size: treeSize)
            let checkpoint = try store.checkpoint(size: treeSize)
            guard let entry = try store.entriesNow(EntryQuery(fromSeq: seq, limit: 1)).first else {
                throw CommandFailure.usage("There is no entry with seq \(seq).")
            }
            if let out {
                guard let checkpoint else {
                    throw CommandFailure.usage("A proof file needs a signed checkpoint of size \(treeSize). Sign one with 'govledger checkpoint --key FILE', or omit --size to use the latest checkpoint.")
                }
                let tlog = try TlogProof(index: seq, hashes: proof, checkpointNote: checkpoint.note)
                var file = JSONObject()
                file["format"] = .string(ProofFile.inclusionFormat)
                file["entry"] = try JSONValue.parse(entry.exportLine())
                file["tlogProof"] = .string(String(decoding: tlog.bytes, as: UTF8.self))
                try ProofFile.write(.object(file), to: out)
            }
            if output.json {
                var object = JSONObject()
                object["seq"] = .int(seq)
                object["treeSize"] = .int(treeSize)
                object["leafHash"] = .string(leafHash.hex)
                object["rootHash"] = .string(root.hex)
                object["proof"] = .array(proof.map { .string($0.hex) })
                object["checkpoint"] = checkpoint.map { .string($0.noteText) } ?? .null
                object["entry"] = try JSONValue.parse(entry.exportLine())
                Output.json(.object(object))
            } else {
                let h = entry.header
                Output.line("entry       seq \(h.seq)  \(h.stream) v\(h.streamVersion)  \(h.type)  \(h.time)")
                Output.line("leaf hash   \(leafHash.hex)")
                Output.line("tree size   \(treeSize)")
                Output.line("root        \(root.hex)")
                Output.line("audit path  \(proof.count) hash\(proof.count == 1 ? "" : "es"), from the leaf's sibling up")
                for (index, hash) in proof.enumerated() { Output.line("  \(index + 1)\t\(hash.hex)") }
                if let checkpoint {
                    Output.line("signed checkpoint:")
                    Output.bytes(checkpoint.note)
                } else {
                    Output.line("(no signed checkpoint of size \(treeSize): this root is not signed)")
                }
                if let out { Output.line("proof file  \(out)") }
            }
        }
    }

    struct Consistency: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "consistency",
            abstract: "Prove that the log at one size extends the log at an earlier size.",
            discussion: "By default the newer size is the latest checkpoint's. --out writes a proof file for 'govledger verify-proof'.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag
        @Option(help: ArgumentHelp("The earlier tree size.", valueName: "a")) var from: Int
        @Option(help: ArgumentHelp("The later tree size (default: the latest checkpoint's).", valueName: "b")) var to: Int?
        @Option(help: ArgumentHelp("Write a proof file here (refuses to overwrite).", valueName: "file")) var out: String?

        func validate() throws {
            guard from >= 0 else { throw ValidationError("--from must be 0 or more.") }
        }

        func run() async throws {
            let store = try ledger.open()
            let latestSize = try store.latestCheckpoint()?.size
            guard let newSize = to ?? latestSize else {
                throw CommandFailure.usage("There is no signed checkpoint yet. Sign one with 'govledger checkpoint --key FILE', or pass --to.")
            }
            let (oldRoot, newRoot, proof) = try store.consistencyProof(from: from, to: newSize)
            let newCheckpoint = try store.checkpoint(size: newSize)
            let oldCheckpoint = try store.checkpoint(size: from)
            var object = JSONObject()
            object["format"] = .string(ProofFile.consistencyFormat)
            object["from"] = ["size": .int(from), "rootHash": .string(oldRoot.hex)]
            object["to"] = ["size": .int(newSize), "rootHash": .string(newRoot.hex)]
            object["proof"] = .array(proof.map { .string($0.hex) })
            object["checkpoint"] = newCheckpoint.map { .string($0.noteText) } ?? .null
            object["oldCheckpoint"] = oldCheckpoint.map { .string($0.noteText) } ?? .null
            if let out {
                guard newCheckpoint != nil else {
                    throw CommandFailure.usage("A proof file needs a signed checkpoint of size \(newSize). Sign one with 'govledger checkpoint --key FILE', or omit --to.")
                }
                try ProofFile.write(.object(object), to: out)
            }
            if output.json {
                Output.json(.object(object))
            } else {
                Output.line("from        size \(from), root \(oldRoot.hex)\(oldCheckpoint == nil ? "" : " (signed)")")
                Output.line("to          size \(newSize), root \(newRoot.hex)\(newCheckpoint == nil ? "" : " (signed)")")
                Output.line("proof       \(proof.count) hash\(proof.count == 1 ? "" : "es")")
                for (index, hash) in proof.enumerated() { Output.line("  \(index + 1)\t\(hash.hex)") }
                if let out { Output.line("proof file  \(out)") }
            }
        }
    }
}

/// The offline proof files written by `prove … --out` and read by `verify-proof`.
enum ProofFile {
    static let inclusionFormat = "govledger.inclusion-proof/v1"
    static let consistencyFormat = "govledger.consistency-proof/v1"

    static func write(_ value: JSONValue, to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure.usage("'\(path)' already exists; choose a new file name.")
        }
        var bytes = value.canonicalBytes()
        bytes.append(0x0A)
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw CommandFailure.usage("Cannot write '\(path)': check that the folder exists and is writable.")
        }
    }
}
