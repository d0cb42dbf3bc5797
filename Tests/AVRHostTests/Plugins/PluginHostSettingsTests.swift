import AVRHost
import Foundation
import Logging
import Testing

/// A plugin reads host settings only as the host configured them, never the host's environment.
@Suite struct PluginHostSettingsTests {
    let directory = PluginTestSupport.makeTemporaryDirectory()

    static let quiet: Logger = {
        var logger = Logger(label: "plugin-tests")
        logger.logLevel = .critical
        return logger
    }()

    /// Loads the fixture that answers with `get_setting(name)` into a registry.
    func settingReply(_ name: String, registry make: (String) -> PluginRegistry) async throws -> String? {
        try await PluginTestSupport.compileTestPlugin(
            ["FUNC_NAME=\"read_setting\"", "SETTING=\"\(name)\""], to: directory + "/functions/libsetting.so")
        PluginTestSupport.writeConfig(#"{"plugin_dirs":["functions"]}"#, in: directory)
        let registry = make(directory + "/plugins.json")
        defer { registry.shutdown() }
        let report = registry.start(watch: false)
        #expect(report.activeFunctions == ["read_setting"], "\(report.problems)")
        let outcome = await registry.currentCatalog().invoke(
            name: "read_setting", arguments: "{}", context: ToolCallContext(uuid: "u", callID: "c"))
        return outcome.spokenMessage
    }

    @Test func theDefaultRegistryHandsPluginsNothingFromTheEnvironment() async throws {
        // PATH is in every host's environment; the default must not pass it (or any secret) on.
        #expect(ProcessInfo.processInfo.environment["PATH"] != nil)
        let reply = try await settingReply("PATH") {
            PluginRegistry(configPath: $0, builtinDirectories: [], logger: Self.quiet)
        }
        #expect(reply == "unset")
    }

    @Test func configuredSettingsReachThePlugin() async throws {
        let reply = try await settingReply("AMI_URL") {
            PluginRegistry(
                configPath: $0, builtinDirectories: [], hostSettings: ["AMI_URL": "http://ami:6006"],
                logger: Self.quiet)
        }
        #expect(reply == "http://ami:6006")
    }
}
