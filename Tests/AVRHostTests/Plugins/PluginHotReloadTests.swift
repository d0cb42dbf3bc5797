import AVRHost
import Foundation
import Testing

/// Hot reload: drop-ins appear, new versions serve, broken ones are refused, calls never break.
@Suite struct PluginsHotReloadTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()
    var dropIn: String { directory + "/functions" }

    func makeRegistry() -> PluginRegistry {
        PluginTestSupport.makeDropInRegistry(in: directory)
    }

    func reply(_ registry: PluginRegistry, _ name: String) async -> String? {
        await registry.currentCatalog().invoke(
            name: name, arguments: "{}", context: ToolCallContext(uuid: "u", callID: "c")
        ).spokenMessage
    }

    @Test func droppedInPluginAppearsWithoutARestart() async throws {
        let registry = makeRegistry()
        registry.start()
        defer { registry.shutdown() }
        #expect(registry.currentCatalog().definitions.isEmpty)
        try await PluginTestSupport.compileTestPlugin(
            ["FUNC_NAME=\"dropped\""], to: dropIn + "/libdropped.so")
        let appeared = await PluginTestSupport.eventually(within: 1.0) {
            registry.currentCatalog().definitions.map(\.name) == ["dropped"]
        }
        #expect(appeared)
        #expect(await reply(registry, "dropped") == "ok")
    }

    @Test func changedPluginServesWithinOneSecondAndBrokenOneIsRefused() async throws {
        try await PluginTestSupport.compileTestPlugin(
            ["FUNC_NAME=\"versioned\"", "REPLY=\"v1\""], to: dropIn + "/libv.so")
        let registry = makeRegistry()
        registry.start()
        defer { registry.shutdown() }
        #expect(await reply(registry, "versioned") == "v1")
        let oldCatalog = registry.currentCatalog()
        try await PluginTestSupport.compileTestPlugin(
            ["FUNC_NAME=\"versioned\"", "REPLY=\"v2\""], to: dropIn + "/libv.so")
        let updated = await PluginTestSupport.eventually(within: 1.0) {
            registry.listing().functions.first?.version == "v2"
        }
        #expect(updated)
        #expect(await reply(registry, "versioned") == "v2")
        // A turn that started before keeps its version.
        #expect(
            await oldCatalog.invoke(
                name: "versioned", arguments: "{}", context: .init(uuid: nil, callID: "c")
            ).spokenMessage == "v1")
        try await PluginTestSupport.compileTestPlugin(
            ["FUNC_NAME=\"versioned\"", "ABI_VERSION=7"], to: dropIn + "/libv.so")
        let refused = await PluginTestSupport.eventually(within: 1.0) {
            registry.listing().functions.first?.error?.contains("ABI version 7") == true
        }
        #expect(refused)
        #expect(await reply(registry, "versioned") == "v2")
        #expect(registry.listing().retiredImages >= 2)
        #expect(registry.listing().retiredBytes > 0)
    }

    @Test func hundredReloadsWhileFiftyCallsRun() async throws {
        try await PluginTestSupport.compileTestPlugin(
            ["FUNC_NAME=\"busy\"", "HANG_MS=20"], to: dropIn + "/libbusy.so")
        let registry = makeRegistry()
        registry.start(watch: false)
        let results = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<50 {
                group.addTask {
                    let outcome = await registry.currentCatalog().invoke(
                        name: "busy", arguments: "{}", context: .init(uuid: "u\(index)", callID: "c"))
                    return outcome.succeeded && outcome.spokenMessage == "ok"
                }
            }
            group.addTask {
                for index in 0..<100 {
                    // Alternate settings so every other reload builds a new instance.
                    PluginTestSupport.writeConfig(
                        #"{"plugins":{"busy":{"settings":{"n":\#(index % 2)}}}}"#, in: directory)
                    if registry.reload().activeFunctions != ["busy"] { return false }
                }
                return true
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 51)
        #expect(results.allSatisfy { $0 })
        #expect(await reply(registry, "busy") == "ok")
    }
}
