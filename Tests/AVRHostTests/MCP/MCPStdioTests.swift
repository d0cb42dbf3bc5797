import AVRHost
import Foundation
import FunctionABI
import Testing

/// A local MCP server (the official Python SDK over stdio), started and supervised by the registry.
@Suite(.enabled(if: MCPTestSupport.isAvailable, "scripts/test installs the mcp package into .build/fidelity-venv"))
struct MCPStdioTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    @Test func toolsAreOfferedWithTheirSchemasAndAnswer() async throws {
        MCPTestSupport.writeConfig(
            [MCPTestSupport.stdioEntry("demo", #""env": {"MCP_TEST_LABEL": "from-config"}"#)], in: directory)
        let logs = CapturedLogs()
        try await MCPTestSupport.withRegistry(in: directory, logs: logs) { registry throws in
            #expect(await MCPTestSupport.waitForTool(registry, "demo_echo"))
            let echo = try #require(registry.currentCatalog().definitions.first { $0.name == "demo_echo" })
            #expect(echo.description == "Says the text back.")
            #expect(try JSONValue.parse(echo.parametersJSON)["required"] == ["text"])

            let answered = await MCPTestSupport.call(registry, "demo_echo", #"{"text": "hi"}"#)
            #expect(answered.succeeded)
            #expect(answered.spokenMessage == "echo: hi")
            #expect(try JSONValue.parse(answered.output)["message"] == "echo: hi")

            let failed = await MCPTestSupport.call(registry, "demo_fail", #"{"reason": "no stock"}"#)
            #expect(!failed.succeeded)
            let failure = try JSONValue.parse(failed.output)
            #expect(failure["error"] == "tool_error")
            #expect(failure["message"]?.string?.contains("no stock") == true)

            // Structured content is the output's data.
            let forecast = await MCPTestSupport.call(registry, "demo_forecast", #"{"city": "Oslo"}"#)
            #expect(try JSONValue.parse(forecast.output)["data"] == ["city": "Oslo", "temp_c": 21])

            // The call's uuid and id reach the server in _meta; the entry's env reaches its process.
            let whoami = await MCPTestSupport.call(registry, "demo_whoami", "{}", uuid: "uuid-42")
            let report = try JSONValue.parse(try JSONValue.parse(whoami.output)["message"]?.string ?? "")
            #expect(report["meta"]?["avr/uuid"] == "uuid-42")
            #expect(report["meta"]?["avr/call_id"] == "fc-1")
            #expect(report["value"] == "from-config")
            #expect(whoami.spokenMessage == nil, "a JSON document is not words for the caller")

            // Its stderr is in the host log under its name; the listing shows it ready with its calls.
            #expect(
                logs.all.contains {
                    $0.message.contains("stderr: avr-test MCP server starting") && $0.metadata["mcp_server"] == "demo"
                })
            let listed = try #require(MCPTestSupport.server(registry, "demo"))
            #expect(listed.state == "ready")
            #expect(listed.transport == "stdio")
            #expect(listed.calls == 4 && listed.failures == 1)
            #expect(listed.tools.contains("demo_hang"))
            #expect(listed.serverName == "avr-test")
            #expect(registry.listing().functions.first { $0.name == "demo_echo" }?.kind == "mcp")
        }
    }

    @Test func aHungCallGetsItsDeadlineAndIsCancelledAtTheServer() async throws {
        let markers = PluginTestSupport.makeTemporaryDirectory()
        MCPTestSupport.writeConfig(
            [MCPTestSupport.stdioEntry("slow", #""timeout_ms": 700, "env": {"MCP_TEST_MARKERS": "\#(markers)"}"#)],
            in: directory)
        try await MCPTestSupport.withRegistry(in: directory) { registry throws in
            #expect(await MCPTestSupport.waitForTool(registry, "slow_hang"))
            let started = ContinuousClock.now
            let outcome = await MCPTestSupport.call(registry, "slow_hang", #"{"seconds": 30, "tag": "deadline"}"#)
            #expect(.now - started < .seconds(5))
            #expect(!outcome.succeeded)
            #expect(try JSONValue.parse(outcome.output)["error"] == "timeout")
            // notifications/cancelled reached the server: its task was cancelled.
            #expect(
                await PluginTestSupport.eventually(within: 10) {
                    FileManager.default.fileExists(atPath: markers + "/cancelled-deadline")
                })
            // The server is still healthy for the next call.
            #expect(await MCPTestSupport.call(registry, "slow_echo", #"{"text": "after"}"#).succeeded)
        }
    }

    @Test func aServerThatCrashesMidCallIsRestartedAndOnlyItsToolsSuffer() async throws {
        MCPTestSupport.writeConfig(
            [MCPTestSupport.stdioEntry("fragile"), MCPTestSupport.stdioEntry("steady")], in: directory)
        try await MCPTestSupport.withRegistry(in: directory) { registry throws in
            #expect(await MCPTestSupport.waitForTool(registry, "fragile_crash"))
            #expect(await MCPTestSupport.waitForTool(registry, "steady_echo"))
            let firstPID = try #require(MCPTestSupport.server(registry, "fragile")?.pid)

            let crashed = await MCPTestSupport.call(registry, "fragile_crash")
            #expect(!crashed.succeeded)
            #expect(try JSONValue.parse(crashed.output)["error"] == "unavailable")
            // The other server never noticed.
            #expect(await MCPTestSupport.call(registry, "steady_echo", #"{"text": "still here"}"#).succeeded)

            #expect(
                await PluginTestSupport.eventually(within: 30) {
                    let server = MCPTestSupport.server(registry, "fragile")
                    return server?.state == "ready" && server?.pid != firstPID
                })
            let listed = try #require(MCPTestSupport.server(registry, "fragile"))
            #expect(listed.restarts == 1)
            #expect(
                await MCPTestSupport.call(registry, "fragile_echo", #"{"text": "back"}"#).spokenMessage == "echo: back")
        }
    }

    @Test func aServerThatKeepsDyingIsGivenUpWithItsExitStatus() async throws {
        let dying =
            #""dying": {"command": ["\#(MCPTestSupport.python)", "-c", "import sys; sys.exit(7)"], "max_restarts": 1}"#
        MCPTestSupport.writeConfig([dying, MCPTestSupport.stdioEntry("steady")], in: directory)
        try await MCPTestSupport.withRegistry(in: directory) { registry throws in
            #expect(
                await PluginTestSupport.eventually(within: 30) {
                    MCPTestSupport.server(registry, "dying")?.state == "failed"
                })
            let listed = try #require(MCPTestSupport.server(registry, "dying"))
            #expect(listed.error?.contains("gave up after 1 restart(s)") == true, "\(listed.error ?? "")")
            #expect(listed.error?.contains("exited with status 7") == true, "\(listed.error ?? "")")
            #expect(await MCPTestSupport.waitForTool(registry, "steady_echo"))
        }
    }

    @Test func aCommandThatCannotStartIsReported() async throws {
        MCPTestSupport.writeConfig(
            [#""missing": {"command": ["no-such-mcp-server"], "max_restarts": 0}"#], in: directory)
        try await MCPTestSupport.withRegistry(in: directory) { registry throws in
            #expect(
                await PluginTestSupport.eventually(within: 10) {
                    MCPTestSupport.server(registry, "missing")?.state == "failed"
                })
            #expect(
                MCPTestSupport.server(registry, "missing")?.error?.contains("cannot start no-such-mcp-server") == true)
        }
    }

    @Test func aChattyServersStderrIsCutAndRateLimited() async throws {
        MCPTestSupport.writeConfig([MCPTestSupport.stdioEntry("loud")], in: directory)
        let logs = CapturedLogs()
        try await MCPTestSupport.withRegistry(in: directory, logs: logs) { registry throws in
            #expect(await MCPTestSupport.waitForTool(registry, "loud_chatter"))
            #expect(await MCPTestSupport.call(registry, "loud_chatter", #"{"lines": 200}"#).succeeded)
            // Stopping the server ends its stderr, which reports what was dropped.
            await MCPTestSupport.stop(registry)
            let lines = logs.all.filter { $0.message.contains("stderr: chatter") }
            #expect(lines.count < 60, "\(lines.count) lines logged")
            #expect(lines.allSatisfy { $0.message.count < 600 && $0.message.hasSuffix(" [cut at 500 bytes]") })
            // The stderr reader reports at the end of the stream, which may come after stop returns.
            #expect(
                await PluginTestSupport.eventually(within: 10) {
                    logs.all.contains { $0.level == .warning && $0.message.contains("line(s) dropped") }
                })
        }
    }
}
