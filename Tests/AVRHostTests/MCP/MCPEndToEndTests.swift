import AVRHost
import Foundation
import FunctionABI
import Testing

/// An MCP server's tools through the whole host: offered upstream, called by the model during a
/// `/prompt-stream` turn, and supervised so that a crash costs one tool call, not the turn.
@Suite(.enabled(if: MCPTestSupport.isAvailable, "scripts/test installs the mcp package into .build/fidelity-venv"))
struct MCPEndToEndTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    func listing(_ host: TestHost) async throws -> JSONValue {
        try JSONValue.parse(try await host.client.send(HTTPRequest(url: host.url + "/plugins")).body)
    }

    func waitUntilReady(_ host: TestHost, pid notPID: Double? = nil) async throws -> JSONValue? {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            let server = try await listing(host)["mcp_servers"]?.arrayValue?.first
            if server?["state"] == "ready", notPID == nil || server?["pid"] != .number(notPID!) { return server }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }

    @Test func theModelCallsAnMCPToolDuringATurnAndACrashStillEndsWithWords() async throws {
        MCPTestSupport.writeConfig([MCPTestSupport.stdioEntry("avr")], in: directory)
        try await withTestHost(tools: nil) { settings in
            settings.pluginsConfigPath = directory + "/plugins.json"
        } _: { host in
            let server = try #require(try await waitUntilReady(host))
            #expect(server["tools"]?.arrayValue?.contains("avr_echo") == true)

            let (status, texts, _) = try await host.turn(
                ##"{"uuid": "mcp-call", "message": "#call avr_echo {\"text\": \"hello\"}"}"##)
            #expect(status == 200)
            #expect(texts.first == "echo: hello", "the short answer is said at once: \(texts)")
            #expect(texts.joined().contains("Done:"))
            // The tool was offered upstream with the server's own input schema.
            let offered = host.standIn.responseBodies.first?["tools"]?.arrayValue ?? []
            let echo = try #require(offered.first { $0["name"] == "avr_echo" })
            #expect(echo["parameters"]?["required"] == ["text"])
            #expect(echo["description"] == "Says the text back.")

            let firstPID = try #require(server["pid"]?.intValue)
            let crashed = try await host.turn(##"{"uuid": "mcp-crash", "message": "#call avr_crash {}"}"##)
            #expect(crashed.status == 200)
            #expect(crashed.texts.joined().contains("Done:"), "the turn ends with words: \(crashed.texts)")
            let restarted = try #require(try await waitUntilReady(host, pid: Double(firstPID)))
            #expect(restarted["restarts"] == 1)
            let again = try await host.turn(
                ##"{"uuid": "mcp-call", "message": "#call avr_echo {\"text\": \"again\"}"}"##)
            #expect(again.texts.first == "echo: again")
        }
    }

    @Test func aLocalServerNeverOutlivesAKilledHost() async throws {
        let host = try HostProcess(environment: ["PLUGINS_CONFIG": directory + "/plugins.json"])
        MCPTestSupport.writeConfig([MCPTestSupport.stdioEntry("orphan")], in: directory)
        let port = try await host.port()
        let client = HTTPClient()
        defer { client.shutdown() }
        var pid: Int32?
        let deadline = ContinuousClock.now + .seconds(30)
        while pid == nil, ContinuousClock.now < deadline {
            let body = try await client.send(HTTPRequest(url: "http://127.0.0.1:\(port)/plugins")).body
            let server = try JSONValue.parse(body)["mcp_servers"]?.arrayValue?.first
            if server?["state"] == "ready" { pid = server?["pid"]?.intValue.map(Int32.init) }
            if pid == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        let child = try #require(pid)
        #expect(kill(child, 0) == 0)
        kill(host.process.processIdentifier, SIGKILL)
        _ = await host.exitStatus()
        // The kernel kills it (PR_SET_PDEATHSIG); its zombie goes once init reaps it.
        #expect(
            await PluginTestSupport.eventually(within: 10) {
                kill(child, 0) != 0
                    || (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8))?.contains(") Z ") == true
            })
    }
}
