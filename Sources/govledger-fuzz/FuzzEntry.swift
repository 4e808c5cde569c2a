import Foundation
import LedgerCore

/// The libFuzzer entry point. The target is chosen at start-up by `GOVLEDGER_FUZZ_TARGET`
/// (`json`, `checkpoint`, `note`, `tlogproof`, `policy`), so one instrumented binary serves
/// every target; Tests/Reliability/fuzz.sh sets it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = selectedTarget.run(bytes)
    return 0
}

let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["GOVLEDGER_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        FileHandle.standardError.write(Data("Set GOVLEDGER_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")).\n".utf8))
        exit(2)
    }
    return target
}()
