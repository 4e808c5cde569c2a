import Foundation
import LedgerCore

/// Writes to standard output and standard error, flushing so that scripts reading line by line
/// never wait on a block-buffered pipe.
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func bytes(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    /// Prints a JSON value in canonical form on one line.
    static func json(_ value: JSONValue) {
        var bytes = value.canonicalBytes()
        bytes.append(0x0A)
        FileHandle.standardOutput.write(Data(bytes))
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data(("error: " + text + "\n").utf8))
    }

    /// Nothing to do: every write above goes straight to the file descriptor, unbuffered.
    /// Writes a message that already carries its own "Error:" prefix (ArgumentParser's).
    static func errorVerbatim(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func flush() {}
}

/// A command's failure that maps to a specific exit code.
struct CommandFailure: Error {
    var message: String
    var exitCode: Int32
    /// True when the command already printed its own report (for example verify's JSON).
    var alreadyReported = false

    static func usage(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 2) }
    static func failed(_ message: String) -> CommandFailure { CommandFailure(message: message, exitCode: 1) }
}
