import AVRHost
import Foundation
import Testing

/// Where an entry's plugin file is looked for, and what the listing says when it serves nothing.
@Suite struct PluginLookupTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    func error(of name: String, config: String) -> String? {
        PluginTestSupport.writeConfig(config, in: directory)
        let registry = PluginTestSupport.makeRegistry(in: directory)
        registry.start(watch: false)
        defer { registry.shutdown() }
        return registry.listing().functions.first { $0.name == name }?.error
    }

    @Test func aRelativePathIsTakenFromPluginsJSONsFolder() async throws {
        try await PluginTestSupport.compileTestPlugin(["FUNC_NAME=\"near\""], to: directory + "/sub/libnear.so")
        PluginTestSupport.writeConfig(#"{"plugins":{"near":{"path":"sub/./libnear.so"}}}"#, in: directory)
        let registry = PluginTestSupport.makeRegistry(in: directory)
        registry.start(watch: false)
        defer { registry.shutdown() }
        let near = registry.listing().functions.first { $0.name == "near" }
        #expect(near?.status == "active")
        #expect(near?.file == directory + "/sub/libnear.so")
    }

    @Test func aMissingPathIsNamed() {
        let error = error(of: "gone", config: #"{"plugins":{"gone":{"path":"nowhere/libgone.so"}}}"#)
        #expect(error == "plugin file \(directory)/nowhere/libgone.so not found")
    }

    @Test func aFileWithoutTheEntrysFunctionIsNamed() async throws {
        try await PluginTestSupport.compileTestPlugin(["FUNC_NAME=\"other\""], to: directory + "/libwanted.so")
        let error = error(of: "wanted", config: #"{"plugins":{"wanted":{"path":"libwanted.so"}}}"#)
        #expect(error == "plugin file \(directory)/libwanted.so offers no function wanted")
    }

    @Test func withoutAPathTheExecutablesFolderThenPluginDirsAreSearched() {
        let error = error(of: "absent", config: #"{"plugin_dirs":["a","b"],"plugins":{"absent":{}}}"#)
        #expect(
            error
                == "plugin file libabsent.so not found in \(PluginTestSupport.buildDirectory), \(directory)/a, \(directory)/b"
        )
    }
}
