#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
public import LedgerCore

/// Data and concept drift: the population stability index of two histograms and the two-sample
/// Kolmogorov–Smirnov test of two raw samples.
///
/// PSI = Σᵢ (cᵢ − rᵢ)·ln(cᵢ / rᵢ), where rᵢ and cᵢ are the reference and current proportions of
/// bin i, each floored at ``psiEpsilon`` (10⁻⁴) before the difference and the logarithm, the
/// common practice that keeps an empty bin from making the index infinite. Proportions are not
/// renormalised after flooring. A bin empty in both histograms contributes 0.
///
/// The Kolmogorov–Smirnov test agrees with SciPy's `ks_2samp(reference, current)` (two-sided,
/// `method='auto'`) to 10⁻⁶ in the p-value; see ``kolmogorovSmirnov(reference:current:)``.
///
/// ```swift
/// let psi = try DriftMetrics.populationStabilityIndex(reference: trainHistogram, current: liveHistogram)
/// let ks = try DriftMetrics.kolmogorovSmirnov(reference: trainSample, current: liveSample)
/// ```
public enum DriftMetrics {
    /// The floor applied to bin proportions before the PSI logarithm: 10⁻⁴.
    public static let psiEpsilon = 1e-4

    /// The population stability index of `current` against `reference`.
    ///
    /// Numeric histograms must have identical edges. Categorical histograms must list the same
    /// categories, in any order; bins are matched by name and reported in the reference order.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` when one histogram is numeric and the other
    ///   categorical, the edges differ, or a category is in one histogram only.
    public static func populationStabilityIndex(
        reference: Histogram, current: Histogram
    ) throws(LedgerError) -> PopulationStability {
        let currentCounts: [Int]
        switch (reference.bins, current.bins) {
        case let (.numeric(referenceEdges), .numeric(currentEdges)):
            if referenceEdges.count != currentEdges.count {
                throw LedgerError(
                    .invalidField,
                    "current.edges: \(currentEdges.count - 1) bins, but the reference has \(referenceEdges.count - 1); compute both histograms over the same bin edges")
            }
            for index in referenceEdges.indices where referenceEdges[index] != currentEdges[index] {
                throw LedgerError(
                    .invalidField,
                    "current.edges[\(index)]: \(currentEdges[index]) differs from the reference edge \(referenceEdges[index]); compute both histograms over the same bin edges")
            }
            currentCounts = current.counts
        case let (.categorical(referenceCategories), .categorical(currentCategories)):
            var currentByName: [String: Int] = [:]
            for (category, count) in zip(currentCategories, current.counts) { currentByName[category] = count }
            let referenceNames = Set(referenceCategories)
            if let extra = currentCategories.first(where: { !referenceNames.contains($0) }) {
                throw LedgerError(
                    .invalidField,
                    "current.categories: '\(extra)' is not a reference category; list the same categories in both histograms (with a count of 0 where there are none)")
            }
            if let missing = referenceCategories.first(where: { currentByName[$0] == nil }) {
                throw LedgerError(
                    .invalidField,
                    "current.categories: the reference category '\(missing)' is missing; list the same categories in both histograms (with a count of 0 where there are none)")
            }
            currentCounts = referenceCategories.map { currentByName[$0] ?? 0 }
        case (.numeric, .categorical):
            throw LedgerError(
                .invalidField, "current: is categorical but the reference is numeric; compare histograms of the same kind")
        case (.categorical, .numeric):
            throw LedgerError(
                .invalidField, "current: is numeric but the reference is categorical; compare histograms of the same kind")
        }

        let referenceTotal = Double(reference.total)
        let currentTotal = Double(currentCounts.reduce(0, +))
        var contributions: [Double] = []
        contributions.reserveCapacity(currentCounts.count)
        var psi = 0.0
        for (referenceCount, currentCount) in zip(reference.counts, currentCounts) {
            let r = max(Double(referenceCount) / referenceTotal, psiEpsilon)
            let c = max(Double(currentCount) / currentTotal, psiEpsilon)
            let contribution = (c - r) * log(c / r)
            contributions.append(contribution)
            psi += contribution
        }
        return PopulationStability(value: psi, contributions: contributions)
    }

    /// Checks that two samples make a Kolmogorov–Smirnov test, without computing it: each has
    /// at least one value and every value is a finite number.
    ///
    /// ``kolmogorovSmirnov(reference:current:)`` throws exactly these errors; reading a snapshot
    /// calls this alone, so that reading a recorded snapshot back does not repeat the test.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` naming `reference` or `current` (with the index
    ///   of a value that is not finite).
    public static func validateSamples(reference: [Double], current: [Double]) throws(LedgerError) {
        let purpose = "the Kolmogorov–Smirnov test needs at least one value in each sample"
        try EvidenceValidation.nonEmpty(reference.count, field: "reference", purpose: purpose)
        try EvidenceValidation.nonEmpty(current.count, field: "current", purpose: purpose)
        // The field name is built only for the value that fails.
        if let index = reference.firstIndex(where: { !$0.isFinite }) { try EvidenceValidation.finite(reference[index], field: "reference[\(index)]") }
        if let index = current.firstIndex(where: { !$0.isFinite }) { try EvidenceValidation.finite(current[index], field: "current[\(index)]") }
    }

    /// The two-sample Kolmogorov–Smirnov test, agreeing with SciPy's
    /// `scipy.stats.ks_2samp(reference, current)` (two-sided, `method='auto'`).
    ///
    /// - The statistic D is the largest distance between the two empirical distribution
    ///   functions, found by sorting both samples and merging them: O((n + m) log(n + m)).
    /// - When both samples have at most 10,000 values the p-value is exact (Hodges' lattice-path
    ///   counts; D is then snapped to a multiple of 1/lcm(n, m), as SciPy does), otherwise
    ///   Smirnov's asymptotic distribution `kstwo(round(nm/(n+m)))`.
    /// - For unequal sizes the exact computation takes about n·D·m steps; when that exceeds 10⁶
    ///   and the asymptotic p-value is below 10⁻¹², the asymptotic value is reported instead
    ///   (``KolmogorovSmirnovTest/Method/asymptotic``). Both are then below 10⁻⁶, so the result
    ///   still agrees with SciPy to 10⁻⁶.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` when a sample is empty or holds a value that is
    ///   not a finite number.
    public static func kolmogorovSmirnov(reference: [Double], current: [Double]) throws(LedgerError) -> KolmogorovSmirnovTest {
        try validateSamples(reference: reference, current: current)
        let d = TwoSampleKolmogorovSmirnov.statistic(sortedA: reference.sorted(), sortedB: current.sorted())
        let result = TwoSampleKolmogorovSmirnov.pValue(d: d, n1: reference.count, n2: current.count)
        return KolmogorovSmirnovTest(
            statistic: result.d, pValue: result.p, method: result.isExact ? .exact : .asymptotic,
            referenceCount: reference.count, currentCount: current.count)
    }
}
