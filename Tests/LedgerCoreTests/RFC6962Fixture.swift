import LedgerCore

/// `Fixtures/merkle-rfc6962.json`: the RFC 6962 test tree of 8 leaves and a real CT log vector.
struct RFC6962Fixture: Decodable {
    struct Root: Decodable { var size: Int; var root: String }
    struct Inclusion: Decodable { var index: Int; var size: Int; var proof: [String]; var published: Bool }
    struct Consistency: Decodable { var oldSize: Int; var newSize: Int; var proof: [String]; var published: Bool }
    struct Hasher: Decodable { var emptyLeaf: String; var leafL123456: String; var nodeN123N456: String }
    struct RealLog: Decodable {
        var leafInput: String
        var leafHash: String
        var index: Int
        var size: Int
        var root: String
        var inclusion: [String]
        var oldSize: Int
        var oldRoot: String
        var consistency: [String]
    }

    var emptyRoot: String
    var leafInputs: [String]
    var leafHashes: [String]
    var levels: [[String]]
    var roots: [Root]
    var inclusion: [Inclusion]
    var consistency: [Consistency]
    var hasher: Hasher
    var realLog: RealLog

    static func load() throws -> RFC6962Fixture { try Fixture.load("merkle-rfc6962") }

    var tree: InMemoryMerkleTree { InMemoryMerkleTree(leafHashes: leafHashes.map(Fixture.digest)) }
}
