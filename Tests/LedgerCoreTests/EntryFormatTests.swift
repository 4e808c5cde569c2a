import Foundation
import Testing
@testable import LedgerCore

/// The worked example of docs/format.md, computed independently by Tests/Scripts/format_example.py.
struct EntryFormatTests {
    struct Example: Decodable {
        struct Item: Decodable {
            let salt_hex: String
            let payload_jcs: String
            let payload_sha256: String
            let header_jcs: String
            let leaf_hash: String
            let export_line: String
        }
        let entries: [Item]
        let merkle_root_2: String
    }

    static func exampleDrafts() -> [(EntryDraft, String)] {
        let policy: JSONObject = [
            "name": "enterprise-default", "version": 1, "digest": .string(SHA256.hash(Array("policy".utf8)).hex),
            "tiers": [1, 2, 3, 4],
        ]
        let model: JSONObject = [
            "name": "fraud-detection-engine", "owner": "Risk Team", "framework": "XGBoost", "tier": 1,
            "office": "Zürich", "purpose": "Card fraud scoring", "approved": false, "notes": nil,
        ]
        return [
            (EntryDraft(stream: StreamName("policy/enterprise")!, type: EventType("policy.adopted")!,
                        actor: Principal("compliance@bank.example")!, payload: policy), "2025-01-15T09:30:00.000Z"),
            (EntryDraft(stream: StreamName("model/fraud-detection-engine")!, type: EventType("model.registered")!,
                        actor: Principal("alice@bank.example")!, payload: model), "2025-01-15T09:31:12.250Z"),
        ]
    }

    @Test func reproducesTheWorkedExampleByteForByte() throws {
        let example: Example = try Fixture.load("format-v1-example")
        var head = ChainHead.empty
        var tree = MerkleAccumulator()
        for (index, (draft, time)) in Self.exampleDrafts().enumerated() {
            let expected = example.entries[index]
            let salt = Fixture.hex(expected.salt_hex)
            let entries = try ChainBuilder.seal(
                [draft], after: head, streamVersion: { _ in 0 }, clock: .fixed(Timestamp(time)!),
                random: RandomSource { _ in salt })
            let entry = try #require(entries.first)
            #expect(String(decoding: entry.payload!.canonicalBytes, as: UTF8.self) == expected.payload_jcs)
            #expect(entry.header.payloadSHA256.hex == expected.payload_sha256)
            #expect(String(decoding: entry.headerBytes, as: UTF8.self) == expected.header_jcs)
            #expect(entry.leafHash.hex == expected.leaf_hash)
            #expect(String(decoding: entry.exportLine(), as: UTF8.self) == expected.export_line)
            // The generic JCS serializer agrees with the header's direct writer.
            #expect(entry.header.jsonValue.canonicalBytes() == entry.headerBytes)
            // The export line parses back to the same entry.
            #expect(try Entry(exportLine: entry.exportLine()) == entry)
            head = ChainHead(nextSeq: head.nextSeq + 1, leafHash: entry.leafHash, time: entry.header.time)
            tree.append(entry.leafHash)
        }
        #expect(tree.root.hex == example.merkle_root_2)
    }

    static let header = #"{"actor":"alice@bank.example","payloadSHA256":"5ed66b2a2a59cc5ae4b9bb16ab6e2c9ae6bd8bbd04aab4fb5b9e4fa42c224edd","prevSHA256":"768b71619013fd4acd6c94d6976dbe410b409f434a1ede2b821f73a6520d8abc","retention":"7y","seq":1,"stream":"model/fraud-detection-engine","streamVersion":1,"time":"2025-01-15T09:31:12.250Z","type":"model.registered","v":1}"#

    @Test func parsesCanonicalHeaders() throws {
        let header = try EntryHeader(canonicalBytes: Array(Self.header.utf8))
        #expect(header.seq == 1)
        #expect(header.stream.rawValue == "model/fraud-detection-engine")
        #expect(header.canonicalBytes() == Array(Self.header.utf8))
    }

