#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The special functions the evidence metrics need: log-gamma, the complementary error function,
/// the regularized incomplete beta function and the tails of the normal and Student t
/// distributions.
///
/// Everything is in double precision from the C library (`lgamma_r`, `erfc`, `exp`, `log`) plus
/// a continued fraction for the incomplete beta function (Numerical Recipes, 3rd ed., §6.4,
/// `betacf`, with the modified Lentz method of §5.2).
enum SpecialFunctions {
    /// log Γ(x) for x > 0; `lgamma_r` avoids the global sign variable of `lgamma`.
    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b).
    ///
    /// When the larger argument q is 10 or more, log Γ(q) − log Γ(q + p) is formed from Stirling's
    /// series, −(q − ½)·log1p(p/q) − p·log(q + p) + p + δ(q) − δ(q + p), instead of subtracting two
    /// large log-gammas: for B(ν/2, ½) with ν = 10⁶ the direct difference would lose 10⁻⁹ of
    /// relative accuracy.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let p = min(a, b)
        let q = max(a, b)
        if q < 10 { return logGamma(p) + logGamma(q) - logGamma(p + q) }
        let ratio = -(q - 0.5) * log1p(p / q) - p * log(q + p) + p + stirlingCorrection(q) - stirlingCorrection(q + p)
        return logGamma(p) + ratio
    }

    /// δ(x) = log Γ(x) − [(x − ½)·log x − x + ½·log 2π], by its asymptotic series
    /// Σ B₂ₖ / (2k(2k − 1) x^(2k−1)); seven terms reach double precision for x ≥ 10.
    static func stirlingCorrection(_ x: Double) -> Double {
        let coefficients = [
            1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360_360, 1.0 / 156,
        ]
        let inverseSquare = 1 / (x * x)
        var sum = 0.0
        for c in coefficients.reversed() { sum = sum * inverseSquare + c }
        return sum / x
    }

    /// The complementary error function.
    static func complementaryError(_ x: Double) -> Double { erfc(x) }

    /// Two-sided tail of the standard normal distribution: P(|Z| ≥ |z|) = erfc(|z| / √2).
    ///
    /// SciPy's `2 * norm.sf(|z|)` is `2 * ndtr(-|z|)` = `erfc(|z|/√2)`.
    static func normalTwoSidedPValue(_ z: Double) -> Double {
        min(1, erfc(abs(z) / 2.0.squareRoot()))
    }

    /// Two-sided tail of Student's t distribution with `df` degrees of freedom:
    /// P(|T| ≥ |t|) = I_{df/(df+t²)}(df/2, 1/2).
    ///
    /// Both arguments of the incomplete beta function are formed without subtraction
    /// (`x = df/(df+t²)`, `1 − x = t²/(df+t²)`), so small p-values keep their relative accuracy.
    static func studentTwoSidedPValue(_ t: Double, degreesOfFreedom df: Double) -> Double {
        let t2 = t * t
        let denominator = df + t2
        // log x = −log1p(t²/ν) keeps a·log x accurate when a = ν/2 is large and x is near 1.
        let p = regularizedIncompleteBeta(
            a: df / 2, b: 0.5, x: df / denominator, y: t2 / denominator, logX: -log1p(t2 / df))
        return min(1, max(0, p))
    }

    /// The regularized incomplete beta function I_x(a, b), for a, b > 0 and 0 ≤ x ≤ 1, where
    /// `y` is 1 − x computed by the caller without cancellation.
    ///
    /// I_x(a,b) = x^a (1−x)^b / (a B(a,b)) · CF(a, b, x) when x < (a+1)/(a+b+2), and
    /// 1 − I_{1−x}(b, a) otherwise, where the continued fraction converges quickly (NR §6.4).
    /// `logX` and `logY`, when given, replace log x and log y in the prefactor.
    static func regularizedIncompleteBeta(
        a: Double, b: Double, x: Double, y: Double, logX: Double? = nil, logY: Double? = nil
    ) -> Double {
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        let logFront = a * (logX ?? log(x)) + b * (logY ?? log(y)) - logBeta(a, b)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(a: b, b: a, x: y) / b
    }

    /// The continued fraction of the incomplete beta function by the modified Lentz method
    /// (Numerical Recipes `betacf`), iterated to double precision.
    static func betaContinuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        let qab = a + b
        let qap = a + 1
        let qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        // Converges in O(√max(a, b)) steps (NR §6.4); the bound is far beyond that for any
        // sample size this project records.
        for m in 1...1_000_000 {
            let m = Double(m)
            let m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }

    /// `x` with its fractional part rounded half to even, like NumPy's `np.round`.
    static func roundHalfEven(_ x: Double) -> Double { x.rounded(.toNearestOrEven) }

    /// Clamps a probability to 0…1, like SciPy's `np.clip(p, 0, 1)`; NaN stays NaN.
    static func clipProbability(_ p: Double) -> Double {
        if p.isNaN { return p }
        return min(1, max(0, p))
    }
}
