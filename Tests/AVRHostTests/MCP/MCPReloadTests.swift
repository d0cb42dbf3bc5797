import AVRHost
import Foundation
import FunctionABI
import Testing

/// plugins.json edits restart only the MCP server whose entry changed; names stay unique.
@Suite(.enabled(if: MCPTestSupport.isAvailable, "scripts/test installs the mcp package into .build/fidelity-venv"))
struct MCPReloadTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    @Test func editingOneEntryRestartsThatServerAloneAndCallsInFlightFinish() async throws {
        func write(label: String) {
            MCPTestSupport.writeConfig(
                [
                    MCPTestSupport.stdioEntry("edited", #""env": {"MCP_TEST_LABEL": "\#(label)"}"#),
                    MCPTestSupport.stdioEntry("kept"),
                ], in: directory)
        }
        write(label: "one")
        try await MCPTestSupport.withRegistry(in: directory) { registry throws in
            #expect(await MCPTestSupport.waitForTool(registry, "edited_hang"))
            #expect(await MCPTestSupport.waitForTool(registry, "kept_echo"))
            let editedPID = try #require(MCPTestSupport.server(registry, "edited")?.pid)
            let keptPID = try #require(MCPTestSupport.server(registry, "kept")?.pid)

            let inFlight = Task { await MCPTestSupport.call(registry, "edited_hang", #"{"seconds": 1.5}"#) }
            #expect(
                await PluginTestSupport.eventually(within: 10) {
                    MCPTestSupport.server(registry, "edited")?.inFlight == 1
                })
            write(label: "two")
            _ = await registry.reloadOffTheEventLoop()
            // The call that was running finishes on the old process, with its answer.
            let finished = await inFlight.value
            #expect(finished.succeeded, "\(finished.output)")

            #expect(
                await PluginTestSupport.eventually(within: 30) {
                    let server = MCPTestSupport.server(registry, "edited")
                    return server?.state == "ready" && server?.pid != editedPID
                })
            // Its tools come back in the generation made once the new process has listed them.
            #expect(await MCPTestSupport.waitForTool(registry, "edited_whoami"))
            #expect(MCPTestSupport.server(registry, "kept")?.pid == keptPID)
            let whoami = await MCPTestSupport.call(registry, "edited_whoami")
            #expect(try JSONValue.parse(try JSONValue.parse(whoami.output)["message"]?.string ?? "")["value"] == "two")
            // The old process is gone: it outlives neither its entry nor its last call.
            #expect(await PluginTestSupport.eventually(within: 10) { kill(editedPID, 0) != 0 })
        }
    }

    @Test func aToolNameAnotherKindAlreadyServesIsRefusedByName() async throws {
        let ffi =
            #""dup_echo": {"ffi": {"library": "libm.so.6", "symbol": "fabs", "returns": "double", "parameters": [{"name": "v", "type": "double"}]}}"#
        MCPTestSupport.writeConfig(
            [MCPTestSupport.stdioEntry("dup", #""tool_prefix": "dup_""#)], plugins: [ffi], in: directory)
        try await MCPTestSupport.withRegistry(in: directory) { registry throws in
            #expect(await MCPTestSupport.waitForTool(registry, "dup_fail"))
            let refused = try #require(registry.listing().functions.first { $0.name == "dup_echo" && $0.kind == "mcp" })
            #expect(refused.status == "error")
            #expect(refused.error == "duplicate function name: dup_echo is already provided by ffi libm.so.6:fabs")
            #expect(
                registry.listing().functions.first { $0.name == "dup_echo" && $0.status == "active" }?.kind == "ffi")
        }
    }

    @Test func theAllowListAndAnEmptyPrefixShapeWhatIsOffered() async throws {
        MCPTestSupport.writeConfig(
            [MCPTestSupport.stdioEntry("picked", #""tool_prefix": "", "tools": ["echo", "forecast"]"#)], in: directory)
        try await MCPTestSupport.withRegistry(in: directory) { registry throws in
            #expect(await MCPTestSupport.waitForTool(registry, "echo"))
            #expect(registry.currentCatalog().definitions.map(\.name) == ["echo", "forecast"])
        }
    }
}
