import LedgerCore

/// A review board that votes on promotions: its name, size and quorum.
///
/// Seed, Tier 1: "ML Review Board (5 members)"; "Quorum: 4 of 5 members required for decision";
/// seats CTO, Head of Data Science, Head of ML Engineering, Head of Risk, External Advisor.
public struct BoardPolicy: Hashable, Sendable {
    /// The board's name, used in its stream `board/<name>`.
    public let name: BoardName
    /// The number of members the board has when complete.
    public let size: Int
    /// The number of members whose votes a decision needs; 1 ≤ quorum ≤ size.
    public let quorum: Int
    /// The seats, for people; empty, or exactly ``size`` entries.
    public let seats: [String]

    /// Reads `{name, size, quorum, seats?}`.
    init?(decoding node: PolicyNode) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let name = fields.required("name") { $0.identifier(BoardName.self, what: "board name") }
        let size = fields.required("size") { $0.int(in: 1...1_000) }
        let quorum = fields.required("quorum") { $0.int(in: 1...1_000) }
        let seats = fields.optional("seats") { $0.uniqueList { $0.string() } } ?? []
        guard let name, let size, let quorum else { return nil }
        var valid = true
        if quorum > size {
            fields.node(of: "quorum").report("\(quorum) exceeds board size \(size); lower the quorum or enlarge the board")
            valid = false
        }
        if !seats.isEmpty, seats.count != size {
            fields.node(of: "seats").report("\(seats.count) seats for a board of size \(size); list one seat per member or none")
            valid = false
        }
        guard valid else { return nil }
        self.name = name
        self.size = size
        self.quorum = quorum
        self.seats = seats
    }

    /// The canonical form, mirroring the YAML keys.
    var canonicalJSON: JSONValue {
        .object([
            "name": .string(name.rawValue),
            "size": .number(Double(size)),
            "quorum": .number(Double(quorum)),
            "seats": .array(seats.map { .string($0) }),
        ])
    }
}
