import AVRHost
import Foundation
import Testing

/// plugins.json validation: every error names its field; a bad file never replaces a good one.
@Suite struct PluginsConfigTests {
    @Test(arguments: [
        (
            #"{"plugins":{"avr_transfer":{"timeout_ms":-1}}}"#,
            "plugins.avr_transfer.timeout_ms: must be a positive integer"
        ),
        (#"{"plugins":{"avr_transfer":{"timeout_ms":"5"}}}"#, "plugins.avr_transfer.timeout_ms"),
        (
            #"{"plugins":{"avr_transfer":{"init_timeout_ms":0}}}"#,
            "plugins.avr_transfer.init_timeout_ms: must be a positive integer (at most 600000)"
        ),
        (#"{"plugins":{"avr_transfer":{"init_timeout_ms":1.5}}}"#, "plugins.avr_transfer.init_timeout_ms"),
        (
            #"{"plugins":{"avr_transfer":{"max_concurrency":0}}}"#,
            "plugins.avr_transfer.max_concurrency: must be a positive integer (at most 256)"
        ),
        (#"{"plugins":{"avr_transfer":{"max_concurrency":2.5}}}"#, "plugins.avr_transfer.max_concurrency"),
        (#"{"plugins":{"avr_transfer":{"max_concurrency":"8"}}}"#, "plugins.avr_transfer.max_concurrency"),
        (#"{"plugins":{"avr_transfer":{"max_concurrency":257}}}"#, "plugins.avr_transfer.max_concurrency"),
        (
            #"{"plugins":{"avr_transfer":{"enabled":"yes"}}}"#,
            "plugins.avr_transfer.enabled: must be true or false"
        ),
        (
            #"{"plugins":{"avr_transfer":{"settings":[]}}}"#,
            "plugins.avr_transfer.settings: must be an object"
        ),
        (#"{"plugins":{"avr_transfer":{"path":""}}}"#, "plugins.avr_transfer.path"),
        (#"{"plugins":{"avr_transfer":{"path":"x.so","ffi":{}}}}"#, "plugins.avr_transfer.ffi"),
        (
            #"{"plugins":{"avr_transfer":{"timeuot_ms":5}}}"#,
            "plugins.avr_transfer.timeuot_ms: unknown field"
        ),
        (#"{"plugins":{"bad name":{}}}"#, "plugins.bad name"),
        (#"{"plugin_dirs":"functions"}"#, "plugin_dirs: must be an array"),
        (#"{"plugin_dirs":[3]}"#, "plugin_dirs[0]"),
        (#"{"plugins":[]}"#, "plugins: must be an object"),
        (#"{"plugins":"#, "not valid JSON"),
    ])
    func errorsNameTheField(json: String, expected: String) {
        #expect(throws: PluginsConfigError.self) { try PluginsConfig.parse(json, baseDirectory: "/x") }
        do {
            _ = try PluginsConfig.parse(json, baseDirectory: "/x")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }

    @Test func defaultsAndPathsResolveAgainstTheConfigFolder() throws {
        let config = try PluginsConfig.parse(
            #"{"plugins":{"a":{"path":"lib/a.so"},"b":{"enabled":false,"max_concurrency":3}}}"#,
            baseDirectory: "/etc/avr")
        #expect(config.pluginDirectories == ["/etc/avr/functions"])
        #expect(config.plugins["a"]?.path == "/etc/avr/lib/a.so")
        #expect(config.plugins["a"]?.timeoutMs == 5000)
        #expect(config.plugins["a"]?.maxConcurrency == 8)
        #expect(config.plugins["a"]?.initTimeoutMs == 10000)
        #expect(config.plugins["b"]?.enabled == false)
        #expect(config.plugins["b"]?.maxConcurrency == 3)
    }

    /// Found by the plugins-config fuzz target: Foundation's path standardising turned
    /// "/privatefunctions" into the relative "functions".
    @Test func pathsStayAbsoluteAndOnlyDotsAreRemoved() throws {
        let config = try PluginsConfig.parse(
            #"{"plugin_dirs": ["/privatefunctions", "/private/x", "a//b/./c/../d/", "../../.."]}"#,
            baseDirectory: "/etc/avr-host")
        #expect(config.pluginDirectories == ["/privatefunctions", "/private/x", "/etc/avr-host/a/b/d", "/"])
    }

    @Test func theRepositoryConfigWorksOutOfTheBox() throws {
        let path = PluginTestSupport.repoRoot + "/plugins.json"
        let config = try PluginsConfig.load(path: path)
        #expect(config.plugins["avr_transfer"]?.enabled == true)
        let registry = PluginRegistry(
            configPath: path, builtinDirectories: [PluginTestSupport.buildDirectory], hostSettings: [:])
        let report = registry.start(watch: false)
        #expect(
            Set(report.activeFunctions).isSuperset(of: ["avr_transfer", "avr_hangup", "collect_info"]),
            "\(report.problems)")
    }

    @Test func aBadConfigKeepsThePreviousOneActive() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        PluginTestSupport.writeConfig(#"{"plugins":{"avr_hangup":{}}}"#, in: directory)
        let registry = PluginTestSupport.makeRegistry(in: directory)
        #expect(registry.start(watch: false).activeFunctions == ["avr_hangup"])
        PluginTestSupport.writeConfig(#"{"plugins":{"avr_hangup":{"timeout_ms":0}}}"#, in: directory)
        let report = registry.reload()
        #expect(!report.configAccepted)
        #expect(report.configError?.hasPrefix("plugins.avr_hangup.timeout_ms") == true)
        #expect(registry.currentCatalog().definitions.map(\.name) == ["avr_hangup"])
        #expect(registry.listing().configError == report.configError)
        PluginTestSupport.writeConfig(#"{"plugins":{"avr_hangup":{"enabled":false}}}"#, in: directory)
        #expect(registry.reload().activeFunctions == [])
        #expect(registry.listing().functions.first?.status == "disabled")
    }
}
