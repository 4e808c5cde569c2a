/// An error raised by the ledger's pure core: what went wrong and how it may be remedied.
///
/// Modelled on swift-nio's `FileSystemError`: an extensible ``Code``, a ``message`` written for
/// the person who must act on it, and an optional ``seq`` naming the entry concerned. Messages
/// never contain payloads or secrets.
///
/// ```swift
/// do { _ = try JSONValue.parse(bytes) }
/// catch let error { print(error.code, error.message) }
/// ```
public struct LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A category of ledger error. New codes may be added; switch with a `default`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Kind: Hashable, Sendable {
            case malformedInput
            case invalidField
            case streamConflict
            case notALedger
            case integrityFailure
            case limitExceeded
            case internalFailure
        }

        let kind: Kind

        /// Input that is not well-formed (bad JSON, wrong byte counts, bad encodings). Exit code 2.
        public static let malformedInput = Code(kind: .malformedInput)
        /// A well-formed value that breaks a field rule (a stream name outside the character set). Exit code 2.
        public static let invalidField = Code(kind: .invalidField)
        /// An append whose expected stream version did not match. Nothing was written. Exit code 2.
        public static let streamConflict = Code(kind: .streamConflict)
        /// The database file is missing or is not a govledger ledger. Exit code 2.
        public static let notALedger = Code(kind: .notALedger)
        /// Stored ledger data, a proof, a checkpoint or a signature failed verification. Exit code 1.
        public static let integrityFailure = Code(kind: .integrityFailure)
        /// Input larger or deeper than the documented limits. Exit code 2.
        public static let limitExceeded = Code(kind: .limitExceeded)
        /// A failure of the platform (random source, crypto library). Exit code 1.
        public static let internalFailure = Code(kind: .internalFailure)

        public var description: String {
            switch kind {
            case .malformedInput: "malformed input"
            case .invalidField: "invalid field"
            case .streamConflict: "stream version conflict"
            case .notALedger: "not a ledger"
            case .integrityFailure: "integrity failure"
            case .limitExceeded: "limit exceeded"
            case .internalFailure: "internal failure"
            }
        }
    }

    /// The category.
    public var code: Code
    /// What went wrong and what to do about it.
    public var message: String
    /// The entry concerned, where there is one.
    public var seq: Int?
    /// The position (0-based) within an append batch of the draft concerned, where there is one.
    public var batchIndex: Int?
    /// Machine-readable facts behind a failed verification (the expected and calculated roots, the
    /// expected proof length, the key whose signature failed), where there are some.
    public var evidence: Evidence?

    /// Creates an error.
    public init(_ code: Code, _ message: String, seq: Int? = nil, batchIndex: Int? = nil, evidence: Evidence? = nil) {
        self.code = code
        self.message = message
        self.seq = seq
        self.batchIndex = batchIndex
        self.evidence = evidence
    }

    /// Whether the error is the caller's to fix (bad input, exit code 2) rather than a failed
    /// verification or platform failure (exit code 1).
    public var isUsageError: Bool {
        switch code.kind {
        case .malformedInput, .invalidField, .streamConflict, .notALedger, .limitExceeded: true
        case .integrityFailure, .internalFailure: false
        }
    }

    public var description: String {
        if let seq { return "seq \(seq): \(message)" }
        return message
    }
}
