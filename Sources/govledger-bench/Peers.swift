import Foundation
import Glibc
import LedgerCore

/// Peers measured in the same run: the floor and the ceiling the ledger is compared with.
enum Peers {
    /// Raw SQLite inserts of the same rows (Tests/Peers/sqlite_raw_append.py), entries/s.
    static func rawSQLite(entries: Int, payloadBytes: Int, folder: URL) -> Double? {
        let script = packageRoot().appendingPathComponent("Tests/Peers/sqlite_raw_append.py").path
        let output = run("/usr/bin/env", ["python3", script, "--entries", String(entries), "--batch", "1000",
                                          "--payload-bytes", String(payloadBytes), "--db", folder.appendingPathComponent("peer.db").path, "--json"])
        guard let output, let value = try? JSONValue.parse(output.trimmingCharacters(in: .whitespacesAndNewlines)) else { return nil }
        return value["entriesPerSecond"]?.numberValue
    }

    /// The lineage storage layout through SQLite's C API (Tests/Peers/lineage_sqlite_ingest.c,
    /// compiled here with `cc -O2`): records/s by the wall clock and per CPU second.
    static func lineageSQLite(records: Int, fileRecords: Int, folder: URL) -> (rate: Double, perCPU: Double)? {
        let source = packageRoot().appendingPathComponent("Tests/Peers/lineage_sqlite_ingest.c").path
        let binary = folder.appendingPathComponent("lineage_peer").path
        guard run("/usr/bin/env", ["cc", "-O2", "-o", binary, source, "-lsqlite3", "-lcrypto"]) != nil,
            let output = run(binary, [String(records), String(fileRecords), folder.appendingPathComponent("lineage-peer.db").path]),
            let value = try? JSONValue.parse(output.trimmingCharacters(in: .whitespacesAndNewlines)),
            let rate = value["recordsPerSecond"]?.numberValue, let perCPU = value["recordsPerCPUSecond"]?.numberValue
        else { return nil }
        return (rate, perCPU)
    }

    /// `openssl speed -evp sha256` at a block size, in bytes per second.
    static func opensslSHA256(bytes: Int) -> Double? {
        guard let output = run("/usr/bin/env", ["openssl", "speed", "-evp", "sha256", "-bytes", String(bytes), "-seconds", "3"]) else { return nil }
        // The last line reads: "sha256   <rate>k" (thousands of bytes per second).
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("sha256") }),
            let field = line.split(separator: " ").last, field.hasSuffix("k"),
            let thousands = Double(field.dropLast())
        else { return nil }
        return thousands * 1000
    }

    static func packageRoot() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Runs a peer and returns its standard output, or `nil` if it could not start or failed.
    ///
    /// Spawned with an empty signal mask and default signal actions: the benchmark runs on a
    /// concurrency thread, which blocks most signals, and a child that inherited that mask would
    /// never see the SIGALRM `openssl speed` times itself with.
    static func run(_ executable: String, _ arguments: [String]) -> String? {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, pipe[0])
        posix_spawn_file_actions_addclose(&actions, pipe[1])
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        close(pipe[1])
        guard spawned == 0 else {
            close(pipe[0])
            return nil
        }
        let output = FileHandle(fileDescriptor: pipe[0], closeOnDealloc: true).readDataToEndOfFile()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let exited = status & 0x7f == 0
        return exited && (status >> 8) & 0xff == 0 ? String(decoding: output, as: UTF8.self) : nil
    }
}

enum Machine {
    static func describe() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?
            .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu), \(ProcessInfo.processInfo.physicalMemory >> 30) GiB"
    }
}

struct Report {
    struct Row {
        let name: String
        let value: Double
        let unit: String
        let detail: String
    }

    let machine: String
    var rows: [Row] = []
    var notes: [(String, String)] = []

    mutating func add(_ name: String, _ value: Double, unit: String, detail: String) {
        rows.append(Row(name: name, value: value, unit: unit, detail: detail))
        FileHandle.standardError.write(Data("  measured \(name) = \(Self.format(value)) \(unit)\n".utf8))
    }

    mutating func note(_ key: String, _ value: String) { notes.append((key, value)) }

    static func format(_ value: Double) -> String {
        if value >= 1000 { return String(format: "%.0f", value) }
        if value >= 10 { return String(format: "%.1f", value) }
        return String(format: "%.3f", value)
    }

    func print(json: Bool) {
        if json {
            var object = JSONObject()
            object["machine"] = .string(machine)
            var figures = JSONObject()
            for row in rows { figures[row.name] = .number((row.value * 1000).rounded() / 1000) }
            object["figures"] = .object(figures)
            Swift.print(JSONValue.object(object))
            return
        }
        Swift.print("govledger benchmark — \(machine)")
        let width = rows.map(\.name.count).max() ?? 10
        for row in rows {
            let name = row.name.padding(toLength: width, withPad: " ", startingAt: 0)
            let value = Self.format(row.value)
            Swift.print("\(name)  \(String(repeating: " ", count: max(0, 12 - value.count)))\(value) \(row.unit.padding(toLength: 9, withPad: " ", startingAt: 0))  \(row.detail)")
        }
    }
}
