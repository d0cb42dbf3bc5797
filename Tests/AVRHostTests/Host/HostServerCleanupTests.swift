import Foundation
import OpenAIStandIn
import Testing

@testable import AVRHost

/// `HostServer.run` shuts down what the host started, also when it ends with an error.
@Suite("Host clean-up")
struct HostServerCleanupTests {
    @Test("a host whose port is taken stops its stand-in and its plugin registry before run throws")
    func takenPort() async throws {
        let holder = OpenAIStandIn()
        try await holder.start()
        let folder = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        PluginTestSupport.writeConfig(
            #"{"plugins": {"c_echo": {"path": "\#(PluginTestSupport.builtPlugin("c_echo_plugin"))"}}}"#, in: folder)
        var settings = try await HostSettings.load(
            flags: [:], environment: ["PORT": "\(holder.port)", "HOST": "127.0.0.1"], dotEnvPath: "/nonexistent/.env")
        settings.pluginsConfigPath = folder + "/plugins.json"
        let logs = CapturedLogs()
        // No API key: the host starts its built-in stand-in on a port of its own.
        let server = try await HostServer(settings: settings, logger: logs.logger)
        let registry = try #require(server.plugins)
        #expect(registry.watcher.withLock { $0 != nil })
        #expect(FileManager.default.fileExists(atPath: registry.copyDirectory))
        let notice = try #require(logs.all.first { $0.message.contains("built-in OpenAI stand-in at ") })
        let standInURL = try #require(
            notice.message.split(separator: " ").first { $0.hasPrefix("http://127.0.0.1:") }.map(String.init))
        let client = HTTPClient()
        defer { client.shutdown() }
        let models = HTTPRequest(url: standInURL + "/models", timeouts: HTTPTimeouts(total: .seconds(10)))
        #expect(try await client.send(models).head.status == 200)

        await #expect(throws: (any Error).self) { try await server.run() }

        #expect(registry.watcher.withLock { $0 == nil })
        #expect(registry.currentCatalog().definitions.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: registry.copyDirectory))
        // The stand-in's listener is closed: its port refuses connections.
        await #expect(throws: (any Error).self) { _ = try await client.send(models) }
        await holder.stop()
    }
}
