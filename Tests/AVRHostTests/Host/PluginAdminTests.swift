import AVRHost
import Foundation
import FunctionABI
import Testing

/// The admin endpoints and live changes to plugins while the host serves.
@Suite("Plugin administration over HTTP")
struct PluginAdminTests {
    private let folder = FileManager.default.temporaryDirectory.appendingPathComponent("admin-\(UUID().uuidString)")

    private func writeConfig(_ entries: String) throws {
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("functions"), withIntermediateDirectories: true)
        try #"{"plugin_dirs": ["functions"], "plugins": {\#(entries)}}"#.write(
            to: folder.appendingPathComponent("plugins.json"), atomically: true, encoding: .utf8)
    }

    private func withAdminHost(token: String? = nil, _ body: (TestHost) async throws -> Void) async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withTestHost(tools: nil) { settings in
            settings.pluginsConfigPath = folder.appendingPathComponent("plugins.json").path
            settings.adminToken = token
        } _: { host in
            try await body(host)
        }
    }

    private func listing(_ host: TestHost, token: String? = nil) async throws -> (Int, FunctionABI.JSONValue?) {
        let headers = token.map { [("Authorization", "Bearer \($0)")] } ?? []
        let (head, body) = try await host.client.send(HTTPRequest(url: host.url + "/plugins", headers: headers))
        return (head.status, try? FunctionABI.JSONValue.parse(body))
    }

    private func offeredTools(_ host: TestHost, uuid: String) async throws -> Set<String> {
        _ = try await host.turn(#"{"uuid":"\#(uuid)","message":"which tools?"}"#)
        let tools = host.standIn.responseBodies.last?["tools"]?.arrayValue ?? []
        return Set(tools.compactMap { $0["name"]?.stringValue })
    }

    @Test("GET /plugins lists every function; with ADMIN_TOKEN set a bearer token is required")
    func listingAndToken() async throws {
        try writeConfig(#""avr_hangup": {"enabled": true}, "collect_info": {"enabled": false}"#)
        try await withAdminHost(token: "s3cret") { host in
            #expect(try await listing(host).0 == 401)
            #expect(try await listing(host, token: "wrong").0 == 401)
            let (status, body) = try await listing(host, token: "s3cret")
            #expect(status == 200)
            let functions = try #require(body?["functions"]?.arrayValue)
            let hangup = try #require(functions.first { $0["name"] == "avr_hangup" })
            #expect(hangup["status"] == "active")
            #expect(hangup["file"]?.stringValue?.hasSuffix("libavr_hangup.so") == true)
            #expect(hangup["calls"] == 0)
            #expect(functions.first { $0["name"] == "collect_info" }?["status"] == "disabled")
        }
    }

    @Test("POST /plugins/reload applies an edited plugins.json to the next turn; a broken one is refused")
    func reloadOverHTTP() async throws {
        try writeConfig(#""avr_hangup": {"enabled": true}, "collect_info": {"enabled": true}"#)
        try await withAdminHost { host in
            #expect(try await offeredTools(host, uuid: "r1") == ["avr_hangup", "collect_info"])
            try writeConfig(#""avr_hangup": {"enabled": true}, "collect_info": {"enabled": false}"#)
            let reload = try await host.client.send(HTTPRequest(method: "POST", url: host.url + "/plugins/reload"))
            #expect(reload.head.status == 200)
            #expect(try await offeredTools(host, uuid: "r2") == ["avr_hangup"])
            try writeConfig(#""avr_hangup": {"enabled": "yes"}"#)
            let refused = try await host.client.send(HTTPRequest(method: "POST", url: host.url + "/plugins/reload"))
            #expect(refused.head.status == 422)
            let report = try FunctionABI.JSONValue.parse(refused.body)
            #expect(report["config_error"]?.stringValue?.contains("plugins.avr_hangup.enabled") == true)
            #expect(try await offeredTools(host, uuid: "r3") == ["avr_hangup"])
        }
    }

    @Test("a .so dropped into the drop-in folder is offered upstream without a restart")
    func dropIn() async throws {
        try writeConfig(#""avr_hangup": {"enabled": true}"#)
        try await withAdminHost { host in
            #expect(try await offeredTools(host, uuid: "d1") == ["avr_hangup"])
            let built = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                .deletingLastPathComponent().appendingPathComponent("libc_echo_plugin.so")
            let staging = folder.appendingPathComponent("staging.tmp")
            try FileManager.default.copyItem(at: built, to: staging)
            try FileManager.default.moveItem(
                at: staging, to: folder.appendingPathComponent("functions/libc_echo_plugin.so"))
            try await within(.seconds(5)) {
                while try await listing(host).1?["functions"]?.arrayValue?.contains(where: { $0["name"] == "c_echo" })
                    != true
                {
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
            #expect(try await offeredTools(host, uuid: "d2") == ["avr_hangup", "c_echo"])
        }
    }
}
