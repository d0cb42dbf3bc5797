import AVRHost
import Foundation
import FunctionABI
import Testing

/// A remote server's streams: what it sends unprompted arrives on the GET stream, and an answer
/// counts as soon as it is in, even when the server keeps its SSE stream open after it.
@Suite(.enabled(if: MCPTestSupport.isAvailable, "scripts/test installs the mcp package into .build/fidelity-venv"))
struct MCPHTTPStreamTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    /// Runs `body` with a registry serving a test server as `name`, reached at `path` on it, once
    /// its tool `name_echo` is offered.
    func withRemote(
        _ name: String, path: String = "/mcp", _ extra: String = "", _ body: (PluginRegistry) async throws -> Void
    ) async throws {
        let server = try await MCPHTTPTestServer.start()
        defer { server.stop() }
        let url = "http://127.0.0.1:\(server.port)\(path)"
        MCPTestSupport.writeConfig([MCPHTTPTests.remoteEntry(name, url: url, extra)], in: directory)
        try await MCPTestSupport.withRegistry(in: directory) { registry throws in
            try #require(await MCPTestSupport.waitForTool(registry, "\(name)_echo"))
            try await body(registry)
        }
    }

    @Test func aToolListChangeSentUnpromptedArrivesOnTheGETStream() async throws {
        try await withRemote("remote") { registry throws in
            // The SDK sends this change on the session's GET stream, not in the call's answer.
            #expect(await MCPTestSupport.call(registry, "remote_add_tool", #"{"name": "late"}"#).succeeded)
            // Nothing else is asked meanwhile (the next ping is 15 s away): the notification alone
            // makes the host list the tools again.
            #expect(await MCPTestSupport.waitForTool(registry, "remote_late", within: 10))
            #expect(await MCPTestSupport.call(registry, "remote_late").spokenMessage == "late answers")
            // Found over the same session, not by connecting again.
            #expect(MCPTestSupport.server(registry, "remote")?.restarts == 0)
        }
    }

    @Test func aGETStreamTheServerEndsIsOpenedAgainAndStillCarriesItsMessages() async throws {
        try await withRemote("remote", path: "/dropping/mcp") { registry throws in
            #expect(await Self.openedGETStreams(registry) == 1)
            #expect(await MCPTestSupport.call(registry, "remote_drop_gets").succeeded)
            // Opened again after a backoff (250 ms at first): polled until the server has seen it.
            let deadline = ContinuousClock.now + .seconds(10)
            while await Self.openedGETStreams(registry) < 2, .now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(await Self.openedGETStreams(registry) == 2)
            #expect(await MCPTestSupport.call(registry, "remote_add_tool", #"{"name": "again"}"#).succeeded)
            #expect(await MCPTestSupport.waitForTool(registry, "remote_again", within: 10))
            #expect(MCPTestSupport.server(registry, "remote")?.restarts == 0)
        }
    }

    /// How many GET streams the /dropping/ endpoint has opened, as its tool says.
    static func openedGETStreams(_ registry: PluginRegistry) async -> Int {
        let said = await MCPTestSupport.call(registry, "remote_opened_gets").spokenMessage ?? ""
        return Int(said.prefix { $0.isNumber }) ?? -1
    }

    @Test func aPingTheServerSendsUnpromptedIsAnswered() async throws {
        try await withRemote("remote") { registry throws in
            // The ping comes on the GET stream; the host answers it with a POST of its own.
            let pinged = await MCPTestSupport.call(registry, "remote_ping_client")
            #expect(pinged.spokenMessage == "the client answered", "\(pinged.output)")
        }
    }

    @Test func aServerThatOffersNoGETStreamIsServedWithoutOneAndNotAskedAgain() async throws {
        try await withRemote("plain", path: "/no-listen/mcp") { registry throws in
            let answered = await MCPTestSupport.call(registry, "plain_echo", #"{"text": "no stream"}"#)
            #expect(answered.spokenMessage == "echo: no stream")
            // Checks for something that must not happen: a host asking again after the 405 would
            // have done so by now (its first retry would come 250 ms after it).
            try await Task.sleep(for: .seconds(1))
            #expect(await MCPTestSupport.call(registry, "plain_refused_gets").spokenMessage == "1 GET(s) refused")
            #expect(MCPTestSupport.server(registry, "plain")?.state == "ready")
        }
    }

    @Test func anAnswerCountsWhenItArrivesThoughTheServerKeepsItsStreamOpen() async throws {
        // initialize and tools/list are answered on streams held open too.
        try await withRemote("held", path: "/lingering/mcp", #""timeout_ms": 5000"#) { registry throws in
            let started = ContinuousClock.now
            let answered = await MCPTestSupport.call(registry, "held_echo", #"{"text": "kept open"}"#)
            #expect(.now - started < .seconds(3), "well within its 5 s deadline")
            #expect(answered.spokenMessage == "echo: kept open")
            let forecast = await MCPTestSupport.call(registry, "held_forecast", #"{"city": "Oslo"}"#)
            #expect(try JSONValue.parse(forecast.output)["data"] == ["city": "Oslo", "temp_c": 21])
        }
    }
}
