#if !FUZZING
import Foundation
import LedgerCore

/// Without libFuzzer (a plain `swift build`), `govledger-fuzz` replays inputs through a target,
/// so that found cases can be rerun and classified without the instrumented build:
///
/// ```sh
/// govledger-fuzz run TARGET FILE…       # one JSON line per file: {"file", "accepted"}
/// govledger-fuzz seeds TARGET DIR       # writes the target's built-in seed inputs into DIR
/// ```
///
/// Exit status: 0 when every input ran (accepted or rejected); a broken round-trip property
/// stops the process with a precondition failure naming the input.
@main
enum FuzzReplay {
    static func main() throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]), ["run", "seeds"].contains(arguments[0]) else {
            FileHandle.standardError.write(Data("""
                usage: govledger-fuzz run TARGET FILE…
                       govledger-fuzz seeds TARGET DIR
                targets: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))

                """.utf8))
            exit(2)
        }
        if arguments[0] == "seeds" {
            guard arguments.count == 3 else { exit(2) }
            for (index, seed) in target.seeds.enumerated() {
                try Data(seed).write(to: URL(fileURLWithPath: arguments[2]).appendingPathComponent("seed-\(index)"))
            }
            return
        }
        for path in arguments.dropFirst(2) {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                exit(2)
            }
            let accepted = target.run(Array(data))
            var line = JSONObject()
            line["file"] = .string(path)
            line["accepted"] = .bool(accepted)
            print(JSONValue.object(line))
        }
    }
}
#endif
