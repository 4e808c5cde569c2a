import Governance
import LedgerCore

/// The strict YAML policy loader.
enum PolicyFuzz {
    static func run(_ bytes: [UInt8]) -> Bool {
        guard let policy = try? PolicyLoader.load(yaml: String(decoding: bytes, as: UTF8.self)) else { return false }
        let json = String(decoding: policy.canonicalJSON.canonicalBytes(), as: UTF8.self)
        let reloaded: Policy
        do {
            reloaded = try PolicyLoader.load(yaml: json)
        } catch {
            preconditionFailure("the canonical JSON of an accepted policy does not load (\(error.message)): input \(FuzzTarget.describe(bytes))")
        }
        precondition(reloaded.digest == policy.digest, "a policy reloaded from its canonical JSON has another digest: input \(FuzzTarget.describe(bytes))")
        return true
    }
}
