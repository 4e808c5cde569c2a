/// A document rendered from the log (a model card, an audit report): titled sections of
/// statements, each statement citing the seqs of the entries it comes from, so that a reader can
/// check any sentence against the log (`govledger log --from SEQ --limit 1`, or the entries of an
/// audit pack).
public struct Document: Hashable, Sendable {
    public var title: String
    public var subtitle: String
    /// Facts shown in the document's head, such as the tier or the period.
    public var facts: [Fact]
    /// Warnings shown at the top (an overdue review, missing required sections).
    public var flags: [String]
    public var sections: [Section]
    /// The log position the document was built from (the number of entries read).
    public var position: Int
    public var generated: String

    public struct Fact: Hashable, Sendable {
        public var label: String
        public var value: String
        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    public struct Section: Hashable, Sendable {
        public var id: String
        public var title: String
        public var statements: [Statement]
        /// A remark shown when the section has no statement, such as "Not written yet".
        public var empty: String
        public init(id: String, title: String, statements: [Statement], empty: String = "Nothing is recorded.") {
            self.id = id
            self.title = title
            self.statements = statements
            self.empty = empty
        }
    }

    public struct Statement: Hashable, Sendable {
        public var text: String
        public var sources: [Int]
        public init(_ text: String, sources: [Int] = []) {
            self.text = text
            self.sources = sources
        }
    }

    /// The document as a template context: plain dictionaries and arrays.
    public var context: [String: Any] {
        [
            "title": title, "subtitle": subtitle, "position": position, "generated": generated,
            "facts": facts.map { ["label": $0.label, "value": $0.value] },
            "hasFlags": !flags.isEmpty, "flags": flags,
            "sections": sections.map { section -> [String: Any] in
                [
                    "id": section.id, "title": section.title, "empty": section.empty, "isEmpty": section.statements.isEmpty,
                    "statements": section.statements.map { statement -> [String: Any] in
                        let lines = statement.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                        return [
                            "text": statement.text, "lines": lines, "hasSources": !statement.sources.isEmpty,
                            "sources": statement.sources.map { ["seq": $0] },
                            "citation": statement.sources.isEmpty ? "" : "seq " + statement.sources.map(String.init).joined(separator: ", "),
                        ]
                    },
                ]
            },
        ]
    }
}
