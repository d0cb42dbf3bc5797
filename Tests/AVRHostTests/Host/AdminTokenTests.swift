@testable import AVRHost
import Foundation
import Testing

/// The admin token is compared byte for byte: no Unicode equivalence, no trimming.
@Suite("Admin token")
struct AdminTokenTests {
    /// "é" as one code point (NFC); the NFD spelling is "e" followed by a combining accent.
    static let token = "s3cret-caf\u{E9}"

    /// Refused on the wire and by the comparison.
    static let refused: [(label: String, presented: String)] = [
        ("NFD spelling", "s3cret-cafe\u{301}"),
        ("shorter", String(token.dropLast())),
        ("longer", token + "x"),
        ("empty", ""),
        ("space inside", "s3cret -caf\u{E9}"),
    ]

    /// Whitespace at the end of a header line is not part of the field value (RFC 9110 5.5):
    /// the HTTP parser drops it before any route sees the header, so these are checked against
    /// the comparison itself.
    static let trailingWhitespace: [(label: String, presented: String)] = [
        ("trailing space", token + " "), ("trailing tab", token + "\t"),
    ]

    private func status(_ host: TestHost, authorization: String?) async throws -> Int {
        let connection = try RawConnection(port: host.port)
        connection.send(method: "GET", path: "/plugins", headers: authorization.map { ["Authorization": $0] } ?? [:])
        _ = try await within { await connection.read() }
        return RawHTTPResponse(connection.received).status
    }

    private func withTokenHost(_ body: (TestHost) async throws -> Void) async throws {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("admin-token-\(UUID()).json")
        try #"{"plugin_dirs": [], "plugins": {}}"#.write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        try await withTestHost(tools: nil) { settings in
            settings.pluginsConfigPath = config.path
            settings.adminToken = Self.token
        } _: { host in
            try await body(host)
        }
    }

    @Test("only the exact bytes of the token are accepted")
    func exactBytes() async throws {
        try await withTokenHost { host in
            let exact = try await status(host, authorization: "Bearer \(Self.token)")
            #expect(exact == 200)
            let missing = try await status(host, authorization: nil)
            #expect(missing == 401)
            for (label, presented) in Self.refused {
                let answer = try await status(host, authorization: "Bearer \(presented)")
                #expect(answer == 401, "\(label)")
            }
        }
    }

    @Test("the comparison itself sees every byte", arguments: refused + trailingWhitespace)
    func comparison(label: String, presented: String) {
        let expected = Array(Self.token.utf8)
        #expect(!SecretComparison.matches(presented: presented.utf8, expected: expected), "\(label)")
        #expect(SecretComparison.matches(presented: Self.token.utf8, expected: expected))
    }
}
