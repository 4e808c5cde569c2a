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
        // Prediction lineage of the production models, checked against the registry like any
        // ingestion: a few batches with ids that 'govledger lineage show' looks up.
        clock.advance(milliseconds: 3_600_000)
        let predictions = try DemoPredictions.record(into: store, registry: try await service.registry(), policy: loaded, clock: clock)
        written += predictions.batches
        let integrity = try store.verify()
        let rules = try RulesVerification.check(store)
        let state = try await service.registry()
        if output.json {
            var object: JSONObject = ["db": .string(ledger.path), "entries": .int(written), "models": .int(state.models.count)]
            object["verify"] = .object(["ok": .bool(integrity.isValid), "treeSize": .int(integrity.entriesChecked), "rootHash": .string(integrity.rootHash.hex)])
            object["rules"] = .object(RulesVerification.json(rules))
            object["registry"] = .array(state.modelsInOrder.map { .object(GovernanceOutput.modelJSON($0)) })
            object["predictions"] = .object(["records": .int(predictions.records), "batches": .int(predictions.batches), "example": .string(predictions.example)])
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
            Output.line("Predictions: \(predictions.records) recorded in \(predictions.batches) batch entries; look one up with govledger lineage show \(predictions.example)")
            Output.line("Next: govledger history fraud-detection-engine · govledger registry --all · govledger features · govledger verify --rules")
        }
        if !integrity.isValid || !rules.isValid {
            throw CommandFailure(message: "the demo ledger does not verify", exitCode: 1, alreadyReported: true)
        }
        if serve {
            // The demo's signing key, kept beside the ledger (and reused on a rerun) so that the
            // tour's checkpoint, proof and audit-pack commands can sign and check with it.
            let keyPath = ledger.path + ".key"
            let signer: NoteSigner
            if FileManager.default.fileExists(atPath: keyPath) {
                signer = try KeyInput.signer(path: keyPath)
            } else {
                signer = try NoteSigner(name: "demo.govledger.local", privateKey: Ed25519PrivateKey.generate())
                guard FileManager.default.createFile(atPath: keyPath, contents: Data((signer.signerKey + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw CommandFailure.usage("Cannot write the demo's key '\(keyPath)': check that the folder is writable.")
                }
                _ = FileManager.default.createFile(atPath: keyPath + ".pub", contents: Data((signer.verifier.verifierKey + "\n").utf8))
            }
            let (checkpoint, _) = try store.signCheckpoint(with: signer)
            let compliance = try store.createToken(principal: Principal("amara.nwosu@bank.example")!, role: "compliance-officer", expires: nil)
            let member = try store.createToken(principal: Principal("tomas.herrera@bank.example")!, role: "board-member", expires: nil)
            Output.line("")
            Output.line("Signed checkpoint of size \(checkpoint.size) with \(keyPath) (verifier key in \(keyPath).pub: \(signer.verifier.verifierKey))")
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

/// The demo's prediction lineage: records of the production models' current versions, each
/// reading its version's feature set, ingested in small batches.
enum DemoPredictions {
    /// The models that get predictions, with the prefix of their ids and whether they name a subject.
    static let models: [(slug: String, prefix: String, subjects: Bool, count: Int)] = [
        ("fraud-detection-engine", "txn-2025-06-17-", true, 24),
        ("customer-churn-predictor", "churn-2025-06-17-", true, 12),
        ("demand-forecaster", "demand-2025-06-17-", false, 6),
    ]

    /// Ingests the records; the example id is the fraud model's first prediction.
    static func record(into store: SQLiteEventStore, registry: RegistryState, policy: Policy, clock: ScriptedClock) throws -> (records: Int, batches: Int, example: String) {
        let now = clock.now
        let checks = LineageChecks(clock: clock.ledgerClock, validator: RegistryLineageValidator(registry: registry))
        var records = 0
        var batches = 0
        var example = ""
        for (index, spec) in models.enumerated() {
            guard let slug = ModelSlug(rawValue: spec.slug), let model = registry.models[slug], let version = model.productionVersion else { continue }
            let featureSet = version.lineage.featureSetVersion ?? "unspecified"
            var input = LineageInput()
            for n in 1...spec.count {
                let id = spec.prefix + String(format: "%06d", n)
                let time = now.adding(milliseconds: -Int64(spec.count - n + 1) * 45_000 - Int64(index) * 1_000)
                let output: PredictionRecord.Output = switch spec.slug {
                case "fraud-detection-engine":
                    n % 6 == 0
                        ? PredictionRecord.Output(score: 0.91, label: "deny", reasonCodes: ["R01", "R17"])
                        : PredictionRecord.Output(score: Double(n % 5) / 20 + 0.02, label: "allow")
                case "customer-churn-predictor": PredictionRecord.Output(score: Double(n % 10) / 10 + 0.05, label: n % 3 == 0 ? "at_risk" : "stable")
                default: PredictionRecord.Output(score: Double(100 + n * 7))
                }
                let record = try PredictionRecord(
                    predictionId: PredictionID(rawValue: id)!, model: spec.slug, version: version.version.description, featureSet: featureSet,
                    inputSHA256: SHA256.hash(Array("demo input \(id)".utf8)), output: output, time: time,
                    subject: spec.subjects ? SubjectKey(rawValue: "cust-" + String(format: "%04d", (n * 37 + index * 11) % 1000)) : nil)
                input.records.append(LineageInputRecord(line: n, record: record))
                if example.isEmpty { example = id }
            }
            let entries: [Entry]
            do {
                entries = try store.ingestLineage(input, checks: checks, batchSize: 8, actor: Principal(rawValue: "scoring-service@bank.example")!, retention: policy.retention(for: model.tier))
            } catch let rejection as LineageRejection {
                throw LedgerError(.internalFailure, "the demo's predictions of \(slug) were refused: \(rejection.problems.map(\.description).joined(separator: "; "))")
            }
            records += spec.count
            batches += entries.count
        }
        return (records, batches, example)
    }
}
