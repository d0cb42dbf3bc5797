import AVRHost
import Foundation
import Testing

/// `notifications/tools/list_changed`: the server's new list becomes a new catalog generation.
@Suite(.enabled(if: MCPTestSupport.isAvailable, "scripts/test installs the mcp package into .build/fidelity-venv"))
struct MCPToolListChangeTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    @Test func aToolAddedAtRunTimeIsOfferedAndCallable() async throws {
        MCPTestSupport.writeConfig([MCPTestSupport.stdioEntry("live")], in: directory)
        try await MCPTestSupport.withRegistry(in: directory) { registry throws in
            #expect(await MCPTestSupport.waitForTool(registry, "live_add_tool"))
            let before = registry.currentCatalog()
            #expect(await MCPTestSupport.call(registry, "live_add_tool", #"{"name": "late"}"#).succeeded)
            #expect(await MCPTestSupport.waitForTool(registry, "live_late"))
            #expect(await MCPTestSupport.call(registry, "live_late").spokenMessage == "late answers")
            // A turn that began before keeps the generation it started with.
            #expect(!before.definitions.contains { $0.name == "live_late" })
        }
    }
}
