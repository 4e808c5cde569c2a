public import LedgerCore

/// `modelcard.section.set`: the free text of one section of a model's card, written by a person
/// (intended use, ethical considerations, known limitations…). The rest of the card is filled
/// from the log itself; these entries carry what only people can say. A later entry for the
/// same section replaces the text; both stay in the log.
public struct ModelCardSectionSet: GovernancePayload {
    public static let eventType = EventType.modelCardSectionSet

    /// The longest text a section takes, in characters.
    public static let maximumLength = 20_000

    public var model: ModelSlug
    public var section: ModelCardSection
    public var text: String
    /// The version the text is about, when it is about one version only.
    public var version: SemanticVersion?
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, section: ModelCardSection, text: String, version: SemanticVersion?, policyDigest: SHA256Digest) {
        self.model = model
        self.section = section
        self.text = text
        self.version = version
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        section = try fields.required("section", "one of " + ModelCardSection.allCases.map(\.rawValue).joined(separator: ", ")) {
            $0.stringValue.flatMap(ModelCardSection.init(rawValue:))
        }
        text = try fields.required("text", "text of 1 to \(Self.maximumLength) characters") {
            guard let text = $0.stringValue, Self.isValidText(text) else { return nil }
            return text
        }
        version = try fields.optionalIdentifier("version", SemanticVersion.self, "a semantic version such as 1.2.0")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "model": .string(model.rawValue), "section": .string(section.rawValue), "text": .string(text),
            "policyDigest": .string(policyDigest.hex),
        ]
        object["version"] = version.map { .string($0.description) }
        return object
    }

    /// Whether `text` can be a section's text: not blank, at most ``maximumLength`` characters.
    public static func isValidText(_ text: String) -> Bool {
        !text.allSatisfy(\.isWhitespace) && text.count <= maximumLength
    }
}

/// The sections of a model card that people write. They follow Mitchell et al., "Model Cards for
/// Model Reporting" (2019), plus the items the default policy requires of Tier 1 cards
/// (limitations and failure modes, risk assessment, environmental impact of training).
public enum ModelCardSection: String, Hashable, Sendable, CaseIterable, Codable, Comparable {
    /// A short description of the model, for the card's first paragraph.
    case overview
    /// Primary intended uses.
    case intendedUse
    /// Primary intended users.
    case intendedUsers
    /// Uses out of scope.
    case outOfScopeUses
    /// Relevant factors: groups, instrumentation, environments.
    case factors
    /// Training data: sources, collection, preprocessing and its limits.
    case trainingData
    /// Evaluation data: datasets, motivation, preprocessing.
    case evaluationData
    /// Ethical considerations.
    case ethicalConsiderations
    /// Known limitations.
    case limitations
    /// Known failure modes.
    case failureModes
    /// Risk assessment.
    case riskAssessment
    /// Environmental impact of training (compute, energy, carbon).
    case environmentalImpact
    /// Caveats and recommendations.
    case caveats

    /// The heading of the section on the card.
    public var title: String {
        switch self {
        case .overview: "Overview"
        case .intendedUse: "Intended use"
        case .intendedUsers: "Intended users"
        case .outOfScopeUses: "Out-of-scope uses"
        case .factors: "Factors"
        case .trainingData: "Training data"
        case .evaluationData: "Evaluation data"
        case .ethicalConsiderations: "Ethical considerations"
        case .limitations: "Known limitations"
        case .failureModes: "Failure modes"
        case .riskAssessment: "Risk assessment"
        case .environmentalImpact: "Environmental impact"
        case .caveats: "Caveats and recommendations"
        }
    }

    /// The sections the default policy requires on a comprehensive (Tier 1) card.
    public static let comprehensive: [ModelCardSection] = [
        .intendedUse, .trainingData, .limitations, .failureModes, .ethicalConsiderations, .riskAssessment, .environmentalImpact,
    ]

    /// The sections a standard card requires.
    public static let standard: [ModelCardSection] = [.intendedUse, .trainingData, .limitations, .ethicalConsiderations]

    /// The sections a lightweight card requires.
    public static let lightweight: [ModelCardSection] = [.intendedUse]

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
