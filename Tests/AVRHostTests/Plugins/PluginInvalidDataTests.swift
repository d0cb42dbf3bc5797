import AVRHost
import Foundation
import FunctionABI
import Testing

/// A plugin that returns `data_json` that is not JSON: the model still gets the text, and the
/// operator is warned once per plugin version.
@Suite struct PluginInvalidDataTests {
    @Test func invalidDataIsPassedOnAndWarnedOncePerVersion() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/functions/libbad_data.so"
        try await PluginTestSupport.compileTestPlugin(
            [#"FUNC_NAME="bad_data""#, "BAD_DATA", #"REPLY="1.0""#], to: file)
        PluginTestSupport.writeConfig(#"{"plugin_dirs": ["functions"]}"#, in: directory)
        let logs = CapturedLogs()
        let registry = PluginRegistry(
            configPath: directory + "/plugins.json", builtinDirectories: [], logger: logs.logger)
        defer { registry.shutdown() }
        _ = await registry.reloadOffTheEventLoop()
        func call() async -> ToolOutcome {
            await registry.currentCatalog().invoke(
                name: "bad_data", arguments: "{}", context: ToolCallContext(uuid: "u", callID: "c"))
        }
        func warnings() -> [CapturedLogs.Entry] {
            logs.all.filter { $0.message.contains("not valid JSON") }
        }

        let outcome = await call()
        #expect(outcome.succeeded)
        #expect(try JSONValue.parse(outcome.output)["data"] == "{reply: 1.0}")
        _ = await call()
        #expect(warnings().map(\.level) == [.warning, .debug])
        let warning = try #require(warnings().first)
        #expect(warning.message.contains("plugin bad_data 1.0 from \(file)"), "\(warning.message)")
        #expect(
            warning.message.contains("(expected '\"' at byte 1)"), "the parser's reason: \(warning.message)")
        #expect(warning.metadata["plugin"] == "bad_data")

        // A new version of the file is warned about again.
        try await PluginTestSupport.compileTestPlugin(
            [#"FUNC_NAME="bad_data""#, "BAD_DATA", #"REPLY="2.0""#], to: file)
        _ = await registry.reloadOffTheEventLoop()
        _ = await call()
        #expect(warnings().map(\.level) == [.warning, .debug, .warning])
        #expect(warnings().last?.message.contains("plugin bad_data 2.0") == true)
    }
}
