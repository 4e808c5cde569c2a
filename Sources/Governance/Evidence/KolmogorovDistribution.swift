#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n, which
/// SciPy calls `kstwo.sf(d, n)` and `ks_2samp` uses for its asymptotic p-value.
///
/// A port of SciPy's `scipy/stats/_ksstats.py` (`_kolmogn` with `cdf=False`), which follows
/// Simard and L'Ecuyer, "Computing the Two-Sided Kolmogorov-Smirnov Distribution", JSS 39(11),
/// 2011, in choosing among:
/// - Ruben–Gambino closed forms for n·d ≤ 1 and n·d ≥ n − 1;
/// - 2 × the one-sided Smirnov tail (``Smirnov``) for d ≥ 0.5 and for large n·d²;
/// - the Durbin matrix algorithm as Marsaglia, Tsang and Wang compute it (``durbinMatrixCDF``);
/// - the Pomeranz recursion (``pomeranzCDF``) for n ≤ 140;
/// - the Pelz–Good asymptotic series (``pelzGoodCDF``) for large n.
///
/// SciPy evaluates parts of the Durbin algorithm in `long double`; this port uses `Double`
/// throughout, which agrees with SciPy far below the 10⁻⁶ tolerance the ledger promises.
enum KolmogorovDistribution {
    private static let scaleExponent = 128
    private static let scaleUp = 0x1p128
    private static let scaleDown = 0x1p-128
    private static let logTwoPi = log(2 * Double.pi)
    private static let sqrtTwoPi = (2 * Double.pi).squareRoot()
    private static let minLog = -708.0

    /// P(D_n ≥ d), the survival function of the two-sided statistic for sample size `n`.
    ///
    /// - Precondition: n ≥ 1 and d is not NaN.
    static func survival(n: Int, d x: Double) -> Double {
        precondition(n >= 1 && !x.isNaN, "KolmogorovDistribution.survival needs n ≥ 1 and a number")
        if x >= 1 { return 0 }
        if x <= 0 { return 1 }
        let nd = Double(n)
        let t = nd * x
        if t <= 1 {
            // Ruben–Gambino: P(D_n ≤ d) = n!/nⁿ (2t − 1)ⁿ for 1/(2n) ≤ d ≤ 1/n.
            if t <= 0.5 { return 1 }
            let cdf: Double
            if n <= 140 {
                var product = 1.0
                for i in 1...n { product *= Double(i) * (1.0 / nd) * (2 * t - 1) }
                cdf = product
            } else {
                cdf = exp(logFactorialOverPower(n) + nd * log(2 * t - 1))
            }
            return SpecialFunctions.clipProbability(1 - cdf)
        }
        if t >= nd - 1 {
            return SpecialFunctions.clipProbability(2 * pow(1 - x, nd))
        }
        if x >= 0.5 {
            return SpecialFunctions.clipProbability(2 * Smirnov.survival(n: n, d: x))
        }
        let nxSquared = t * x
        if n <= 140 {
            if nxSquared <= 0.754693 {
                return SpecialFunctions.clipProbability(1 - durbinMatrixCDF(n: n, d: x))
            }
            if nxSquared <= 4 {
                return SpecialFunctions.clipProbability(1 - pomeranzCDF(n: n, d: x))
            }
            return SpecialFunctions.clipProbability(2 * Smirnov.survival(n: n, d: x))
        }
        if nxSquared >= 370 { return 0 }
        if nxSquared >= 2.2 {
            return SpecialFunctions.clipProbability(2 * Smirnov.survival(n: n, d: x))
        }
        let cdf: Double
        if nxSquared >= 18 {
            cdf = 1
        } else if n <= 100_000 && nd * pow(x, 1.5) <= 1.4 {
            cdf = durbinMatrixCDF(n: n, d: x)
        } else {
            cdf = pelzGoodCDF(n: n, d: x)
        }
        return SpecialFunctions.clipProbability(1 - cdf)
    }

    /// log(n!/nⁿ) by Stirling's series with n·log(n) removed first (SciPy
    /// `_log_nfactorial_div_n_pow_n`).
    static func logFactorialOverPower(_ n: Int) -> Double {
        // B_{2j}/(2j)/(2j−1) for j = 8 … 1, highest power first.
        let coefficients = [
            -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3,
            8.4175084175084175084e-4, -5.952380952380952381e-4, 7.9365079365079365079e-4,
            -2.7777777777777777778e-3, 8.3333333333333333333e-2,
        ]
        let nd = Double(n)
        let rn = 1.0 / nd
        let u = rn / nd
        var polynomial = 0.0
        for c in coefficients { polynomial = polynomial * u + c }
        return log(nd) / 2 - nd + logTwoPi / 2 + rn * polynomial
    }

