import AVRHost
import Foundation
import FunctionABI
import Testing

/// A remote MCP server over Streamable HTTP (the official Python SDK behind uvicorn).
@Suite(.enabled(if: MCPTestSupport.isAvailable, "scripts/test installs the mcp package into .build/fidelity-venv"))
struct MCPHTTPTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    /// A `mcp_servers` member for a remote server at `url`; `extra` adds fields.
    static func remoteEntry(_ name: String, url: String, _ extra: String = "") -> String {
        #""\#(name)": {"url": "\#(url)", "headers": {"X-Test": "${HOME}"}\#(extra.isEmpty ? "" : ", " + extra)}"#
    }

    @Test func toolsAnswerFailAndKeepTheirDeadline() async throws {
        let server = try await MCPHTTPTestServer.start()
        defer { server.stop() }
        MCPTestSupport.writeConfig([Self.remoteEntry("remote", url: server.url, #""timeout_ms": 800"#)], in: directory)
        try await MCPTestSupport.withRegistry(in: directory) { registry throws in
            #expect(await MCPTestSupport.waitForTool(registry, "remote_echo"))
            let listed = try #require(MCPTestSupport.server(registry, "remote"))
            #expect(listed.transport == "http" && listed.state == "ready" && listed.pid == nil)
            #expect(listed.protocolVersion == "2025-06-18")

            let answered = await MCPTestSupport.call(registry, "remote_echo", #"{"text": "over http"}"#)
            #expect(answered.spokenMessage == "echo: over http")
            let failed = await MCPTestSupport.call(registry, "remote_fail", #"{"reason": "remote says no"}"#)
            #expect(!failed.succeeded)
            #expect(try JSONValue.parse(failed.output)["message"]?.string?.contains("remote says no") == true)
            let whoami = await MCPTestSupport.call(registry, "remote_whoami", "{}", uuid: "uuid-http")
            #expect(
                try JSONValue.parse(try JSONValue.parse(whoami.output)["message"]?.string ?? "")["meta"]?["avr/uuid"]
                    == "uuid-http")

            let started = ContinuousClock.now
            let hung = await MCPTestSupport.call(registry, "remote_hang", #"{"seconds": 30}"#)
            #expect(.now - started < .seconds(5))
            #expect(try JSONValue.parse(hung.output)["error"] == "timeout")
            #expect(await MCPTestSupport.call(registry, "remote_echo", #"{"text": "still"}"#).succeeded)
        }
    }

    @Test func aRestartedServerIsReconnectedWithANewSession() async throws {
        let first = try await MCPHTTPTestServer.start()
        let port = first.port
        MCPTestSupport.writeConfig([Self.remoteEntry("remote", url: first.url)], in: directory)
        try await MCPTestSupport.withRegistry(in: directory) { registry throws in
            #expect(await MCPTestSupport.waitForTool(registry, "remote_echo"))
            await first.kill()
            // While it is away, its calls fail at once with an error output; no turn waits.
            let away = await MCPTestSupport.call(registry, "remote_echo", #"{"text": "anyone?"}"#)
            #expect(!away.succeeded)

            let second = try await MCPHTTPTestServer.start(port: port)
            defer { second.stop() }
            #expect(await Self.reconnected(registry))
            #expect(
                await MCPTestSupport.call(registry, "remote_echo", #"{"text": "again"}"#).spokenMessage == "echo: again"
            )
        }
    }

    @Test func aServerThatNoLongerKnowsTheSessionIsInitialisedAgain() async throws {
        let first = try await MCPHTTPTestServer.start()
        MCPTestSupport.writeConfig([Self.remoteEntry("remote", url: first.url)], in: directory)
        try await MCPTestSupport.withRegistry(in: directory) { registry throws in
            #expect(await MCPTestSupport.waitForTool(registry, "remote_echo"))
            // Back on the same port before the host noticed: the old session id gets a 404.
            await first.kill()
            let second = try await MCPHTTPTestServer.start(port: first.port)
            defer { second.stop() }
            let lost = await MCPTestSupport.call(registry, "remote_echo", #"{"text": "old session"}"#)
            // Usually the 404 itself; on a loaded machine the ping may have found the loss first.
            let why = try JSONValue.parse(lost.output)["message"]?.string ?? ""
            #expect(why.contains("HTTP 404") || why.contains("restarting"), "\(why)")
            #expect(await Self.reconnected(registry))
            #expect(
                await MCPTestSupport.call(registry, "remote_echo", #"{"text": "new"}"#).spokenMessage == "echo: new")
        }
    }

    /// Ready again after having been lost (once or more: each failed reconnection counts).
    static func reconnected(_ registry: PluginRegistry) async -> Bool {
        await PluginTestSupport.eventually(within: 30) {
            let server = MCPTestSupport.server(registry, "remote")
            return server?.state == "ready" && (server?.restarts ?? 0) >= 1
        }
    }
}
