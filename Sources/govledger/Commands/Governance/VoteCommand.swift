import ArgumentParser
import Governance
import LedgerCore

struct VoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vote",
        abstract: "Sign and cast a board member's vote on a version's open approval request.",
        discussion: """
            The vote is signed here with the member's private key (--key FILE: one line holding the 32-byte Ed25519 \
            seed as 64 lowercase hex characters or base64, as written by 'govledger keys generate-member'); only the \
            signature enters the ledger. The signed bytes are "govledger-vote/v1\\n" followed by the RFC 8785 form of \
            {board, decision, dissent?, member, model, rationale, request, version} (docs/governance.md). The actor is \
            the member. --sign-only prints the ballot and signature without appending. When the vote reaches the quorum, \
            or makes approval impossible, the decision is recorded with it.
            """)

    @OptionGroup var options: GovernanceOptions
    @Argument(help: ArgumentHelp("The model's slug or name.", valueName: "model")) var model: String
    @Argument(help: ArgumentHelp("The version.", valueName: "version")) var version: String
    @Option(help: ArgumentHelp("approve, reject or abstain.", valueName: "decision")) var decision: String
    @Option(help: ArgumentHelp("The reasons for the vote.", valueName: "text")) var rationale: String
    @Option(help: ArgumentHelp("A dissenting opinion for the minutes.", valueName: "text")) var dissent: String?
    @Option(help: ArgumentHelp("The member's private key file.", valueName: "file")) var key: String
    @Flag(name: .customLong("sign-only"), help: "Print the ballot and its signature; append nothing.") var signOnly = false

    func run() async throws {
        guard let choice = VoteDecision(rawValue: decision) else {
            throw ValidationError("--decision must be approve, reject or abstain, not '\(decision)'.")
        }
        let privateKey = try GovernanceArguments.privateKey(path: key)
        let service = try options.service()
        let ballot = try await service.prepareBallot(
            model: try GovernanceArguments.model(model), version: try GovernanceArguments.version(version),
            member: try options.actor.principal(), decision: choice, rationale: rationale, dissent: dissent)
        let signature = try ballot.sign(with: privateKey)
        let fingerprint = privateKey.publicKey.fingerprint
        if signOnly {
            let ballotText = String(decoding: JSONValue.object(ballot.json).canonicalBytes(), as: UTF8.self)
            if options.output.json {
                Output.json(["ballot": .object(ballot.json), "signature": .string(Base64.encode(signature)), "keyFingerprint": .string(fingerprint.hex)])
            } else {
                Output.line("ballot       \(ballotText)")
                Output.line("signature    \(Base64.encode(signature))")
                Output.line("key          \(fingerprint.hex)")
            }
            return
        }
        let written = try await service.execute(.castVote(ballot: ballot, keyFingerprint: fingerprint, signature: signature), by: try options.actor.principal())
        GovernanceOutput.written(written, json: options.output.json)
    }
}