    /// P(D_n ≤ d) by Durbin's matrix algorithm as Marsaglia, Tsang and Wang evaluate it: the
    /// k-th diagonal element of (n!/nⁿ)·Hⁿ for an m×m matrix H, m = 2k − 1, k = ⌈n·d⌉, with
    /// power-of-two rescaling so that nothing overflows (SciPy `_kolmogn_DMTW`).
    static func durbinMatrixCDF(n: Int, d: Double) -> Double {
        if d >= 1 { return 1 }
        let nd = Double(n) * d
        if nd <= 0.5 { return 0 }
        let k = Int(nd.rounded(.up))
        let h = Double(k) - nd
        let m = 2 * k - 1

        var v = [Double](repeating: 0, count: m)
        var w = [Double](repeating: 0, count: m)
        var factorial = 1.0
        for j in 1...m {
            v[j - 1] = 1 - pow(h, Double(j))
            w[j - 1] = factorial
            factorial /= Double(j)
            v[j - 1] *= factorial
        }
        let tt = pow(max(2 * h - 1, 0), Double(m)) - 2 * pow(h, Double(m))
        v[m - 1] = (1 + tt) * factorial

        var matrix = SquareMatrix(size: m)
        for i in 1..<m {
            for row in (i - 1)..<m { matrix[row, i] = w[row - (i - 1)] }
        }
        for row in 0..<m { matrix[row, 0] = v[row] }
        for column in 0..<m { matrix[m - 1, column] = v[m - 1 - column] }

        var power = SquareMatrix.identity(size: m)
        var remaining = n
        var exponent = 0
        var matrixExponent = 0
        while remaining > 0 {
            if remaining % 2 == 1 {
                power = power * matrix
                exponent += matrixExponent
            }
            matrix = matrix * matrix
            matrixExponent *= 2
            if abs(matrix[k - 1, k - 1]) > scaleUp {
                matrix.scale(by: scaleDown)
                matrixExponent += scaleExponent
            }
            remaining /= 2
        }

        var p = power[k - 1, k - 1]
        let nDouble = Double(n)
        for i in 1...n {
            p = Double(i) * p / nDouble
            if abs(p) < scaleDown {
                p *= scaleUp
                exponent -= scaleExponent
            }
        }
        if exponent != 0 { p = scalbn(p, Int32(exponent)) }
        return SpecialFunctions.clipProbability(p)
    }

    /// The ends of the non-zero stretch of row `i` in the Pomeranz recursion (SciPy
    /// `_pomeranz_compute_j1j2`).
    private static func pomeranzBounds(_ i: Int, n: Int, ll: Int, ceilF: Int, roundF: Int) -> (Int, Int) {
        var j1: Int
        var j2: Int
        if i == 0 {
            j1 = -ll - ceilF - 1
            j2 = ll + ceilF - 1
        } else {
            let half = (i + 1) / 2
            let odd = (i + 1) % 2
            if odd == 0 {
                if half == n + 1 {
                    j1 = n - ll - ceilF - 1
                    j2 = n + ll + ceilF - 1
                } else {
                    j1 = half - 1 - ll - roundF - 1
                    j2 = half + ll - 1 + ceilF - 1
                }
            } else {
                j1 = half - 1 - ll - 1
                j2 = half + ll + roundF - 1
            }
        }
        return (max(j1 + 2, 0), min(j2, n))
    }

    /// P(D_n ≤ d) by the Pomeranz recursion (Pomeranz 1974, SciPy `_kolmogn_Pomeranz`): rows of
    /// a 2n+2-step convolution with truncated Poisson weights, rescaled to avoid underflow.
    static func pomeranzCDF(n: Int, d x: Double) -> Double {
        let nd = Double(n)
        let t = nd * x
        let ll = Int(t.rounded(.down))
        let f = t - Double(ll)
        let g = min(f, 1 - f)
        let ceilF = f > 0 ? 1 : 0
        let roundF = f > 0.5 ? 1 : 0
        let powers = 2 * (ll + 1)
        var gPower = [Double](repeating: 0, count: powers)
        var twoGPower = [Double](repeating: 0, count: powers)
        var oneMinusTwoGPower = [Double](repeating: 0, count: powers)
        gPower[0] = 1
        twoGPower[0] = 1
        oneMinusTwoGPower[0] = 1
        var exponent = 0
        let gOverN = g / nd
        let twoGOverN = 2 * g / nd
        let oneMinusTwoGOverN = (1 - 2 * g) / nd
        for m in 1..<powers {
            gPower[m] = gPower[m - 1] * gOverN / Double(m)
            twoGPower[m] = twoGPower[m - 1] * twoGOverN / Double(m)
            oneMinusTwoGPower[m] = oneMinusTwoGPower[m - 1] * oneMinusTwoGOverN / Double(m)
        }

        var v0 = [Double](repeating: 0, count: powers)
        var v1 = [Double](repeating: 0, count: powers)
        v1[0] = 1
        var v0Start = 0
        var v1Start = 0
        var (j1, _) = pomeranzBounds(0, n: n, ll: ll, ceilF: ceilF, roundF: roundF)
        for i in 1..<(2 * n + 2) {
            let k1 = j1
            swap(&v0, &v1)
            swap(&v0Start, &v1Start)
            for index in v1.indices { v1[index] = 0 }
            let bounds = pomeranzBounds(i, n: n, ll: ll, ceilF: ceilF, roundF: roundF)
            j1 = bounds.0
            let j2 = bounds.1
            let weights: [Double]
            if i == 1 || i == 2 * n + 1 {
                weights = gPower
            } else {
                weights = i % 2 == 1 ? twoGPower : oneMinusTwoGPower
            }
            let length = j2 - k1 + 1
            if length > 0 {
                // np.convolve(V0[k1-V0s : k1-V0s+ln2], pwrs[:ln2]), with NumPy's slice clipping.
                let aStart = k1 - v0Start
                let aEnd = min(aStart + length, v0.count)
                let bEnd = min(length, weights.count)
                let aCount = max(aEnd - aStart, 0)
                let convolutionStart = j1 - k1
                let convolutionLength = j2 - j1 + 1
                if aCount > 0 && bEnd > 0 {
                    for out in 0..<convolutionLength {
                        let index = convolutionStart + out
                        var sum = 0.0
                        let lower = max(0, index - (bEnd - 1))
                        let upper = min(index, aCount - 1)
                        if lower <= upper {
                            for a in lower...upper { sum += v0[aStart + a] * weights[index - a] }
                        }
                        v1[out] = sum
                    }
                }
                var largest = -Double.infinity
                for value in v1 { largest = max(largest, value) }
                if largest > 0 && largest < scaleDown {
                    for index in v1.indices { v1[index] *= scaleUp }
                    exponent -= scaleExponent
                }
                v1Start = v0Start + j1 - k1
            }
        }

        var answer = v1[n - v1Start]
        for m in 1...n {
            if abs(answer) > scaleUp {
                answer *= scaleDown
                exponent += scaleExponent
            }
            answer *= Double(m)
        }
        if exponent != 0 { answer = scalbn(answer, Int32(exponent)) }
        return SpecialFunctions.clipProbability(answer)
    }

