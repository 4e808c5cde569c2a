/// Readers for names: identifiers, and references to suites and roles defined elsewhere.
extension PolicyNode {
    /// A name of kind `T`; `what` names the kind in the message.
    func identifier<T: PolicyIdentifier>(_ type: T.Type, what: String) -> T? {
        parsed(what, rule: T.spelling.rule) { T(rawValue: $0) }
    }

    /// A suite name that must be defined under `validation.suites` (when they decoded).
    func suiteReference() -> SuiteName? {
        guard let suite = identifier(SuiteName.self, what: "suite name") else { return nil }
        if let suites = context.suites, !suites.contains(suite) {
            report("'\(suite)' is not a defined suite; define it under validation.suites or use one of: \(suites.sorted().map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return suite
    }

    /// A role name that must be defined under `roles` (when they decoded).
    func roleReference() -> RoleName? {
        guard let role = identifier(RoleName.self, what: "role name") else { return nil }
        if let roles = context.roles, !roles.contains(role) {
            report("'\(role)' is not a defined role; define it under roles or use one of: \(roles.sorted().map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return role
    }
}
