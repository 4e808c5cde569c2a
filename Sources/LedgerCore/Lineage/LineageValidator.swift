/// A check that ingestion runs on every record after the built-in rules, so that rules that
/// need the governance registry can be plugged in without changing ingestion.
///
/// Ingestion calls ``problems(with:)`` once per record that passed the record format, the
/// duplicate and the clock checks, in file order. Whatever it returns is reported with the
/// record's line, and any problem rejects the whole file: nothing is written. An implementation
/// is a pure function of the record and of state it captured before ingestion started (for the
/// registry: the lifecycle history of each model version and the feature set each version
/// references, read from the log once), so that the same file always gets the same answer.
///
/// ```swift
/// struct RegistryLineageValidator: LineageValidator {
///     let registry: RegistryState
///     func problems(with record: PredictionRecord) -> [LineageFieldProblem] {
///         guard registry.stage(of: record.model, record.version, at: record.time) == .production else {
///             return [LineageFieldProblem(field: "version", message: "\(record.model) \(record.version) was not in Production at \(record.time)")]
///         }
///         return []
///     }
/// }
/// ```
public protocol LineageValidator: Sendable {
    /// The rules `record` breaks; empty to accept it.
    func problems(with record: PredictionRecord) -> [LineageFieldProblem]

    /// The rules a record read from a file breaks; empty to accept it. Ingestion calls this one.
    /// The default reads the whole ``PredictionRecord`` back from the record's canonical bytes
    /// and calls ``problems(with:)-(PredictionRecord)``; a validator that needs no more than the
    /// model, version, feature set and time of ``LineageInputRecord`` implements it to save that.
    func problems(with record: LineageInputRecord) -> [LineageFieldProblem]
}

extension LineageValidator {
    public func problems(with record: LineageInputRecord) -> [LineageFieldProblem] {
        problems(with: record.record)
    }
}

/// The default validator: accepts every record (no registry rules yet).
public struct AcceptingLineageValidator: LineageValidator {
    public init() {}
    public func problems(with record: PredictionRecord) -> [LineageFieldProblem] { [] }
}

/// A validator from a closure, for tests and for callers that assemble rules in place.
public struct ClosureLineageValidator: LineageValidator {
    private let check: @Sendable (PredictionRecord) -> [LineageFieldProblem]

    public init(_ check: @escaping @Sendable (PredictionRecord) -> [LineageFieldProblem]) {
        self.check = check
    }

    public func problems(with record: PredictionRecord) -> [LineageFieldProblem] { check(record) }
}
