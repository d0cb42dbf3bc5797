import AVRHost
import Foundation
import Logging
import Testing

/// A `plugin_dirs` folder that does not exist is created at start-up, so a plugin dropped in
/// later is found; a plugin that is nowhere is reported once.
@Suite struct PluginDropInFolderTests {
    @Test func aMissingDropInFolderIsCreatedAndAPluginDroppedInLaterLoads() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        let folder = directory + "/customer/functions"
        PluginTestSupport.writeConfig(#"{"plugin_dirs":["\#(folder)"],"plugins":{"ghost":{}}}"#, in: directory)
        let logs = CapturedLogs()
        let registry = PluginRegistry(
            configPath: directory + "/plugins.json", builtinDirectories: [], logger: logs.logger)
        defer { registry.shutdown() }
        let report = registry.start(watch: false)
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue)
        #expect(logs.all.contains { $0.level == .info && $0.message == "created the drop-in plugin folder \(folder)" })
        // The missing plugin: one problem in the report, one line in the log.
        #expect(report.problems.filter { $0.contains("libghost.so not found") }.count == 1)
        #expect(logs.all.filter { $0.message.contains("libghost.so not found") }.count == 1)

        try await PluginTestSupport.compileTestPlugin(["FUNC_NAME=\"late\""], to: folder + "/liblate.so")
        #expect(registry.reload().activeFunctions == ["late"])
    }
}
