/// A literal, unoptimized port of SciPy's `_compute_outer_prob_inside_method`
/// (`scipy/stats/_stats_pythran.py`), to cross-check the optimized recursion in `Governance`.
enum ReferenceKolmogorovSmirnov {
    static func outerProbabilityInside(m: Int, n: Int, g: Int, h: Int) -> Double {
        let (m, n) = m >= n ? (m, n) : (n, m)
        let mg = m / g
        let ng = n / g
        var minj = 0
        var maxj = min(Int((Double(h) / Double(mg)).rounded(.up)), n + 1)
        var curlen = maxj - minj
        let lenA = min(2 * maxj + 2, n + 1)
        var a = [Double](repeating: 1, count: lenA)
        for index in minj..<min(maxj, lenA) { a[index] = 0 }
        for i in 1...m {
            let lastminj = minj
            let lastlen = curlen
            minj = max(Int((Double(ng * i - h) / Double(mg)).rounded(.down)) + 1, 0)
            minj = min(minj, n)
            maxj = min(Int((Double(ng * i + h) / Double(mg)).rounded(.up)), n + 1)
            if maxj <= minj { return 1 }
            var val = minj == 0 ? 0.0 : 1.0
            for jj in 0..<(maxj - minj) {
                let j = jj + minj
                val = (a[jj + minj - lastminj] * Double(i) + val * Double(j)) / Double(i + j)
                a[jj] = val
            }
            curlen = maxj - minj
            if lastlen > curlen {
                let start = maxj - minj
                let end = min(start + (lastlen - curlen), a.count)
                if start < end { for index in start..<end { a[index] = 1 } }
            }
        }
        return a[maxj - minj - 1]
    }
}
