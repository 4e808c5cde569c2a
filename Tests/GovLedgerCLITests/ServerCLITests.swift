import Foundation
import LedgerCore
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

struct ServerCLITests {
    func withPolicy() throws -> CLIHarness {
        let cli = try CLIHarness()
        #expect(try cli.run("init").status == 0)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let adopted = try cli.run("policy", "adopt", root.appendingPathComponent("compliance/policy.yaml").path, "--actor", "admin@bank.example")
        #expect(adopted.status == 0, "\(adopted.stderr)")
        return cli
    }

    @Test func tokensCreatePrintsATokenOnceAndKeepsItOutOfTheLog() throws {
        let cli = try withPolicy()
        let created = try cli.run("tokens", "create", "--principal", "ci@bank.example", "--role", "ml-engineer", "--expires", "30", "--json")
        #expect(created.status == 0, "\(created.stderr)")
        let json = try JSONValue.parse(created.stdout.trimmingCharacters(in: .newlines))
        let token = try #require(json["token"]?.stringValue)
        #expect(token.hasPrefix("glt_") && token.count == 68)
        #expect(json["role"]?.stringValue == "ml-engineer")
        let export = try cli.run("export")
        #expect(export.status == 0)
        #expect(!export.stdout.contains(token))
        #expect(!export.stdout.contains("glt_"))
    }

    @Test func tokensCreateRefusesAnUnknownRole() throws {
        let cli = try withPolicy()
        let refused = try cli.run("tokens", "create", "--principal", "ci@bank.example", "--role", "superuser")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("not a server role"))
    }

    @Test func servePrintsItsAddressAnswersAndStopsOnSIGTERM() async throws {
        let cli = try withPolicy()
        let (process, out, _) = try cli.start(["serve", "--port", "0"])
        defer { if process.isRunning { process.terminate() } }
        // Read standard output until the address line arrives (it is flushed at once).
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("govledger serving"), Date() < deadline {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        let line = try #require(text.split(separator: "\n").first { $0.contains("govledger serving") })
        let address = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") })
        let url = try #require(URL(string: String(address) + "openapi.json"))
        let (body, response) = try await URLSession.shared.data(from: url)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("\"openapi\""))
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func serveRefusesAnUnreadableOrEmptyWebhookSecret() throws {
        let cli = try withPolicy()
        let missing = try cli.run("serve", "--port", "0", "--mlflow-webhook-secret-file", cli.folder.appendingPathComponent("absent").path)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read"))
        let empty = cli.folder.appendingPathComponent("empty-secret")
        try Data("\n".utf8).write(to: empty)
        let refused = try cli.run("serve", "--port", "0", "--mlflow-webhook-secret-file", empty.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("secret is empty"))
    }

    @Test func serveReadsTheWebhookSecretFromItsFile() async throws {
        let cli = try withPolicy()
        let secretFile = cli.folder.appendingPathComponent("secret")
        try Data("s3cret\n".utf8).write(to: secretFile)
        let (process, out, _) = try cli.start(["serve", "--port", "0", "--mlflow-webhook-secret-file", secretFile.path])
        defer { if process.isRunning { process.terminate() } }
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("govledger serving"), Date() < deadline {
            let data = out.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        let line = try #require(text.split(separator: "\n").first { $0.contains("govledger serving") })
        let address = try #require(line.split(separator: " ").first { $0.hasPrefix("http://") })
        // A delivery signed with the file's secret (without its line break) is mirrored
        let body = #"{"entity": "registered_model", "action": "created", "timestamp": "now", "data": {"name": "churn-model", "tags": {"govledger.tier": "4"}}}"#
        let stamp = String(Int(Date().timeIntervalSince1970))
        let signature = "v1," + Base64.encode(HMACSHA256.authenticate(Array("d-1.\(stamp).\(body)".utf8), key: Array("s3cret".utf8)))
        var request = URLRequest(url: try #require(URL(string: String(address) + "integrations/mlflow/webhook")))
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        request.setValue("d-1", forHTTPHeaderField: "X-MLflow-Delivery-Id")
        request.setValue(stamp, forHTTPHeaderField: "X-MLflow-Timestamp")
        request.setValue(signature, forHTTPHeaderField: "X-MLflow-Signature")
        let (_, response) = try await URLSession.shared.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        process.terminate()
        process.waitUntilExit()
        let history = try cli.run("history", "churn-model", "--json")
        #expect(history.status == 0, "\(history.stderr)")
        #expect(history.stdout.contains("\"actor\":\"mlflow-webhook\""))
    }
}
