public import Hummingbird

/// Every page and form of the web dashboard: its method, path and the permission it needs
/// (`nil`: public). Pages are HTML rendered from the Mustache templates in `projections/dashboard/`
/// and authenticated by a session cookie opened at `/login` with an API token; forms carry a CSRF
/// token. The route tests walk this list with every role.
public enum DashboardRoute: String, CaseIterable, Sendable {
    case loginForm, login, logout
    case registry, model, modelCard, board, vote, alerts
    case auditPackForm, auditPack

    public var method: HTTPRequest.Method {
        switch self {
        case .login, .logout, .vote, .auditPack: .post
        default: .get
        }
    }

    public var path: String {
        switch self {
        case .loginForm, .login: "/login"
        case .logout: "/logout"
        case .registry: "/registry"
        case .model: "/models/{name}"
        case .modelCard: "/models/{name}/card"
        case .board: "/board"
        case .vote: "/board/vote"
        case .alerts: "/alerts"
        case .auditPackForm, .auditPack: "/audit-packs"
        }
    }

    /// The permission the route needs; `nil` for the login pages, which are public, and logout,
    /// which needs only a session.
    public var permission: APIPermission? {
        switch self {
        case .loginForm, .login, .logout: nil
        case .registry, .model, .modelCard, .board, .alerts: .readRegistry
        case .vote: .vote
        case .auditPackForm, .auditPack: .buildPack
        }
    }
}
