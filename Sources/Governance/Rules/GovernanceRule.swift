public import LedgerCore

/// A named governance rule. Every rejection and every violation found by the rule checker
/// names one, so that messages, tests and audit reports can refer to it.
///
/// The four lifecycle guards keep the policy's names (`validation`, `no_regression`,
/// `approvals`, `archive_window`); the other rules are kebab-case. `docs/governance.md` lists
/// each with what it checks and how to satisfy it.
public enum GovernanceRule: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// A decision needs an adopted policy.
    case policyAdopted = "policy-adopted"
    /// A decision entry names the digest of the policy in force.
    case policyDigest = "policy-digest"
    /// The payload reads as its catalog type and agrees with its own fields.
    case catalog
    /// The entry is on the stream its payload belongs to.
    case stream
    /// The entry's retention class is the one its tier (or the policy) decides.
    case retention
    /// A purge removed only payloads whose window had ended, of models not on legal hold.
    case lawfulPurge = "lawful-purge"
    /// The model is registered.
    case modelUnknown = "model-unknown"
    /// A model is registered once.
    case modelUnique = "model-unique"
    /// The tier is defined by the policy.
    case tierDefined = "tier-defined"
    /// A tier change names the current tier and changes it.
    case tierChange = "tier-change"
    /// The version is registered.
    case versionUnknown = "version-unknown"
    /// A new version is greater than every earlier version.
    case versionIncreasing = "version-increasing"
    /// The recorded baseline and bump kind are the ones the registry computes.
    case versionBump = "version-bump"
    /// The lineage has every key the tier's lineage depth requires.
    case lineage
    /// A validation record names a defined suite and exactly its metrics, in range.
    case validationSuite = "validation-suite"
    /// Recorded pass/fail outcomes are the ones the thresholds give.
    case validationOutcome = "validation-outcome"
    /// The lifecycle allows the transition from the version's current stage.
    case lifecycle
    /// Guard: the required suites are recorded and passed.
    case validation
    /// Guard: no metric degrades beyond the limit against the production version.
    case noRegression = "no_regression"
    /// Guard: the board decided to approve at quorum and every sign-off is recorded.
    case approvals
    /// Guard: a deprecated version may be archived.
    case archiveWindow = "archive_window"
    /// A rollback returns the previous production version.
    case rollback
    /// An entry that requires another (a deciding vote, a promotion, a rollback) is followed
    /// at once by it on the same stream.
    case followUp = "follow-up"
    /// An approval request targets a transition that needs approvals.
    case approvalTarget = "approval-target"
    /// A version has at most one active request, which records what the tier requires.
    case approvalRequest = "approval-request"
    /// Votes and sign-offs go to an existing request that is still open.
    case requestOpen = "request-open"
    /// The board is defined by the policy.
    case boardDefined = "board-defined"
    /// A board has at most its size of members; a seat is defined and free.
    case boardSeat = "board-seat"
    /// Votes come from current members; a member is appointed once and removed only if appointed.
    case boardMember = "board-member"
    /// A member's key is a valid Ed25519 key no other member uses.
    case boardKey = "board-key"
    /// A vote is signed by the member's appointed key over its canonical bytes.
    case voteSignature = "vote-signature"
    /// A member votes once per request.
    case voteOnce = "vote-once"
    /// A decision is recorded exactly when the votes force it, with the right outcome and tally.
    case decisionTally = "decision-tally"
    /// The principal signing off holds the role.
    case signoffRole = "signoff-role"
    /// The role is one the tier requires.
    case signoffRequired = "signoff-required"
    /// A role signs off once per request.
    case signoffOnce = "signoff-once"
    /// The role is defined by the policy.
    case roleDefined = "role-defined"
    /// A role is assigned once and revoked only if held.
    case roleHeld = "role-held"
    /// Evidence input makes a valid computation (groups, histograms, samples, counts).
    case evidenceInput = "evidence-input"
    /// Recorded evidence results, statuses and verdicts are the ones the ledger computes from the input.
    case evidenceResult = "evidence-result"
    /// A rollout starts for a production version with steps its strategy allows, one at a time,
    /// and its steps, reports and rollback follow it in order.
    case deployment
    /// A model card section has text of 1 to 20,000 characters, for a registered version if it names one.
    case modelCard = "model-card"
    /// An audit finding has a due date not before the day it is recorded; a remediation names a
    /// finding of the same model that is still open.
    case auditFinding = "audit-finding"
    /// A tag or description names a registered model (and version), with a key of 1 to 250
    /// bytes and a value of at most 5,000; a deleted tag was set.
    case annotation
    /// An alias is a valid name that is not reserved (`latest`, `v<number>`), points at a
    /// registered, unarchived version, and a deleted alias was set.
    case alias
    /// An alias the policy's `mlflow.aliases` maps to a lifecycle stage points only at a version
    /// in that stage (setting `champion` is a promotion).
    case aliasStage = "alias-stage"
    /// A rename starts from the current name, and the new name is not another model's name or slug.
    case modelName = "model-name"
    /// An OpenLineage event linked to a model names a registered version, on the model's stream.
    case openLineageLink = "openlineage-link"
    /// A feature is registered before its versions are released or deprecated, and once.
    case featureUnknown = "feature-unknown"
    /// A feature's new version is greater than its latest, and the bump from it is the declared kind of change.
    case featureVersion = "feature-version"
    /// A deprecation names a released version of the feature that is not deprecated yet.
    case featureDeprecation = "feature-deprecation"
    /// A feature set version is new and greater than the set's latest, and every member is a released
    /// feature version not deprecated past its grace; a model version's lineage that names
    /// `<featureset>@<version>` of an existing set names a released version of it.
    case featureSet = "feature-set"

    public var description: String { rawValue }
}

/// A command or entry that breaks a governance rule: what was attempted, the rule, and why,
/// with what would satisfy it.
///
/// ```swift
/// let rejection = GovernanceRejection(.approvals, "transition fraud-detection-engine 3.3.0 staging → approved",
///     "the Tier 1 board ml-review-board has 2 approving votes of the quorum 4; 2 more members must approve (govledger vote …)")
/// rejection.ledgerError.message
/// // transition fraud-detection-engine 3.3.0 staging → approved refused by rule approvals: the Tier 1 board …
/// ```
public struct GovernanceRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// The rule broken.
    public let rule: GovernanceRule
    /// What was attempted, such as "transition fraud-detection-engine 3.3.0 staging → approved".
    public let subject: String
    /// Why it breaks the rule and what would satisfy it.
    public let reason: String

    public init(_ rule: GovernanceRule, _ subject: String, _ reason: String) {
        self.rule = rule
        self.subject = subject
        self.reason = reason
    }

    /// "`subject` refused by rule `rule`: `reason`".
    public var description: String { "\(subject) refused by rule \(rule): \(reason)" }

    /// The rejection as a ``LedgerError`` `.invalidField` (exit code 2: nothing was written).
    public var ledgerError: LedgerError { LedgerError(.invalidField, description) }
}
