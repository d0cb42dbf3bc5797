import AVRHost
import Foundation
import FunctionABI
import Testing

/// Runners never outlive the host, even when it is killed with SIGKILL (no clean-up runs).
@Suite("Isolation: no runner survives its host")
struct IsolationHostKillTests {
    @Test func killingTheHostWithSIGKILLEndsItsRunners() async throws {
        let directory = PluginTestSupport.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let echo = PluginTestSupport.builtPlugin("c_echo_plugin")
        PluginTestSupport.writeConfig(
            #"{"plugin_dirs":[],"plugins":{\#(IsolationTestSupport.entry("c_echo", path: echo))}}"#, in: directory)
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
}
