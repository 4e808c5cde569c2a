/// The kind of change a new model version makes, read from its semantic version against the
/// previous one (`MAJOR.MINOR.PATCH`).
///
/// The seed's naming convention: MAJOR is an architectural change (new model type, new features)
/// and needs full revalidation; MINOR is a performance improvement (tuning, more data) and needs
/// regression testing; PATCH is a bug fix (data quality fix, edge case) and needs smoke testing.
public enum VersionBump: String, Hashable, Sendable, CaseIterable, Comparable {
    /// An architectural change; full revalidation.
    case major
    /// A performance improvement; regression testing.
    case minor
    /// A bug fix; smoke testing.
    case patch

    public static func < (lhs: VersionBump, rhs: VersionBump) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
