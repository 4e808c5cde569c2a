import Foundation
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

    /// Loads every `*.mustache` file under the directory, named by its path without the
    /// extension (`model-card.html`, `dashboard/registry.html`).
    ///
    /// - Throws: ``LedgerError`` `.malformedInput` when no directory holds them or one fails to parse.
    public init(directory given: String? = nil) throws {
        guard let directory = Self.locate(given) else {
            throw LedgerError(.malformedInput, "The templates directory was not found\(given.map { " at \($0)" } ?? ""); pass --templates DIR or set GOVLEDGER_TEMPLATES to the repository's projections/ directory.")
        }
        var library = MustacheLibrary()
        let base = URL(fileURLWithPath: directory)
        let files = FileManager.default.enumerator(atPath: directory)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".mustache") }.sorted() ?? []
        for path in files {
            guard let data = FileManager.default.contents(atPath: base.appendingPathComponent(path).path) else { continue }
            do {
                try library.register(String(decoding: data, as: UTF8.self), named: String(path.dropLast(".mustache".count)))
            } catch {
                throw LedgerError(.malformedInput, "The template \(directory)/\(path) does not parse (\(error)); fix it or restore it from the repository.")
            }
        }
        self.library = library
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
        try render(document.context, template: "\(name).\(format.rawValue)")
    }

    /// Renders a context of dictionaries, arrays, strings and numbers with the template `name`.
    public func render(_ context: [String: Any], template name: String) throws -> String {
        guard let text = library.render(context, withTemplate: name) else {
            throw LedgerError(.malformedInput, "The template \(name).mustache is missing from \(directory); restore it from the repository's projections/ directory.")
        }
        return text
    }
}
