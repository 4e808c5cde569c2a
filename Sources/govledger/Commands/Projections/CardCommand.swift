import ArgumentParser
import Foundation
import Governance
import LedgerCore
import LedgerStore
import Projections

struct CardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Model cards: show one rendered from the log, write a section, record a review.",
        discussion: """
            A card is built from the log (registration, lineage, validations, bias tests, approvals, monitoring) \
            plus the sections people write (modelcard.section.set). Every statement cites its entries. Sections: \
            \(ModelCardSection.allCases.map(\.rawValue).joined(separator: ", ")).
            """,
        subcommands: [Show.self, SetSection.self, Review.self],
        defaultSubcommand: Show.self)

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Render a model's card as Markdown, HTML or Model Card Toolkit JSON.")

        @OptionGroup var ledger: LedgerOptions
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
        @Option(help: ArgumentHelp("md (default), html, or json (Model Card Toolkit schema v0.0.2).", valueName: "format")) var format = "md"
        @Option(help: ArgumentHelp("Write to this file (refuses to overwrite) instead of standard output.", valueName: "file")) var out: String?
        @Option(help: ArgumentHelp("The templates directory. Default: $GOVLEDGER_TEMPLATES, ./projections, or the one beside the tool.", valueName: "dir")) var templates: String?

        func validate() throws {
            guard ["md", "html", "json"].contains(format) else { throw ValidationError("--format must be md, html or json, not '\(format)'.") }
        }

        func run() async throws {
            let (store, state) = try await ledger.projection()
            let dossier = try ProjectionSupport.dossier(model, in: state)
            let builder = ModelCardBuilder(
                dossier: dossier, policy: try await state.latestPolicy(in: store), now: LedgerClock.system.now(), position: state.position)
            if format == "json" {
                var bytes = JSONValue.object(builder.toolkitJSON()).canonicalBytes()
                bytes.append(0x0A)
                if let out { try ProjectionSupport.write(bytes, to: out) } else { Output.bytes(bytes) }
                return
            }
            let library = try TemplateLibrary(directory: templates)
            let text = try library.render(builder.build(), template: "model-card", format: format == "html" ? .html : .markdown)
            try ProjectionSupport.write(text, to: out)
        }
    }

    struct SetSection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Write one section of a model's card (modelcard.section.set).")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
        @Option(help: ArgumentHelp("The section: " + ModelCardSection.allCases.map(\.rawValue).joined(separator: ", ") + ".", valueName: "name")) var section: String
        @Option(help: ArgumentHelp("The section's text.", valueName: "text")) var text: String?
        @Option(help: ArgumentHelp("Read the text from this file ('-' for standard input).", valueName: "file")) var file: String?
        @Option(help: ArgumentHelp("The version the text is about, if only one.", valueName: "version")) var version: String?

        func validate() throws {
            guard ModelCardSection(rawValue: section) != nil else {
                throw ValidationError("--section must be one of " + ModelCardSection.allCases.map(\.rawValue).joined(separator: ", ") + ", not '\(section)'.")
            }
            guard (text == nil) != (file == nil) else { throw ValidationError("Give the section's text with exactly one of --text or --file.") }
        }

        func run() async throws {
            let body: String
            if let text {
                body = text
            } else if let file {
                let data = file == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: file)
                guard let data, let decoded = String(data: data, encoding: .utf8) else {
                    throw CommandFailure.usage("Cannot read '\(file)' as UTF-8 text: check the path and its encoding.")
                }
                body = decoded.trimmingCharacters(in: .newlines)
            } else {
                body = ""
            }
            guard ModelCardSectionSet.isValidText(body) else {
                throw CommandFailure.usage("The section text must not be blank and is at most \(ModelCardSectionSet.maximumLength) characters (it has \(body.count)).")
            }
            try await options.execute(.setCardSection(
                model: try GovernanceArguments.model(model), section: ModelCardSection(rawValue: section)!, text: body,
                version: try version.map(GovernanceArguments.version)))
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "review", abstract: "Record that a model's card was reviewed and is current (modelcard.reviewed).")

        @OptionGroup var options: GovernanceOptions
        @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
        @Option(help: ArgumentHelp("What the review found.", valueName: "text")) var note: String?

        func run() async throws {
            try await options.execute(.reviewCard(model: try GovernanceArguments.model(model), note: note))
        }
    }
}
