import Hummingbird
import NIOCore

/// Who may use an operator endpoint: with `ADMIN_TOKEN` set, whoever sends
/// `Authorization: Bearer <token>`; without it, loopback clients only.
struct AdminAccess: Sendable {
    let adminToken: String?

    func authorize(_ request: Request, _ context: HostRequestContext) throws {
        if let adminToken {
            let presented = request.headers[.authorization] ?? ""
            guard SecretComparison.matches(presented: presented.utf8, expected: Array("Bearer \(adminToken)".utf8))
            else {
                throw APIError(.unauthorized, "send Authorization: Bearer <ADMIN_TOKEN> to use the admin endpoints")
            }
        } else if !(context.remoteAddress?.isLoopback ?? false) {
            throw APIError(.forbidden, "admin endpoints answer loopback clients only; set ADMIN_TOKEN to allow others")
        }
    }
}

extension SocketAddress {
    fileprivate var isLoopback: Bool {
        switch self {
        case .v4(let address): address.host.hasPrefix("127.")
        case .v6(let address): address.host == "::1" || address.host.hasPrefix("::ffff:127.")
        case .unixDomainSocket: true
        }
    }
}
