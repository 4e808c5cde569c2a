/// Decoding of the whole document and the checks that span sections.
extension Policy {
    /// Reads the document root; every problem goes to the node's context.
    ///
    /// Sections that others refer to are read first (roles, validation suites), so that a
    /// reference to an undefined suite or role is reported where it is written.
    static func decode(_ root: PolicyNode) -> Policy? {
        guard let fields = root.fields() else { return nil }
        defer { fields.finish() }
        let name = fields.required("name") { $0.identifier(PolicyName.self, what: "policy name") }
        let version = fields.required("version") { node -> String? in
            guard let text = node.string() else { return nil }
            let allowed = text.utf8.count <= 64 && text.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic && $0.isASCII || ("0"..."9").contains($0) || ".-_+".unicodeScalars.contains($0)
            }
            guard allowed else {
                node.report("'\(text.prefix(60))' is not a valid version label; use up to 64 letters, digits, '.', '-', '_' or '+', such as \"1.0.0\"")
                return nil
            }
            return text
        }
        let roles = fields.required("roles") { decodeRoles($0) }
        root.context.roles = roles.map { Set($0.keys) }
        let suites = fields.required("validation") { node -> [SuiteName: ValidationSuite]? in
            guard let fields = node.fields() else { return nil }
            defer { fields.finish() }
            return fields.required("suites") { decodeSuites($0) }
        }
        root.context.suites = suites.map { Set($0.keys) }
        let lifecycle = fields.required("lifecycle") { LifecyclePolicy(decoding: $0) }
        let tiers = fields.required("tiers") { decodeTiers($0) }
        let promotion = fields.required("promotion") { PromotionPolicy(decoding: $0) }
        let deprecation = fields.required("deprecation") { DeprecationPolicy(decoding: $0) }
        let retraining = fields.required("retraining") { RetrainingPolicy(decoding: $0) }
        let deployment = fields.required("deployment") { DeploymentPolicy(decoding: $0) }
        let retention = fields.required("retention") { RetentionPolicy(decoding: $0) }
        let regulatory = fields.required("regulatory") { decodeRegulatory($0, tiers: tiers) }
        let mlflow = fields.optional("mlflow") { MLflowPolicy(decoding: $0, stagesDefined: lifecycle.map { Set($0.stages) }) }
        let features = fields.optional("features") { FeaturePolicy(decoding: $0) }
        if let tiers, let retention {
            checkSharedRetention(retention, tiers: tiers, at: fields.node(of: "retention"))
        }
        guard let name, let version, let roles, let suites, let lifecycle, let tiers, let promotion, let deprecation,
            let retraining, let deployment, let retention, let regulatory
        else { return nil }
        return Policy(
            name: name, version: version, roles: roles, tiers: tiers, promotion: promotion, lifecycle: lifecycle,
            deprecation: deprecation, suites: suites, retraining: retraining, deployment: deployment,
            retention: retention, regulatory: regulatory, mlflow: mlflow, features: features)
    }

    private static func decodeRoles(_ node: PolicyNode) -> [RoleName: String]? {
        guard let entries = node.entries() else { return nil }
        var roles: [RoleName: String] = [:]
        var failed = false
        for (key, child) in entries {
            guard let role = RoleName(rawValue: key) else {
                child.report("'\(key)' is not a valid role name; \(IdentifierSpelling.snakeCase.rule)")
                failed = true
                continue
            }
            if let description = child.string() { roles[role] = description } else { failed = true }
        }
        return failed ? nil : roles
    }

    private static func decodeSuites(_ node: PolicyNode) -> [SuiteName: ValidationSuite]? {
        guard let entries = node.entries() else { return nil }
        guard !entries.isEmpty else {
            node.report("define at least one validation suite")
            return nil
        }
        var suites: [SuiteName: ValidationSuite] = [:]
        var failed = false
        for (key, child) in entries {
            guard let name = SuiteName(rawValue: key) else {
                child.report("'\(key)' is not a valid suite name; \(IdentifierSpelling.snakeCase.rule)")
                failed = true
                continue
            }
            if let suite = ValidationSuite(name: name, decoding: child) { suites[name] = suite } else { failed = true }
        }
        return failed ? nil : suites
    }

    /// Reads the members keyed by tier number (`1:` or `"1":`), naming each `<path>[n]`.
    static func tierEntries(_ node: PolicyNode) -> [(tier: RiskTier, node: PolicyNode)]? {
        guard let entries = node.entries() else { return nil }
        var result: [(tier: RiskTier, node: PolicyNode)] = []
        var failed = false
        for (key, child) in entries {
            guard let tier = RiskTier(key) else {
                child.report("'\(key.prefix(40))' is not a tier number; number tiers 1 to \(RiskTier.maximum)")
                failed = true
                continue
            }
            let located = child.child(child.node, at: node.path.index(tier.rawValue))
            if result.contains(where: { $0.tier == tier }) {
                located.report("tier \(tier) is defined twice; define each tier once")
                failed = true
                continue
            }
            result.append((tier, located))
        }
        return failed ? nil : result
    }

    private static func decodeTiers(_ node: PolicyNode) -> [TierPolicy]? {
        guard let entries = tierEntries(node) else { return nil }
        let numbers = Set(entries.map(\.tier.rawValue))
        guard let highest = numbers.max() else {
            node.report("define at least one tier, numbered from 1")
            return nil
        }
        let missing = (1...highest).filter { !numbers.contains($0) }
        if !missing.isEmpty {
            node.report("tier\(missing.count == 1 ? "" : "s") \(missing.map(String.init).joined(separator: ", ")) missing; number tiers 1 to \(highest) without gaps")
        }
        var tiers: [TierPolicy] = []
        var failed = !missing.isEmpty
        for (tier, child) in entries {
            if let policy = TierPolicy(tier: tier, decoding: child) { tiers.append(policy) } else { failed = true }
        }
        guard !failed else { return nil }
        tiers.sort { $0.tier < $1.tier }
        return checkBoards(tiers, at: node) ? tiers : nil
    }
}
