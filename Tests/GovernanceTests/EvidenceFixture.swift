import Foundation

/// Loads the evidence fixtures in `Fixtures/`, which `Tests/Scripts/gen_evidence_fixtures.py`
/// writes from SciPy, scikit-learn, fairlearn, AIF360 and statsmodels.
enum EvidenceFixture {
    /// The `cases` of `Fixtures/<name>.json`.
    static func cases<Case: Decodable>(_ name: String, as type: Case.Type = Case.self) -> [Case] {
        // `@Test(arguments:)` cannot throw: a missing or malformed fixture yields no cases, and
        // each suite's count test then fails.
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url),
            let document = try? JSONDecoder().decode(Document<Case>.self, from: data)
        else { return [] }
        return document.cases
    }

    private struct Document<Case: Decodable>: Decodable {
        let cases: [Case]
    }

    /// Whether `actual` is within `tolerance` of `expected`: absolute for values up to 1 in
    /// magnitude, relative above (degrees of freedom, large ratios).
    static func close(_ actual: Double, _ expected: Double, tolerance: Double) -> Bool {
        if actual == expected { return true }
        return abs(actual - expected) <= tolerance * max(1, abs(expected))
    }
}

/// A sample stored inline or described by its generator.
enum FixtureSample: Decodable, Sendable {
    case values([Double])
    case generated(GeneratorSpec)

    struct GeneratorSpec: Decodable, Sendable {
        let seed: UInt64
        let count: Int
        let terms: Int
        let scale: Double
        let shift: Double
        let step: Double?
    }

    private struct Wrapper: Decodable {
        let generate: GeneratorSpec
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let values = try? container.decode([Double].self) {
            self = .values(values)
        } else {
            self = .generated(try container.decode(Wrapper.self).generate)
        }
    }

    /// The values, regenerated bit for bit as the generator script makes them.
    var values: [Double] {
        switch self {
        case .values(let values):
            return values
        case .generated(let spec):
            var generator = FixtureSplitMix64(state: spec.seed)
            var out: [Double] = []
            out.reserveCapacity(spec.count)
            for _ in 0..<spec.count {
                var sum = 0.0
                for _ in 0..<spec.terms { sum += Double(generator.next() >> 11) * 0x1p-53 }
                var x = (sum - Double(spec.terms) * 0.5) * spec.scale + spec.shift
                if let step = spec.step, step > 0 { x = (x / step).rounded(.down) * step }
                out.append(x)
            }
            return out
        }
    }
}

/// SplitMix64, as in the generator script.
struct FixtureSplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
