import ArgumentParser
import Foundation
import Hummingbird
import LedgerCore
import LedgerServer
import LedgerStore
import NIOCore
import Projections

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
    @Option(help: ArgumentHelp("The dashboard's templates directory. Default: $GOVLEDGER_TEMPLATES, ./projections, or the one beside the tool.", valueName: "dir")) var templates: String?
    @Flag(name: .customLong("secure-cookies"), help: "Mark session cookies Secure (when clients reach the server over TLS through a proxy).") var secureCookies = false
    @Option(name: .customLong("mlflow-webhook-secret-file"), help: ArgumentHelp(
        "A file holding the MLflow webhook's shared secret (else the environment variable GOVLEDGER_MLFLOW_WEBHOOK_SECRET); without one, POST /integrations/mlflow/webhook answers 503.",
        valueName: "path")) var mlflowWebhookSecretFile: String?
    @Option(name: .customLong("mlflow-webhook-actor"), help: ArgumentHelp("The principal recorded as the actor of entries the MLflow webhook mirrors.", valueName: "principal"))
    var mlflowWebhookActor = "mlflow-webhook"
    @Option(help: ArgumentHelp("The ledger's signer key file (govledger keys generate), which signs audit packs served at POST /v1/audit-packs and the dashboard's /audit-packs. Without one, those answer 503.", valueName: "file"))
    var key: String?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        guard maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be at least 1024.") }
        guard Principal(rawValue: mlflowWebhookActor) != nil else { throw ValidationError("--mlflow-webhook-actor must be a principal name, such as mlflow-webhook.") }
    }

    /// The webhook secret: the file's content without its final line break, else the environment.
    func webhookSecret() throws -> [UInt8]? {
        var text: String?
        if let path = mlflowWebhookSecretFile {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CommandFailure.usage("--mlflow-webhook-secret-file: cannot read \(path); give a readable file holding the secret.")
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = ProcessInfo.processInfo.environment["GOVLEDGER_MLFLOW_WEBHOOK_SECRET"]
        }
        guard var secret = text else { return nil }
        while secret.hasSuffix("\n") || secret.hasSuffix("\r") { secret.removeLast() }
        guard !secret.isEmpty else { throw CommandFailure.usage("The MLflow webhook secret is empty; put the secret in the file or the environment variable.") }
        return Array(secret.utf8)
    }

    func run() async throws {
        var configuration = ServerConfiguration(
            databasePath: ledger.path, host: host, port: port, maxBodyBytes: maxBodyBytes, mlflowWebhookSecret: try webhookSecret(),
            mlflowWebhookActor: Principal(rawValue: mlflowWebhookActor)!)
        configuration.templatesDirectory = templates
        configuration.secureCookies = secureCookies
        if let key { configuration.signerKey = try KeyInput.signer(path: key) }
        if let templates { _ = try TemplateLibrary(directory: templates) }
        try await Self.serve(try ledger.open(), configuration)
    }

    /// Serves `store` until SIGTERM or SIGINT, printing the address once listening.
    static func serve(_ store: SQLiteEventStore, _ configuration: ServerConfiguration) async throws {
        let router = buildRouter(store: store, configuration: configuration)
        let path = configuration.databasePath
        let host = configuration.host
        let fallbackPort = configuration.port
        let app = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: configuration.port), serverName: "govledger"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? fallbackPort
                Output.line("govledger serving \(path) at http://\(host):\(port)/ (Ctrl-C to stop)")
                Output.line("dashboard: http://\(host):\(port)/login with a token from 'govledger tokens create'")
            })
        // A lineage index merge under way stops after its current step.
        defer { store.stopLineageMerges() }
        try await app.runService()
    }
}