    @Test(arguments: [
        ("whitespace", Self.header.replacingOccurrences(of: #""seq":1,"#, with: #""seq": 1,"#)),
        ("reordered keys", Self.header.replacingOccurrences(of: #""retention":"7y","#, with: "") .replacingOccurrences(of: #""v":1}"#, with: #""v":1,"retention":"7y"}"#)),
        ("uppercase hex", Self.header.replacingOccurrences(of: "5ed66b2a", with: "5ED66B2A")),
        ("leading zero", Self.header.replacingOccurrences(of: #""seq":1,"#, with: #""seq":01,"#)),
        ("escaped letter", Self.header.replacingOccurrences(of: "alice", with: #"\u0061lice"#)),
        ("exponent", Self.header.replacingOccurrences(of: #""seq":1,"#, with: #""seq":1e0,"#)),
        ("version 2", Self.header.replacingOccurrences(of: #""v":1}"#, with: #""v":2}"#)),
        ("bad time", Self.header.replacingOccurrences(of: "09:31:12.250Z", with: "09:31:12Z")),
        ("bad stream", Self.header.replacingOccurrences(of: "model/fraud", with: "Model/fraud")),
        ("extra member", Self.header.replacingOccurrences(of: #""v":1}"#, with: #""v":1,"x":1}"#)),
        ("trailing newline", Self.header + "\n"),
        ("stream version zero", Self.header.replacingOccurrences(of: #""streamVersion":1"#, with: #""streamVersion":0"#)),
    ])
    func rejectsNonCanonicalHeaders(_ name: String, _ text: String) {
        let error = #expect(throws: LedgerError.self, "\(name)") { try EntryHeader(canonicalBytes: Array(text.utf8)) }
        #expect(error?.code == .integrityFailure)
    }

    @Test(arguments: [
        ("2025-01-15T09:30:00.000Z", Int64(1_736_933_400_000)), ("1970-01-01T00:00:00.000Z", 0),
        ("2024-02-29T23:59:59.999Z", 1_709_251_199_999), ("1969-12-31T23:59:59.999Z", -1),
    ])
    func timestampsRoundTrip(_ text: String, _ millis: Int64) throws {
        let time = try #require(Timestamp(text))
        #expect(time.millisecondsSinceEpoch == millis)
        #expect(Timestamp(millisecondsSinceEpoch: millis).description == text)
    }

    @Test(arguments: ["2025-02-29T00:00:00.000Z", "2025-01-15T24:00:00.000Z", "2025-01-15T09:30:60.000Z",
                      "2025-01-15T09:30:00Z", "2025-01-15T09:30:00.000+00:00", "2025-1-15T09:30:00.000Z", ""])
    func timestampsRejectOtherSpellings(_ text: String) {
        #expect(Timestamp(text) == nil)
    }

    @Test func fieldRulesAcceptAndRefuse() {
        #expect(StreamName("model/fraud-detection-engine") != nil)
        #expect(StreamName("board/ml-review-board/2025.q1") != nil)
        for bad in ["", "Model", "model/", "/model", "model//x", "model x", "-model", String(repeating: "a", count: 201)] {
            #expect(StreamName(bad) == nil, "\(bad)")
        }
        #expect(EventType("model.version.transitioned") != nil)
        #expect(EventType("deployment.rolled_back") != nil)
        for bad in ["model", "Model.x", "model.", ".model", "model.1x", "model-x.y"] {
            #expect(EventType(bad) == nil, "\(bad)")
        }
        #expect(Principal("alice@bank.example") != nil)
        for bad in ["", " alice", "alice ", "al\nice", "al\u{85}ice"] {
            #expect(Principal(bad) == nil, "\(bad)")
        }
        #expect(RetentionClass("7y")?.count == 7)
        #expect(RetentionClass("25m")?.unit == .months)
        for bad in ["0y", "7", "y", "7w", "1000d", "07y"] {
            #expect(RetentionClass(bad) == nil, "\(bad)")
        }
    }
}
