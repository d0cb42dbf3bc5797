import AVRHost
import CAVRFunctionABI
import Foundation
import Testing

/// The header's size rules in the direction not covered by the refusals in `PluginsABITests`:
/// the host ignores what a newer plugin appends, and hands sizes a plugin can check.
@Suite struct PluginStructSizeTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    func load(_ defines: [String]) async throws -> PluginRegistry {
        try await PluginTestSupport.compileTestPlugin(defines, to: directory + "/functions/libsizes.so")
        let registry = PluginTestSupport.makeDropInRegistry(in: directory)
        _ = await registry.reloadOffTheEventLoop()
        return registry
    }

    func call(_ registry: PluginRegistry, _ name: String) async -> String? {
        await registry.currentCatalog().invoke(
            name: name, arguments: "{}", context: ToolCallContext(uuid: "u", callID: "c")
        ).spokenMessage
    }

    @Test func structsLargerThanTheHostKnowsAreAccepted() async throws {
        let registry = try await load([#"FUNC_NAME="grown""#, "GROWN_STRUCTS", #"REPLY="2.1""#])
        defer { registry.shutdown() }
        let rows = registry.listing().functions
        #expect(rows.map(\.name) == ["grown", "grown_2"], "\(rows.map(\.error))")
        #expect(rows.allSatisfy { $0.status == "active" && $0.version == "2.1" })
        // The second function is found only when the array is walked with the plugin's stride.
        #expect(await call(registry, "grown") == "2.1")
        #expect(await call(registry, "grown_2") == "2.1")
    }

    @Test func aPluginCanTellWhatTheHostsStructsHold() async throws {
        let registry = try await load([#"FUNC_NAME="sizes""#, "HOST_SIZES"])
        defer { registry.shutdown() }
        // Every version-1 service and field is there; a service a later header appends is not.
        #expect(
            await call(registry, "sizes")
                == "host=\(MemoryLayout<avr_host_services>.size),log=1,later=0,call_id=1")
    }
}
