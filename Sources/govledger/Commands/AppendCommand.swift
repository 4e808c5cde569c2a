import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

struct AppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append one entry, or a JSON Lines batch of entries, atomically.",
        discussion: """
            One entry: --stream, --type and --actor, with the payload object from --payload, --payload-file, \
            or standard input when neither is given.
            A batch: --batch FILE.jsonl, one entry per line: {"stream": S, "type": T, "actor": A, "payload": {…}} \
            with optional "expectedVersion" and "retention". All lines land or none does; an error names the line.
            --expected-version N appends only if the stream is at version N (0 for a new stream).
            """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: JSONFlag

    @Option(help: ArgumentHelp("The stream, e.g. model/fraud-detection-engine.", valueName: "name"))
    var stream: String?
    @Option(help: ArgumentHelp("The event type, e.g. model.registered.", valueName: "type"))
    var type: String?
    @Option(help: ArgumentHelp("The principal recording the entry.", valueName: "principal"))
    var actor: String?
    @Option(name: .customLong("expected-version"), help: ArgumentHelp("Append only if the stream is at this version (0 = new stream).", valueName: "n"))
    var expectedVersion: Int?
    @Option(help: ArgumentHelp("Retention class: a count and d, m or y.", valueName: "class"))
    var retention: String = "7y"
    @Option(help: ArgumentHelp("The payload, a JSON object.", valueName: "json"))
    var payload: String?
    @Option(name: .customLong("payload-file"), help: ArgumentHelp("Read the payload object from a file.", valueName: "file"))
    var payloadFile: String?
    @Option(help: ArgumentHelp("Append every line of a JSON Lines file as one atomic batch.", valueName: "file"))
    var batch: String?

    func validate() throws {
        if batch != nil {
            let single = [stream, type, actor, payload, payloadFile].contains { $0 != nil } || expectedVersion != nil
            guard !single else {
                throw ValidationError("--batch cannot be combined with --stream, --type, --actor, --payload, --payload-file or --expected-version: each batch line carries its own fields.")
            }
            return
        }
        guard stream != nil, type != nil, actor != nil else {
            throw ValidationError("Missing --stream, --type or --actor: a single entry needs all three (or use --batch FILE).")
        }
        guard payload == nil || payloadFile == nil else {
            throw ValidationError("Give the payload once: --payload or --payload-file, not both.")
        }
        if let expectedVersion, expectedVersion < 0 {
            throw ValidationError("--expected-version must be 0 (a new stream) or more.")
        }
    }

    func run() async throws {
        let drafts: [EntryDraft]
        var lineNumbers: [Int] = []
        if let batch {
            (drafts, lineNumbers) = try Self.readBatch(path: batch)
        } else {
            drafts = [try singleDraft()]
        }
        let store = try ledger.open()
        let written: [Entry]
        do {
            written = try store.appendNow(drafts)
        } catch var error as LedgerError {
            if let index = error.batchIndex, index < lineNumbers.count {
                error.message = "line \(lineNumbers[index]): " + error.message
            }
            error.message += " Nothing was written."
            throw error
        }
        if output.json {
            Output.json(["entries": .array(written.map { .object(Self.summary($0)) })])
        } else {
            for entry in written {
                let h = entry.header
                Output.line("appended seq \(h.seq)  \(h.stream) v\(h.streamVersion)  \(h.type)  leaf \(entry.leafHash.hex)")
            }
            if written.count > 1 { Output.line("\(written.count) entries appended atomically.") }
        }
    }

    static func summary(_ entry: Entry) -> JSONObject {
        var object = JSONObject()
        object["seq"] = .int(entry.header.seq)
        object["stream"] = .string(entry.header.stream.rawValue)
        object["streamVersion"] = .int(entry.header.streamVersion)
        object["type"] = .string(entry.header.type.rawValue)
        object["time"] = .string(entry.header.time.description)
        object["leafHash"] = .string(entry.leafHash.hex)
        return object
    }

    func singleDraft() throws -> EntryDraft {
        let bytes: [UInt8]
        let source: String
        if let payload {
            bytes = Array(payload.utf8)
            source = "--payload"
        } else if let payloadFile {
            bytes = try Self.readFile(payloadFile, what: "payload file")
            source = "payload file '\(payloadFile)'"
        } else {
            bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
            source = "standard input"
        }
        let object: JSONObject
        do throws(LedgerError) {
            object = try Self.payloadObject(JSONValue.parse(bytes))
        } catch {
            throw LedgerError(error.code, "\(source): \(error.message) Nothing was written.")
        }
        return EntryDraft(
            stream: try StreamName.parse(stream!), type: try EventType.parse(type!), actor: try Principal.parse(actor!),
            retention: try RetentionClass.parse(retention), payload: object, expectedVersion: expectedVersion)
    }

    static func payloadObject(_ value: JSONValue) throws(LedgerError) -> JSONObject {
        guard case .object(let object) = value else {
            throw LedgerError(.malformedInput, "the payload must be a JSON object such as {\"key\": \"value\"}, not \(kind(of: value)).")
        }
        return object
    }

    static func kind(of value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    static func readFile(_ path: String, what: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure.usage("Cannot read the \(what) '\(path)': check that it exists and is readable.")
        }
        return Array(data)
    }

    static let batchKeys: Set<String> = ["stream", "type", "actor", "payload", "expectedVersion", "retention"]

    /// Reads a JSON Lines batch; every line is checked before anything is written.
    static func readBatch(path: String) throws -> ([EntryDraft], [Int]) {
        let bytes = try readFile(path, what: "batch file")
        var drafts: [EntryDraft] = []
        var lineNumbers: [Int] = []
        var lineNumber = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.last == 0x0D ? line.dropLast() : line
            if trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            do throws(LedgerError) {
                drafts.append(try batchDraft(JSONValue.parse(Array(trimmed), limits: JSONLimits(maxDepth: 65, maxBytes: SealedPayload.maxBytes + 4096))))
                lineNumbers.append(lineNumber)
            } catch {
                throw LedgerError(error.code, "\(path) line \(lineNumber): \(error.message) Nothing was written.")
            }
        }
        guard !drafts.isEmpty else {
            throw CommandFailure.usage("The batch file '\(path)' has no entries: write one JSON object per line.")
        }
        return (drafts, lineNumbers)
    }

    static func batchDraft(_ value: JSONValue) throws(LedgerError) -> EntryDraft {
        guard case .object(let object) = value else {
            throw LedgerError(.malformedInput, "each line must be a JSON object with stream, type, actor and payload.")
        }
        if let unknown = object.keys.first(where: { !batchKeys.contains($0) }) {
            throw LedgerError(.malformedInput, "unknown key \"\(unknown)\"; a line may have stream, type, actor, payload, expectedVersion and retention.")
        }
        func text(_ key: String) throws(LedgerError) -> String {
            guard let value = object[key]?.stringValue else {
                throw LedgerError(.malformedInput, "\"\(key)\" must be present and be a string.")
            }
            return value
        }
        guard let payloadValue = object["payload"] else {
            throw LedgerError(.malformedInput, "\"payload\" is missing; use {} for an empty payload.")
        }
        var expected: Int? = nil
        if let value = object["expectedVersion"] {
            guard let number = value.intValue, number >= 0 else {
                throw LedgerError(.malformedInput, "\"expectedVersion\" must be a whole number, 0 or more.")
            }
            expected = number
        }
        var retention = RetentionClass.sevenYears
        if object["retention"] != nil { retention = try RetentionClass.parse(try text("retention")) }
        return EntryDraft(
            stream: try StreamName.parse(try text("stream")), type: try EventType.parse(try text("type")),
            actor: try Principal.parse(try text("actor")), retention: retention,
            payload: try payloadObject(payloadValue), expectedVersion: expected)
    }
}
