#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The survival function of the one-sided Kolmogorov–Smirnov statistic D_n⁺, SciPy's
/// `scipy.special.smirnov(n, d)`.
///
/// The Birnbaum–Tingey sum (Smirnov 1944; Birnbaum and Tingey 1951):
///
///     P(D_n⁺ ≥ d) = d · Σ_{v=0}^{⌊n(1−d)⌋} C(n, v) (d + v/n)^(v−1) (1 − d − v/n)^(n−v)
///
/// follows the structure of SciPy's `xsf/cephes/kolmogorov.h` (`_smirnov`): the same special
/// cases (d ≤ 1/n, d ≥ 1 − 1/n, an underflowing tail, the approximation for n > 10⁶), the same
/// terms and the same early stop. SciPy sums in double-double arithmetic; here every term is
/// positive and is formed from logarithms in `Double`, with n·d split exactly into
/// ⌊n·d⌋ + α by a fused multiply-add, which keeps the relative error near 10⁻⁹ even for n = 10⁶,
/// far inside the ledger's 10⁻⁶ tolerance for p-values.
///
/// SciPy switches to an alternating "upper" sum only when d ≤ 0.5/√n and at most three upper
/// terms exist; ``KolmogorovDistribution`` never asks for such a d (it calls this function for
/// d ≥ 0.5 or n·d² ≥ 2.2), so only the lower sum is needed.
enum Smirnov {
    /// cephes `MINLOG`: exp of anything below is 0.
    private static let minLog = -7.451332191019412076235e2

    /// P(D_n⁺ ≥ d).
    ///
    /// - Precondition: n ≥ 1 and 0 ≤ d ≤ 1.
    static func survival(n: Int, d x: Double) -> Double {
        precondition(n >= 1 && x >= 0 && x <= 1, "Smirnov.survival needs n ≥ 1 and 0 ≤ d ≤ 1")
        if n == 1 { return 1 - x }
        if x == 0 { return 1 }
        if x == 1 { return 0 }
        let nd = Double(n)

        // n·x = floor + alpha exactly: the product and its rounding error from a fused multiply-add.
        let product = nd * x
        let error = fma(nd, x, -product)
        var floorNX = product.rounded(.down)
        var alpha = (product - floorNX) + error
        if alpha < 0 {
            floorNX -= 1
            alpha += 1
        }
        if alpha >= 1 {
            floorNX += 1
            alpha -= 1
        }
        let nxFloor = Int(floorNX)

        // x ≤ 1/n: P(D⁺ ≤ x) = x (1 + x)^(n−1).
        if nxFloor == 0 || (nxFloor == 1 && alpha == 0) {
            let cdf = x * pow(1 + x, nd - 1)
            return SpecialFunctions.clipProbability(1 - cdf)
        }
        if -2 * nd * x * x < minLog { return 0 }
        // x ≥ 1 − 1/n: P(D⁺ ≥ x) = (1 − x)ⁿ.
        if nxFloor >= n - 1 { return SpecialFunctions.clipProbability(pow(1 - x, nd)) }
        if n > 1_000_000 {
            // SciPy: p ≈ exp(−(6nx + 1)² / 18n).
            let logP = -pow(6 * nd * x + 1, 2) / 18 / nd
            let sf = logP < -log(2.0) ? exp(logP) : 1 - (-expm1(logP))
            return SpecialFunctions.clipProbability(sf)
        }

        // The last term index: ⌊n(1 − x)⌋, excluding the vanishing term when n·x is whole.
        var lastTerm = n - nxFloor - (alpha == 0 ? 0 : 1)
        if alpha == 0 { lastTerm -= 1 }
        let termCount = lastTerm + 1
        let middle = n / 2

        // v = 0: A_0 = (1 − x)ⁿ / x.
        var sum = exp(nd * log1p(-x)) / x
        var logBinomial = 0.0
        for v in 1..<max(termCount, 1) {
            logBinomial += log(Double(n - v + 1) / Double(v))
            // 1 − x − v/n and x + v/n from the exact split of n·x, without cancellation.
            let low = (Double(n - nxFloor - v) - alpha) / nd
            let high = (Double(nxFloor + v) + alpha) / nd
            let logTerm = logBinomial + Double(n - v) * log(low) + Double(v - 1) * log(high)
            let term = exp(logTerm)
            if term.isFinite && term != 0 { sum += term }
            // SciPy's stop: the remaining terms cannot change the sum.
            if term != 0 {
                if 4 * Double(termCount - v) * term < Double.ulpOfOne * sum && v != termCount - 1 { break }
            } else if v > middle {
                break
            }
        }
        return SpecialFunctions.clipProbability(x * sum)
    }
}
