import Foundation
import LedgerCore

/// Runs the built `govledger` binary as a user would, in a private folder.
final class CLIHarness {
    let folder: URL
    var db: String { folder.appendingPathComponent("ledger.db").path }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("govledger-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }

    static var binary: URL {
        // The test runner lives in the products folder beside the govledger executable.
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("govledger")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/govledger")
    }

    /// Starts `govledger ARGS` with `--db` pointing at this harness's ledger unless `db: nil`.
    func start(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["GOVLEDGER_DB"] = db
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        return (process, out, err)
    }

    @discardableResult
    func run(_ arguments: String..., stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        try run(arguments, stdin: stdin, environment: environment)
    }

    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let (process, out, err) = try start(arguments, stdin: stdin, environment: environment)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The number of entries, read with the CLI's own stats command.
    func entryCount() throws -> Int {
        let result = try run("stats", "--json")
        let value = try JSONValue.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        return value["entries"]?.intValue ?? -1
    }

    func sqlite3(_ sql: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", db, sql]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
