import AVRHost
import Foundation
import Testing

/// Fresh copies do not pile up, and a refused file is not mapped again until it changes.
@Suite struct PluginsCopyLifecycleTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()
    var dropIn: String { directory + "/functions" }

    func makeRegistry() -> PluginRegistry {
        PluginTestSupport.makeDropInRegistry(in: directory)
    }

    @Test func copiesAreUnlinkedAfterDlopenAndTheFolderGoesAtShutdown() async throws {
        let registry = makeRegistry()
        for index in 0..<3 {
            try await PluginTestSupport.compileTestPlugin(
                ["FUNC_NAME=\"copied\"", "REPLY=\"v\(index)\""], to: dropIn + "/libcopied.so")
            try await PluginTestSupport.compileTestPlugin(
                ["FUNC_NAME=\"bad\"", "ABI_VERSION=\(7 + index)"], to: dropIn + "/libbad.so")
            #expect(registry.reload().activeFunctions == ["copied"])
        }
        #expect(registry.listing().functions.first { $0.name == "copied" }?.version == "v2")
        let left = (try? FileManager.default.contentsOfDirectory(atPath: registry.copyDirectory)) ?? []
        #expect(left.isEmpty, "\(left)")
        registry.shutdown()
        #expect(!FileManager.default.fileExists(atPath: registry.copyDirectory))
    }

    @Test func unchangedRefusedFileIsNotMappedAgain() async throws {
        try await PluginTestSupport.compileTestPlugin(
            ["FUNC_NAME=\"broken\"", "ABI_VERSION=7"], to: dropIn + "/libbroken.so")
        let registry = makeRegistry()
        registry.start(watch: false)
        #expect(registry.listing().retiredImages == 1)
        for _ in 0..<5 { registry.reload() }
        #expect(registry.listing().retiredImages == 1)
        let row = registry.listing().functions.first { $0.status == "error" }
        #expect(row?.error?.contains("ABI version 7") == true)
        #expect(row?.error?.contains("not loaded again") == true)
        // A changed file is tried again.
        try await PluginTestSupport.compileTestPlugin(["FUNC_NAME=\"broken\""], to: dropIn + "/libbroken.so")
        #expect(registry.reload().activeFunctions == ["broken"])
    }
}
