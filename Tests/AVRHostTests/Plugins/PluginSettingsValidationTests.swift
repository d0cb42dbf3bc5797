import AVRHost
import Foundation
import Testing

/// A bad number in a plugin's settings refuses that plugin; it never traps the host.
@Suite struct PluginsSettingsValidationTests {
    @Test(arguments: ["avr_transfer", "avr_hangup"], ["-1", "0", "5e9", "1e300", "\"soon\""])
    func badHTTPTimeoutIsRefusedWithTheSettingsName(plugin: String, value: String) {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        PluginTestSupport.writeConfig(
            #"{"plugins":{"\#(plugin)":{"settings":{"http_timeout_ms":\#(value)}}}}"#, in: directory)
        let registry = PluginTestSupport.makeRegistry(in: directory)
        let report = registry.start(watch: false)
        #expect(report.activeFunctions.isEmpty)
        #expect(report.problems.contains { $0.contains("http_timeout_ms") }, "\(report.problems)")
    }

    @Test func badTimeoutOnReloadKeepsTheServingInstance() {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        PluginTestSupport.writeConfig(
            #"{"plugins":{"avr_hangup":{"settings":{"http_timeout_ms":250}}}}"#, in: directory)
        let registry = PluginTestSupport.makeRegistry(in: directory)
        #expect(registry.start(watch: false).activeFunctions == ["avr_hangup"])
        PluginTestSupport.writeConfig(
            #"{"plugins":{"avr_hangup":{"settings":{"http_timeout_ms":-1}}}}"#, in: directory)
        let report = registry.reload()
        #expect(report.activeFunctions == ["avr_hangup"])
        #expect(report.problems.contains { $0.contains("http_timeout_ms") }, "\(report.problems)")
    }
}
