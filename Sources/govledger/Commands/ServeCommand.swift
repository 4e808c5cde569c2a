import ArgumentParser
import Foundation
import Hummingbird
import LedgerCore
import LedgerServer
import NIOCore

/// `govledger serve`: the HTTP API over the ledger file.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (docs/api.md) over the ledger.",
        discussion: """
            Listens on --host (default 127.0.0.1) and --port (default 8080) and prints its address once it is \
            listening. Every append goes through the same governance rules as the CLI, as the principal of the \
            request's token (govledger tokens create). SIGTERM or SIGINT stops it gracefully: requests in \
            flight finish, then it exits.
            """)

    @OptionGroup var ledger: LedgerOptions
    @Option(help: ArgumentHelp("The address to listen on.", valueName: "address")) var host = "127.0.0.1"
    @Option(help: ArgumentHelp("The port to listen on (0 picks a free one).", valueName: "n")) var port = 8080
    @Option(name: .customLong("max-body-bytes"), help: ArgumentHelp("The largest request body accepted.", valueName: "n")) var maxBodyBytes = 1 << 20

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        guard maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be at least 1024.") }
    }

    func run() async throws {
        let configuration = ServerConfiguration(databasePath: ledger.path, host: host, port: port, maxBodyBytes: maxBodyBytes)
        let store = try ledger.open()
        let router = buildRouter(store: store, configuration: configuration)
        let path = ledger.path
        let host = self.host
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "govledger"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? configuration.port
                Output.line("govledger serving \(path) at http://\(host):\(port)/ (Ctrl-C to stop)")
            })
        try await app.runService()
    }
}
