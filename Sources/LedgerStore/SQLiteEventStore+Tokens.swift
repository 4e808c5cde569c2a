public import LedgerCore
internal import GRDB
import Foundation

/// An API token's grant, as stored: who it authenticates, in which role, until when.
///
/// The token itself is never stored, only its SHA-256 (``SQLiteEventStore/createToken(principal:role:expires:)``).
public struct APIToken: Hashable, Sendable {
    /// The principal every request made with the token acts as.
    public let principal: Principal
    /// The server role, such as `auditor`; the server decides what it allows.
    public let role: String
    /// When the token was created.
    public let created: Timestamp
    /// When the token stops working, if ever.
    public let expires: Timestamp?

    public init(principal: Principal, role: String, created: Timestamp, expires: Timestamp?) {
        self.principal = principal
        self.role = role
        self.created = created
        self.expires = expires
    }

    /// Whether the token has expired at `time`.
    public func isExpired(at time: Timestamp) -> Bool {
        expires.map { !(time < $0) } ?? false
    }
}

extension SQLiteEventStore {
    /// The prefix of every API token, so that a leaked token is easy to recognise in a scan.
    public static let tokenPrefix = "glt_"

    /// Creates an API token and stores its SHA-256 with the grant.
    ///
    /// ```swift
    /// let token = try store.createToken(principal: Principal(rawValue: "ci@bank.example")!, role: "ml-engineer", expires: nil)
    /// ```
    ///
    /// - Returns: the token, `glt_` followed by 64 lowercase hex characters (32 random bytes);
    ///   it is not kept anywhere and cannot be shown again.
    public func createToken(principal: Principal, role: String, expires: Timestamp?) throws -> String {
        let secret = try configuration.random.bytes(count: 32)
        let token = Self.tokenPrefix + Hex.encode(secret)
        let hash = SHA256.hash(Array(token.utf8))
        let created = configuration.clock.now()
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO api_token (token_hash, principal, role, created, expires) VALUES (?, ?, ?, ?, ?)",
                arguments: [Data(hash.bytes), principal.rawValue, role, created.description, expires?.description])
        }
        return token
    }

    /// The grant of a token presented by a client, or `nil` when no such token exists.
    public func token(_ presented: String) throws -> APIToken? {
        let hash = SHA256.hash(Array(presented.utf8))
        return try pool.read { db -> APIToken? in
            guard let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT principal, role, created, expires FROM api_token WHERE token_hash = ?"),
                arguments: [Data(hash.bytes)])
            else { return nil }
            let principalText: String = row[0]
            let createdText: String = row[2]
            let expiresText: String? = row[3]
            guard let principal = Principal(rawValue: principalText), let created = Timestamp(createdText) else {
                throw LedgerError(.integrityFailure, "A stored API token has an unreadable principal or time; create a new token.")
            }
            return APIToken(principal: principal, role: row[1], created: created, expires: expiresText.flatMap { Timestamp($0) })
        }
    }

    /// How many API tokens are stored.
    public func tokenCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api_token") ?? 0 }
    }
}
