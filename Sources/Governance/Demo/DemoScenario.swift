public import LedgerCore

/// The demo ledger: the seed's model inventory with three years of history, as scripted steps.
///
/// The twelve models of the seed's MODEL INVENTORY table keep their owners, frameworks, final
/// versions, stages and deployments. Their histories, from January 2022 to February 2025, show
/// what the rules do: the adoption of the default policy, the ML Review Board appointed with
/// member keys, role holders for sign-offs, versions registered with lineage, validations
/// (one failing on its latency threshold, recorded again after a fix), Tier 2 and 3 promotions
/// by sign-off, Tier 1 promotions by signed board votes (one approved 4–1 with a dissenting
/// opinion, one Credit Scoring promotion rejected), supersessions, an archive, a tier change and
/// a rollback of the Product Recommender.
///
/// Everything is fixed: times come from the script, member keys from ``memberKey(for:)``, so with
/// the same policy and a deterministic salt source two runs give the same root hash.
public enum DemoScenario {
    /// When the script starts.
    public static let start = Timestamp("2022-01-10T09:00:00.000Z")!

    /// The ML Review Board (seed, Tier 1 approval): members and seats.
    public static let boardMembers: [(principal: Principal, seat: String)] = [
        (Principal("priya.raman@bank.example")!, "CTO"),
        (Principal("marcus.oyelaran@bank.example")!, "Head of Data Science"),
        (Principal("elena.kowalski@bank.example")!, "Head of ML Engineering"),
        (Principal("tomas.herrera@bank.example")!, "Head of Risk"),
        (Principal("ingrid.solberg@advisory.example")!, "External Advisor"),
    ]

    /// The demo key of a board member: the Ed25519 private key whose 32-byte seed is
    /// SHA-256 of the UTF-8 bytes of `"govledger demo member key v1\n" + principal`.
    ///
    /// - Warning: public by design, for the demo only; real members generate their own keys
    ///   (`govledger keys generate-member`).
    public static func memberKey(for member: Principal) throws(LedgerError) -> Ed25519PrivateKey {
        try Ed25519PrivateKey(rawRepresentation: SHA256.hash(Array("govledger demo member key v1\n\(member.rawValue)".utf8)).bytes)
    }

    /// The scenario's steps under `policy` (the shipped `compliance/policy.yaml`: the scenario
    /// relies on its board, roles and suites).
    public static func steps(policy: Policy) throws(LedgerError) -> [DemoStep] {
        guard policy.tier(RiskTier(rawValue: 1)!)?.approval.board != nil, policy.tiers.count >= 4 else {
            throw LedgerError(.invalidField, "the demo needs a policy with four tiers and a Tier 1 review board, such as compliance/policy.yaml")
        }
        var script = ScenarioBuilder(policy: policy)
        try Story.write(into: &script)
        return script.steps
    }
}
