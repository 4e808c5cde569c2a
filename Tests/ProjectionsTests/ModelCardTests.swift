import Foundation
import Governance
import LedgerCore
import LedgerTestSupport
import Projections
import Testing

/// Model cards cite their entries, flag what the policy requires, and export as Model Card
/// Toolkit JSON that its schema accepts.
struct ModelCardTests {
    func card(_ slug: String, now: String) async throws -> (ModelCardBuilder, [Entry]) {
        let store = try await ProjectionFixtures.demo()
        let entries = await store.allEntries
        let state = try ProjectionFixtures.fold(entries)
        let dossier = try #require(state.models[slug])
        return (ModelCardBuilder(dossier: dossier, policy: try ProjectionFixtures.policy(), now: ProjectionFixtures.time(now), position: state.position), entries)
    }

    @Test func everyCitationNamesAnEntryOfTheModelOrItsBoard() async throws {
        let (builder, entries) = try await card("fraud-detection-engine", now: "2025-06-01")
        let document = builder.build()
        let cited = document.sections.flatMap { $0.statements.flatMap(\.sources) }
        #expect(cited.count > 20)
        for seq in cited {
            let stream = entries[seq].header.stream.rawValue
            #expect(stream == "model/fraud-detection-engine", "seq \(seq) is on \(stream)")
        }
        let bias = try #require(document.sections.first { $0.id == "quantitative-analyses" }?.statements.first)
        #expect(entries[bias.sources[0]].header.type.rawValue == "bias.test.recorded")
        #expect(bias.text.contains("gender"))
    }

    @Test func aCompleteRecentlyReviewedCardHasNoFlags() async throws {
        let (builder, _) = try await card("fraud-detection-engine", now: "2025-06-01")
        #expect(builder.missingSections.isEmpty)
        #expect(!builder.isOverdue)
        #expect(builder.build().flags.isEmpty)
        #expect(builder.build().sections.first { $0.id == "limitations" }?.statements.first?.text.hasPrefix("Trained on domestic traffic") == true)
    }

    @Test func aCardIsFlaggedOverdueAfterTheTierCadenceAndForMissingSections() async throws {
        let (fraud, _) = try await card("fraud-detection-engine", now: "2025-09-01")
        #expect(fraud.isOverdue)
        #expect(fraud.build().flags.count == 1 && fraud.build().flags[0].contains("every 3mo"))

        let (credit, _) = try await card("credit-scoring-model", now: "2025-06-01")
        #expect(Set(credit.missingSections) == Set(ModelCardSection.comprehensive))
        #expect(credit.build().flags.contains { $0.contains("Required sections not written") })
        let (lightweight, _) = try await card("sentiment-analyzer", now: "2030-01-01")
        #expect(lightweight.reviewDue == nil && !lightweight.isOverdue)
    }

    @Test func theToolkitExportValidatesAgainstTheSchema() async throws {
        let schema = try JSONValue.parse(Array(try Data(contentsOf: ProjectionFixtures.repositoryRoot
            .appendingPathComponent("Tests/ProjectionsTests/Fixtures/model-card-toolkit-v0.0.2.json"))))
        for slug in ["fraud-detection-engine", "credit-scoring-model", "image-classifier-v2"] {
            let (builder, _) = try await card(slug, now: "2025-06-01")
            let exported = JSONValue.object(builder.toolkitJSON())
            let problems = SchemaCheck(schema: schema).problems(in: exported)
            #expect(problems.isEmpty, "\(slug): \(problems)")
            #expect(exported["schema_version"]?.stringValue == "0.0.2")
        }
        let (fraud, _) = try await card("fraud-detection-engine", now: "2025-06-01")
        let metrics = fraud.toolkitJSON()["quantitative_analysis"]?["performance_metrics"]
        guard case .array(let list)? = metrics else { Issue.record("no performance metrics"); return }
        #expect(list.contains { $0["type"]?.stringValue == "disparate_impact_ratio" && $0["slice"]?.stringValue?.hasPrefix("gender") == true })
    }

