public import LedgerCore

/// Two-sided significance tests for A/B comparisons.
///
/// - ``twoProportionZTest(successesA:trialsA:successesB:trialsB:)``: statsmodels'
///   `proportions_ztest([xA, xB], [nA, nB])` (pooled variance, `value=0`, two-sided).
/// - ``welchTTest(_:_:)``: SciPy's `ttest_ind(a, b, equal_var=False)` (two-sided).
///
/// ```swift
/// let z = try SignificanceTests.twoProportionZTest(successesA: 520, trialsA: 1000, successesB: 480, trialsB: 1000)
/// z.pValue < 0.05 // whether the difference is significant at the policy's level
/// ```
public enum SignificanceTests {
    /// The pooled two-proportion z-test of H₀: pA = pB.
    ///
    /// z = (pA − pB) / √(p(1 − p)(1/nA + 1/nB)), p = (xA + xB)/(nA + nB), and the p-value is
    /// P(|Z| ≥ |z|) = erfc(|z|/√2). When p is 0 or 1 (no successes or no failures in either arm)
    /// the standard error is 0 and both proportions are equal: z is 0 and the p-value 1 (statsmodels
    /// gives NaN), with a warning.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` when a trial count is below 1, a success count
    ///   is negative, or successes exceed trials.
    public static func twoProportionZTest(
        successesA: Int, trialsA: Int, successesB: Int, trialsB: Int
    ) throws(LedgerError) -> TwoProportionZTest {
        for (field, value) in [("successesA", successesA), ("trialsA", trialsA), ("successesB", successesB), ("trialsB", trialsB)] {
            try EvidenceValidation.count(value, field: field)
        }
        for (field, trials) in [("trialsA", trialsA), ("trialsB", trialsB)] where trials < 1 {
            throw LedgerError(.invalidField, "\(field): 0 trials; each arm needs at least one trial")
        }
        if successesA > trialsA {
            throw LedgerError(.invalidField, "successesA: \(successesA) exceeds trialsA \(trialsA); successes are a subset of trials")
        }
        if successesB > trialsB {
            throw LedgerError(.invalidField, "successesB: \(successesB) exceeds trialsB \(trialsB); successes are a subset of trials")
        }
        let proportionA = Double(successesA) / Double(trialsA)
        let proportionB = Double(successesB) / Double(trialsB)
        let pooled = Double(successesA + successesB) / Double(trialsA + trialsB)
        let variance = pooled * (1 - pooled) * (1 / Double(trialsA) + 1 / Double(trialsB))
        let difference = proportionA - proportionB
        var warnings: [String] = []
        let z: Double
        let p: Double
        if variance > 0 {
            z = difference / variance.squareRoot()
            p = SpecialFunctions.normalTwoSidedPValue(z)
        } else {
            z = 0
            p = 1
            warnings.append("the pooled proportion is \(pooled): both arms are identical, so z is 0 and the p-value 1 by convention")
        }
        return TwoProportionZTest(
            statistic: z, pValue: p, proportionA: proportionA, proportionB: proportionB, pooledProportion: pooled,
            warnings: warnings)
    }

    /// Welch's unequal-variance t-test of H₀: mean(a) = mean(b).
    ///
    /// t = (ā − b̄) / √(sa²/na + sb²/nb) with sample variances (n − 1 in the denominator),
    /// Welch–Satterthwaite degrees of freedom ν = (sa²/na + sb²/nb)² / ((sa²/na)²/(na − 1) +
    /// (sb²/nb)²/(nb − 1)), and the p-value P(|T_ν| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, ½) from the
    /// regularized incomplete beta function (accurate to about 10⁻¹²).
    ///
    /// When both samples are constant the standard error is 0: if their means are equal, t is 0,
    /// ν is na + nb − 2 and the p-value 1 (SciPy gives NaN), with a warning; if the means differ
    /// the test is rejected, since t would be infinite.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` when a sample has fewer than two values or a
    ///   value that is not a finite number, or both samples are constant with different values.
    public static func welchTTest(_ a: [Double], _ b: [Double]) throws(LedgerError) -> WelchTTest {
        for (field, sample) in [("a", a), ("b", b)] {
            if sample.count < 2 {
                throw LedgerError(
                    .invalidField,
                    "\(field): \(sample.count) value\(sample.count == 1 ? "" : "s"); Welch's t-test needs at least two values per sample to estimate a variance")
            }
            for (index, value) in sample.enumerated() { try EvidenceValidation.finite(value, field: "\(field)[\(index)]") }
        }
        let (meanA, varianceA) = meanAndVariance(a)
        let (meanB, varianceB) = meanAndVariance(b)
        let na = Double(a.count)
        let nb = Double(b.count)
        let shareA = varianceA / na
        let shareB = varianceB / nb
        let standardError = (shareA + shareB).squareRoot()
        let difference = meanA - meanB
        var warnings: [String] = []
        let t: Double
        let df: Double
        let p: Double
        if standardError > 0 {
            t = difference / standardError
            df = (shareA + shareB) * (shareA + shareB) / (shareA * shareA / (na - 1) + shareB * shareB / (nb - 1))
            p = SpecialFunctions.studentTwoSidedPValue(t, degreesOfFreedom: df)
        } else if difference == 0 {
            t = 0
            df = na + nb - 2
            p = 1
            warnings.append("both samples are constant and equal: t is 0 and the p-value 1 by convention")
        } else {
            throw LedgerError(
                .invalidField,
                "a, b: both samples are constant (\(meanA) and \(meanB)); with no variance the t statistic is infinite, so record the difference without a test")
        }
        return WelchTTest(
            statistic: t, degreesOfFreedom: df, pValue: p, meanA: meanA, meanB: meanB, varianceA: varianceA,
            varianceB: varianceB, warnings: warnings)
    }

    /// The mean and the sample variance (n − 1 in the denominator), by two passes.
    static func meanAndVariance(_ values: [Double]) -> (mean: Double, variance: Double) {
        var sum = 0.0
        for value in values { sum += value }
        let mean = sum / Double(values.count)
        var squares = 0.0
        for value in values {
            let deviation = value - mean
            squares += deviation * deviation
        }
        return (mean, squares / Double(values.count - 1))
    }
}
