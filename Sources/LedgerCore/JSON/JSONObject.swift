/// A JSON object whose members are kept sorted in RFC 8785 order (UTF-16 code units of the keys).
///
/// Keys are compared by their exact code units, never by Swift's Unicode canonical equivalence,
/// so two keys that differ only in normalization stay two members.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection {
    /// One member of an object.
    public struct Member: Sendable, Hashable {
        public let key: String
        public let value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }

        public static func == (lhs: Member, rhs: Member) -> Bool {
            lhs.key.utf8.elementsEqual(rhs.key.utf8) && lhs.value == rhs.value
        }

        public func hash(into hasher: inout Hasher) {
            for byte in key.utf8 { hasher.combine(byte) }
            hasher.combine(value)
        }
    }

    /// The members in canonical order.
    public private(set) var members: [Member]

    /// An empty object.
    public init() {
        members = []
    }

    /// Builds an object from members that must have distinct keys.
    ///
    /// - Returns: `nil` naming nothing when two members share a key; see ``duplicateKey(in:)``.
    public init?(members unsorted: [Member]) {
        var sorted = unsorted
        sorted.sort { JCS.keyPrecedes($0.key, $1.key) }
        for index in sorted.indices.dropFirst() where sorted[index - 1].key.utf8.elementsEqual(sorted[index].key.utf8) {
            return nil
        }
        members = sorted
    }

    /// Builds an object; for a repeated key the last value wins (use only for values built in code).
    public init(uniquingKeysWith pairs: some Sequence<(String, JSONValue)>) {
        var result = JSONObject()
        for (key, value) in pairs { result[key] = value }
        self = result
    }

    /// The first key that occurs twice among `members`, if any.
    public static func duplicateKey(in members: [Member]) -> String? {
        let sorted = members.sorted { JCS.keyPrecedes($0.key, $1.key) }
        for index in sorted.indices.dropFirst() where sorted[index - 1].key.utf8.elementsEqual(sorted[index].key.utf8) {
            return sorted[index].key
        }
        return nil
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }

    /// The keys in canonical order.
    public var keys: [String] { members.map(\.key) }

    /// Looks a member up by its exact key; setting `nil` removes it.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let index = index(ofKey: key) else { return nil }
            return members[index].value
        }
        set {
            let position = insertionPoint(for: key)
            let exists = position < members.count && members[position].key.utf8.elementsEqual(key.utf8)
            switch (exists, newValue) {
            case (true, let value?): members[position] = Member(key: key, value: value)
            case (true, nil): members.remove(at: position)
            case (false, let value?): members.insert(Member(key: key, value: value), at: position)
            case (false, nil): break
            }
        }
    }

    private func index(ofKey key: String) -> Int? {
        let position = insertionPoint(for: key)
        guard position < members.count, members[position].key.utf8.elementsEqual(key.utf8) else { return nil }
        return position
    }

    private func insertionPoint(for key: String) -> Int {
        var low = 0
        var high = members.count
        while low < high {
            let mid = (low + high) / 2
            if JCS.keyPrecedes(members[mid].key, key) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Builds an object from a literal; a repeated key keeps its last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(uniquingKeysWith: elements)
    }
}
