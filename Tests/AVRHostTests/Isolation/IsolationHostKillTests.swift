import AVRHost
import Foundation
import FunctionABI
import Testing

/// Isolation in the real `avr-host` executable: runners never outlive it, even when it is
/// killed with SIGKILL (no clean-up runs), and a missing runner is a clear load error.
@Suite("Isolation: the avr-host executable")
struct IsolationHostKillTests {
    @Test func killingTheHostWithSIGKILLEndsItsRunners() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        IsolationTestSupport.writeConfig(IsolationTestSupport.echoEntry(), in: directory)
        let host = try HostProcess(environment: ["PLUGINS_CONFIG": directory + "/plugins.json"])
        let port = try await host.port()
        let client = HTTPClient()
        defer { client.shutdown() }
        let (head, body) = try await client.send(HTTPRequest(url: "http://127.0.0.1:\(port)/plugins"))
        #expect(head.status == 200)
        let listing = try JSONValue.parse(String(decoding: body, as: UTF8.self))
        let row = try #require(listing["functions"]?.arrayValue?.first { $0["name"] == "c_echo" })
        #expect(row["isolation"] == "process")
        let pid = try #require(row["runner"]?["pid"]?.intValue.map { pid_t($0) })
        #expect(IsolationTestSupport.isAlive(pid))
        kill(host.process.processIdentifier, SIGKILL)
        _ = await host.exitStatus()
        #expect(await PluginTestSupport.eventually(within: 10) { !IsolationTestSupport.isAlive(pid) })
    }

    @Test func aMissingRunnerRefusesTheEntryAndSaysWhere() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        IsolationTestSupport.writeConfig(IsolationTestSupport.echoEntry(), in: directory)
        let host = try HostProcess(environment: [
            "PLUGINS_CONFIG": directory + "/plugins.json", "PLUGIN_RUNNER_PATH": directory + "/no-runner",
        ])
        _ = try await host.port()
        #expect(host.log.contains("the plugin runner \(directory)/no-runner is missing"), "\(host.log)")
        kill(host.process.processIdentifier, SIGINT)
        _ = await host.exitStatus()
    }
}