    /// P(D_n ≤ d) by the Pelz–Good series (Pelz and Good 1976, SciPy `_kolmogn_PelzGood`): the
    /// Li-Chien/Korolyuk expansion K0 + K1/√n + K2/n + K3/n^1.5, with each term rewritten through
    /// Jacobi theta functions so that it converges for small z = d√n.
    static func pelzGoodCDF(n: Int, d x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let nd = Double(n)
        let z = nd.squareRoot() * x
        let z2 = z * z
        let z3 = z2 * z
        let z4 = z2 * z2
        let z6 = z4 * z2
        let pi2 = Double.pi * Double.pi
        let pi4 = pi2 * pi2
        let pi6 = pi4 * pi2

        let qLog = -pi2 / 8 / z2
        if qLog < minLog { return 0 }
        var q = exp(qLog)

        let k1a = -z2
        let k1b = pi2 / 4
        let k2a = 6 * z6 + 2 * z4
        let k2b = (2 * z4 - 5 * z2) * pi2 / 4
        let k2c = pi4 * (1 - 2 * z2) / 16
        let k3d = pi6 * (5 - 30 * z2) / 64
        let k3c = pi4 * (-60 * z2 + 212 * z4) / 16
        let k3b = pi2 * (135 * z4 - 96 * z6) / 4
        let k3a = -30 * z6 - 90 * pow(z, 8)

        var terms = [0.0, 0.0, 0.0, 0.0]
        let maxK = Int((16 * z / Double.pi).rounded(.up))
        if maxK >= 1 {
            for k in stride(from: maxK, through: 1, by: -1) {
                let m = Double(2 * k - 1)
                let m2 = m * m
                let m4 = m2 * m2
                let m6 = m4 * m2
                let qPower = pow(q, Double(8 * k))
                let coefficients = [
                    1.0,
                    k1a + k1b * m2,
                    k2a + k2b * m2 + k2c * m4,
                    k3a + k3b * m2 + k3c * m4 + k3d * m6,
                ]
                for index in 0..<4 { terms[index] = terms[index] * qPower + coefficients[index] }
            }
        }
        let divisors = [z, 6 * z4, 72 * pow(z, 7), 6480 * pow(z, 10)]
        for index in 0..<4 { terms[index] = terms[index] * q * sqrtTwoPi / divisors[index] }

        q = exp(-pi2 / 2 / z2)
        let sqrt3z = 3.0.squareRoot() * z
        var k2Extra = 0.0
        var k3Extra = 0.0
        if maxK >= 1 {
            for k in stride(from: maxK, through: 1, by: -1) {
                let kd = Double(k)
                let k2 = kd * kd
                let qPower = pow(q, k2)
                let kPi = Double.pi * kd
                k2Extra += k2 * qPower
                k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * k2 * qPower
            }
        }
        terms[2] += k2Extra * pi2 * sqrtTwoPi / (-36 * z3)
        terms[3] += k3Extra * pi2 * sqrtTwoPi / (216 * z6)
        for index in 0..<4 { terms[index] /= pow(nd, Double(index) / 2) }
        return terms[0] + terms[1] + terms[2] + terms[3]
    }
}
