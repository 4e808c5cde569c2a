import ArgumentParser
import Foundation
import LedgerCore

/// `--actor`: the principal recording an entry (default `$GOVLEDGER_ACTOR`).
struct ActorOption: ParsableArguments {
    @Option(help: ArgumentHelp("The principal recording this (default $GOVLEDGER_ACTOR).", valueName: "principal"))
    var actor: String?

    func principal() throws -> Principal {
        guard let text = actor ?? ProcessInfo.processInfo.environment["GOVLEDGER_ACTOR"], !text.isEmpty else {
            throw CommandFailure.usage("Say who is recording this: pass --actor PRINCIPAL or set GOVLEDGER_ACTOR.")
        }
        return try Principal.parse(text)
    }
}
