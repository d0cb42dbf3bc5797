import AVRHost
import Foundation
import Logging
import Testing

/// Each load and reload of a function is logged at info with its name, version and file.
@Suite struct PluginLoadLogTests {
    @Test func loadsAndReloadsAreLoggedOnceEach() throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        let file = PluginTestSupport.builtPlugin("c_echo_plugin")
        func configure(prefix: String) {
            PluginTestSupport.writeConfig(
                #"{"plugins":{"c_echo":{"path":"\#(file)","settings":{"prefix":"\#(prefix)"}}}}"#, in: directory)
        }
        let logs = CapturedLogs()
        configure(prefix: "a")
        let registry = PluginRegistry(
            configPath: directory + "/plugins.json", builtinDirectories: [], logger: logs.logger)
        defer { registry.shutdown() }
        registry.start(watch: false)
        registry.reload()  // unchanged: reused, not logged again
        configure(prefix: "b")
        registry.reload()  // new settings: a new instance
        let lines = logs.all.filter { $0.level == .info && $0.message.hasPrefix("plugin ") }
        #expect(
            lines.map(\.message) == [
                "plugin loaded: c_echo 1.0.0 from \(file)", "plugin reloaded: c_echo 1.0.0 from \(file)",
            ])
        #expect(lines.allSatisfy { $0.metadata["plugin"] == "c_echo" })
    }
}
