import ArgumentParser
import Foundation
import Governance
import LedgerCore
import LedgerServer
import LedgerStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a demo ledger: the seed's twelve-model inventory with three years of governed history.",
        discussion: """
            Writes into the configured ledger (--db, else $GOVLEDGER_DB, else ./govledger.db), which must be new or \
            empty. The history runs from January 2022 to February 2025 on a scripted clock with fixed member keys and \
            salts, so two runs give the same root hash. Then verifies the ledger (integrity and rules) and prints the \
            registry.
            """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: JSONFlag
    @Option(help: ArgumentHelp("The policy to adopt.", valueName: "file")) var policy: String = "compliance/policy.yaml"
    @Flag(help: "Then sign a checkpoint, create two dashboard tokens and serve the ledger (see govledger serve).") var serve = false
    @Option(help: ArgumentHelp("With --serve: the port to listen on.", valueName: "n")) var port = 8080
    @Option(help: ArgumentHelp("With --serve: the address to listen on.", valueName: "address")) var host = "127.0.0.1"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535.") }
        if serve, output.json { throw ValidationError("--serve prints for people; leave out --json.") }
    }

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: policy) else {
            throw CommandFailure.usage("Cannot read the policy '\(policy)': run the demo from the repository root or pass --policy PATH/compliance/policy.yaml.")
        }
        let loaded = try PolicyLoader.load(yaml: String(decoding: data, as: UTF8.self))
        let steps = try DemoScenario.steps(policy: loaded)
        let clock = ScriptedClock(DemoScenario.start)
        var configuration = ledger.configuration
        configuration.clock = clock.ledgerClock
        configuration.random = .deterministic(seed: 2022)
        let (store, _) = try SQLiteEventStore.create(at: ledger.path, configuration: configuration, origin: "demo.govledger.local")
        let existing = try store.headNow().nextSeq
        guard existing == 0 else {
            throw CommandFailure.usage("'\(ledger.path)' already has \(existing) entries; the demo needs a new or empty ledger: pass --db with a new path.")
        }
        let service = GovernanceService(store: store, clock: clock.ledgerClock, cache: RegistryCache())
        var written = try await DemoRunner(service: service, clock: clock).run(steps)
        // A legal hold: customer litigation over credit decisions keeps the credit model's
        // records past their windows, so 'retention plan' shows held entries.
        clock.advance(milliseconds: 86_400_000)
        _ = try store.appendNow([EntryDraft(
            stream: StreamName("legal-hold/credit-scoring-model")!, type: EventType(RetentionState.holdPlaced)!,
            actor: Principal("amara.nwosu@bank.example")!, retention: .sevenYears,
            payload: ["model": "credit-scoring-model", "case": "LIT-2025-014",
                      "reason": "customer litigation over automated credit decisions (ECOA adverse-action notices)"])])
        written += 1
        let integrity = try store.verify()
        let rules = try RulesVerification.check(store)
        let state = try await service.registry()
        if output.json {
            var object: JSONObject = ["db": .string(ledger.path), "entries": .int(written), "models": .int(state.models.count)]
            object["verify"] = .object(["ok": .bool(integrity.isValid), "treeSize": .int(integrity.entriesChecked), "rootHash": .string(integrity.rootHash.hex)])
            object["rules"] = .object(RulesVerification.json(rules))
            object["registry"] = .array(state.modelsInOrder.map { .object(GovernanceOutput.modelJSON($0)) })
            Output.json(.object(object))
        } else {
            Output.line("Built a demo ledger in \(ledger.path): \(written) entries from \(steps.first?.time.description.prefix(10) ?? "") to \(steps.last?.time.description.prefix(10) ?? "").")
            Output.line(integrity.isValid
                ? "verify: OK, \(integrity.entriesChecked) entries, root \(integrity.rootHash.hex)"
                : "verify: FAILED: \(integrity.failure?.description ?? "")")
            RulesVerification.print(rules)
            Output.line("")
            GovernanceOutput.registry(state, allVersions: false, json: false)
            Output.line("")
            Output.line("Next: govledger history fraud-detection-engine · govledger registry --all · govledger verify --rules")
        }
        if !integrity.isValid || !rules.isValid {
            throw CommandFailure(message: "the demo ledger does not verify", exitCode: 1, alreadyReported: true)
        }
        if serve {
            let signer = try NoteSigner(name: "demo.govledger.local", privateKey: Ed25519PrivateKey.generate())
            let (checkpoint, _) = try store.signCheckpoint(with: signer)
            let compliance = try store.createToken(principal: Principal("amara.nwosu@bank.example")!, role: "compliance-officer", expires: nil)
            let member = try store.createToken(principal: Principal("tomas.herrera@bank.example")!, role: "board-member", expires: nil)
            Output.line("")
            Output.line("Signed checkpoint of size \(checkpoint.size); verifier key \(signer.verifier.verifierKey)")
            Output.line("Dashboard tokens (shown once):")
            Output.line("  compliance officer amara.nwosu@bank.example   \(compliance)")
            Output.line("  board member       tomas.herrera@bank.example \(member)")
            // The server signs audit packs with the same key as the checkpoint above.
            var configuration = ServerConfiguration(databasePath: ledger.path, host: host, port: port)
            configuration.signerKey = signer
            try await ServeCommand.serve(try ledger.open(), configuration)
        }
    }
}