    @Test func theSchemaCheckCatchesWhatTheSchemaForbids() throws {
        let schema = try JSONValue.parse(Array(try Data(contentsOf: ProjectionFixtures.repositoryRoot
            .appendingPathComponent("Tests/ProjectionsTests/Fixtures/model-card-toolkit-v0.0.2.json"))))
        let check = SchemaCheck(schema: schema)
        #expect(!check.problems(in: ["extra": "x"]).isEmpty)
        #expect(!check.problems(in: ["quantitative_analysis": ["performance_metrics": [["type": "auc", "value": "0.9"]]]]).isEmpty)
        #expect(!check.problems(in: ["model_details": ["version": ["date": "June 2025"]]]).isEmpty)
        #expect(!check.problems(in: ["model_details": ["licenses": [["url": "x"]]]]).isEmpty)
        #expect(check.problems(in: ["model_details": ["licenses": [["identifier": "Apache-2.0"]]]]).isEmpty)
    }

    @Test func cardsRenderFromTheTemplatesAndEscapeHTML() async throws {
        let store = try await ProjectionFixtures.demo()
        let slug = ModelSlug(displayName: "Credit Scoring Model")!
        let service = GovernanceService(store: store, clock: LedgerClock.fixed(ProjectionFixtures.time("2025-07-01T10:00:00.000Z")))
        try await service.execute(.setCardSection(model: slug, section: .limitations, text: "Scores <script>alert(1)</script> & more", version: nil), by: Principal("hannah.berg@bank.example")!)
        let state = try ProjectionFixtures.fold(await store.allEntries)
        let builder = ModelCardBuilder(dossier: state.models[slug.rawValue]!, policy: try ProjectionFixtures.policy(), now: ProjectionFixtures.time("2025-07-02"), position: state.position)
        let library = try TemplateLibrary(directory: ProjectionFixtures.templates)
        let html = try library.render(builder.build(), template: "model-card", format: .html)
        #expect(html.contains("<h1>Model card: Credit Scoring Model</h1>"))
        #expect(html.contains("Scores &lt;script&gt;alert(1)&lt;/script&gt; &amp; more"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("id=\"quantitative-analyses\""))
        let markdown = try library.render(builder.build(), template: "model-card", format: .markdown)
        #expect(markdown.hasPrefix("# Model card: Credit Scoring Model"))
        #expect(markdown.contains("- Scores <script>alert(1)</script> & more _(seq \(state.position - 1))_"))
        #expect(markdown.contains("## Known limitations"))
    }

    @Test func aMissingTemplatesDirectoryIsAUsageError() async throws {
        do {
            _ = try TemplateLibrary(directory: "/nonexistent/templates")
            Issue.record("expected an error")
        } catch let error as LedgerError {
            #expect(error.isUsageError)
            #expect(error.message.contains("GOVLEDGER_TEMPLATES"))
        }
    }
}

/// Checks a JSON value against the subset of JSON Schema the fixture uses: type, properties,
/// additionalProperties, items, $ref to a definition, formats date and uri, and oneOfRequired.
struct SchemaCheck {
    let schema: JSONValue

    func problems(in value: JSONValue) -> [String] {
        var out: [String] = []
        check(value, against: schema, path: "$", into: &out)
        return out
    }

    private func resolve(_ node: JSONValue) -> JSONValue {
        if let ref = node["$ref"]?.stringValue, let target = schema["definitions"]?[ref] { return target }
        return node
    }

    private func check(_ value: JSONValue, against node: JSONValue, path: String, into out: inout [String]) {
        let node = resolve(node)
        switch (node["type"]?.stringValue, value) {
        case ("object"?, .object(let object)):
            let properties = node["properties"]
            for key in object.keys {
                if let property = properties?[key] {
                    check(object[key]!, against: property, path: path + "." + key, into: &out)
                } else if node["additionalProperties"] == .bool(false) {
                    out.append("\(path): unexpected key \(key)")
                }
            }
            if case .array(let required)? = node["oneOfRequired"] {
                let present = required.compactMap(\.stringValue).filter { object[$0] != nil }
                if present.count != 1 { out.append("\(path): needs exactly one of \(required)") }
            }
        case ("array"?, .array(let items)):
            if let itemSchema = node["items"] {
                for (index, item) in items.enumerated() { check(item, against: itemSchema, path: "\(path)[\(index)]", into: &out) }
            }
        case ("string"?, .string(let text)):
            switch node["format"]?.stringValue {
            case "date"?:
                if !(text.count == 10 && Timestamp(dateOrTimestamp: text) != nil) { out.append("\(path): not a date: \(text)") }
            case "uri"?:
                if URL(string: text)?.scheme == nil { out.append("\(path): not a URI: \(text)") }
            default: break
            }
        case ("number"?, .number):
            break
        case (let type?, _):
            out.append("\(path): expected \(type), found \(value)")
        case (nil, _):
            break
        }
    }
}
