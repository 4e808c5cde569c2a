import Governance
import LedgerCore
import Testing

/// The adoption entry carries the policy and its digest on the policy's stream.
struct PolicyAdoptionTests {
    @Test func draftHasStreamTypeRetentionAndPayload() throws {
        // Given the shipped policy and an adopting officer
        let policy = try PolicyFixtures.shippedPolicy()
        let actor = try #require(Principal("cco@bank.example"))

        // When the adoption is drafted
        let draft = PolicyAdoption.draft(policy: policy, actor: actor)

        // Then it is a policy.adopted entry on policy/<name>, kept for the longest class
        #expect(draft.stream.rawValue == "policy/enterprise-default")
        #expect(draft.type.rawValue == "policy.adopted")
        #expect(draft.actor == actor)
        #expect(draft.retention.rawValue == "7y")
        #expect(draft.expectedVersion == nil)
        #expect(draft.payload.keys == ["digest", "name", "policy", "version"])
        #expect(draft.payload["name"] == .string("enterprise-default"))
        #expect(draft.payload["version"] == .string("1.0.0"))
        #expect(draft.payload["digest"] == .string(policy.digest.hex))
        #expect(draft.payload["policy"] == policy.canonicalJSON)
    }

    @Test func payloadDigestCanBeRecomputedFromThePayload() throws {
        let policy = try PolicyFixtures.shippedPolicy()
        let draft = PolicyAdoption.draft(policy: policy, actor: try #require(Principal("cco@bank.example")), expectedVersion: 0)
        let embedded = try #require(draft.payload["policy"])
        #expect(SHA256.hash(embedded.canonicalBytes()).hex == draft.payload["digest"]?.stringValue)
        #expect(draft.expectedVersion == 0)
    }

    @Test func retentionIsTheLongestClassOfThePolicy() throws {
        // A policy whose tiers keep entries for at most 3 years but whose shared class is 10y.
        let yaml = try PolicyFixtures.shippedYAML(replacing: "  shared_entries_class: 7y", with: "  shared_entries_class: 10y")
        let policy = try PolicyLoader.load(yaml: yaml)
        #expect(PolicyAdoption.draft(policy: policy, actor: try #require(Principal("cco@bank.example"))).retention.rawValue == "10y")
    }
}
