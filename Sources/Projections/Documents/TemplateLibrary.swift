public import Foundation
import LedgerCore
import Mustache

/// The Mustache templates of `projections/`, read at run time so that an organisation can restyle
/// its cards and reports without rebuilding the tool.
///
/// The directory is, in order: the one given, `$GOVLEDGER_TEMPLATES`, `./projections`, and
/// `projections/` beside or above the executable (a build in `.build/release/` finds the
/// repository's copy).
public struct TemplateLibrary: Sendable {
    /// The directory the templates were read from.
    public let directory: String
    private let library: MustacheLibrary

    /// The formats a document renders to.
    public enum Format: String, Sendable, CaseIterable {
        case markdown = "md"
        case html
    }

    /// Loads the templates.
    ///
    /// - Throws: ``LedgerError`` `.malformedInput` when no directory holds them or one fails to parse.
    public init(directory given: String? = nil) async throws {
        guard let directory = Self.locate(given) else {
            throw LedgerError(.malformedInput, "The templates directory was not found\(given.map { " at \($0)" } ?? ""); pass --templates DIR or set GOVLEDGER_TEMPLATES to the repository's projections/ directory.")
        }
        do {
            library = try await MustacheLibrary(directory: directory)
        } catch {
            throw LedgerError(.malformedInput, "A template in \(directory) does not parse: \(error); fix it or remove it.")
        }
        self.directory = directory
    }

    static func locate(_ given: String?) -> String? {
        let manager = FileManager.default
        func holdsTemplates(_ path: String) -> Bool { manager.fileExists(atPath: path + "/model-card.md.mustache") }
        if let given { return holdsTemplates(given) ? given : nil }
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["GOVLEDGER_TEMPLATES"], !env.isEmpty { candidates.append(env) }
        candidates.append(manager.currentDirectoryPath + "/projections")
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(directory.appendingPathComponent("projections").path)
            candidates.append(directory.appendingPathComponent("share/govledger/projections").path)
            directory = directory.deletingLastPathComponent()
        }
        return candidates.first(where: holdsTemplates)
    }

    /// Renders `document` with the template `<name>.<format>` (such as `model-card.html`).
    public func render(_ document: Document, template name: String, format: Format) throws -> String {
        let template = "\(name).\(format.rawValue)"
        guard let text = library.render(document.context, withTemplate: template) else {
            throw LedgerError(.malformedInput, "The template \(template).mustache is missing from \(directory); restore it from the repository's projections/ directory.")
        }
        return text
    }
}
