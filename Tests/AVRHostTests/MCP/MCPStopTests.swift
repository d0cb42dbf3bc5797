import AVRHost
import Foundation
import Testing

/// Stopping a server whose `initialize` is never answered does not wait out the 30 s set-up
/// deadline: its request is abandoned at once.
@Suite(.enabled(if: MCPTestSupport.isAvailable, "scripts/test installs the mcp package into .build/fidelity-venv"))
struct MCPStopTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    @Test func removingAServerHungInInitializeClosesItsConnectionAtOnce() async throws {
        let hung = try SilentServer(reply: nil)
        let hungEntry = MCPHTTPTests.remoteEntry("hung", url: "http://127.0.0.1:\(hung.port)/mcp")
        MCPTestSupport.writeConfig([hungEntry, MCPTestSupport.stdioEntry("steady")], in: directory)
        try await MCPTestSupport.withRegistry(in: directory) { registry throws in
            #expect(await hung.requestReceived(within: .seconds(30)), "initialize is in flight")
            #expect(await MCPTestSupport.waitForTool(registry, "steady_echo"))
            #expect(MCPTestSupport.server(registry, "hung")?.state == "starting")

            MCPTestSupport.writeConfig([MCPTestSupport.stdioEntry("steady")], in: directory)
            let started = ContinuousClock.now
            _ = await registry.reloadOffTheEventLoop()
            #expect(await hung.clientClosed(within: .seconds(5)))
            #expect(.now - started < .seconds(5), "not when initialize's 30 s deadline passes")
            #expect(MCPTestSupport.server(registry, "hung") == nil)
            #expect(await MCPTestSupport.call(registry, "steady_echo", #"{"text": "still here"}"#).succeeded)
        }
    }

    @Test func aLocalServerHungInInitializeIsStoppedAtOnceToo() async throws {
        let mute = #""mute": {"command": ["\#(MCPTestSupport.python)", "-c", "import time; time.sleep(120)"]}"#
        MCPTestSupport.writeConfig([mute], in: directory)
        try await MCPTestSupport.withRegistry(in: directory) { registry throws in
            #expect(
                await PluginTestSupport.eventually(within: 10) { MCPTestSupport.server(registry, "mute")?.pid != nil })
            let pid = try #require(MCPTestSupport.server(registry, "mute")?.pid)
            MCPTestSupport.writeConfig([], in: directory)
            let started = ContinuousClock.now
            _ = await registry.reloadOffTheEventLoop()
            // Its staged stop (end of input, SIGTERM, SIGKILL) takes at most 2 s once begun.
            #expect(await PluginTestSupport.eventually(within: 10) { kill(pid, 0) != 0 })
            #expect(.now - started < .seconds(5), "not when initialize's 30 s deadline passes")
        }
    }

    @Test func shuttingDownWhileAServerHangsInInitializeIsQuick() async throws {
        let hung = try SilentServer(reply: nil)
        MCPTestSupport.writeConfig(
            [MCPHTTPTests.remoteEntry("hung", url: "http://127.0.0.1:\(hung.port)/mcp")], in: directory)
        try await MCPTestSupport.withRegistry(in: directory) { registry throws in
            #expect(await hung.requestReceived(within: .seconds(30)), "initialize is in flight")
            let started = ContinuousClock.now
            // Waits for the server's supervisor to end (at most 5 s for one that does not).
            await MCPTestSupport.stop(registry)
            #expect(.now - started < .seconds(2))
            #expect(await hung.clientClosed(within: .seconds(1)))
        }
    }
}
