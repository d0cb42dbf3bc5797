import AVRHost
import FunctionABI
import Testing

/// `DELETE /sessions/{uuid}` decodes the uuid's percent escapes, so any uuid can be ended.
@Suite("Session paths")
struct SessionPathTests {
    static let uuids: [(uuid: String, path: String)] = [
        ("a b", "a%20b"), ("caf\u{E9}", "caf%C3%A9"), ("x/y", "x%2Fy"), ("100%", "100%25"),
    ]

    private func delete(_ host: TestHost, _ path: String) async throws -> RawHTTPResponse {
        let connection = try RawConnection(port: host.port)
        connection.send(method: "DELETE", path: "/sessions/" + path)
        _ = try await within { await connection.read() }
        return RawHTTPResponse(connection.received)
    }

    @Test("a uuid with a space, an accent, a slash or a percent sign is ended by its escaped path")
    func escapedUUIDs() async throws {
        try await withTestHost { host in
            for (uuid, path) in Self.uuids {
                let turn = try await host.turn(#"{"uuid":"\#(uuid)","message":"hello"}"#)
                #expect(turn.status == 200)
                #expect(try await delete(host, path).status == 204, "\(uuid)")
                #expect(try await delete(host, path).status == 404, "\(uuid) ended twice")
            }
        }
    }

    @Test("a malformed escape gets 400 saying what is wrong", arguments: ["a%2", "a%zzb", "%C3", "%"])
    func malformedEscape(path: String) async throws {
        try await withTestHost { host in
            let answer = try await delete(host, path)
            #expect(answer.status == 400)
            let message = try #require(answer.json?["message"]?.stringValue)
            #expect(message.hasPrefix("the path parameter uuid is not valid"))
        }
    }
}
