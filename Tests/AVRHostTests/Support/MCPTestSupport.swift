import AVRHost
import Foundation
import Logging

/// Real MCP servers for the tests: Tests/Fixtures/MCP/mcp_test_server.py on the official
/// Python SDK, which scripts/test installs (pinned) into .build/fidelity-venv.
enum MCPTestSupport {
    static let python =
        ProcessInfo.processInfo.environment["AVR_MCP_PYTHON"]
        ?? PluginTestSupport.repoRoot + "/.build/fidelity-venv/bin/python"
    static let script = PluginTestSupport.repoRoot + "/Tests/Fixtures/MCP/mcp_test_server.py"

    /// False on a machine where scripts/test has not installed the SDK yet; always true under
    /// scripts/test (`AVR_MCP_TESTS=required`), so a missing SDK fails there instead of skipping.
    static let isAvailable: Bool = {
        if ProcessInfo.processInfo.environment["AVR_MCP_TESTS"] == "required" { return true }
        let probe = python.replacingOccurrences(of: "bin/python", with: "lib")
        guard FileManager.default.isExecutableFile(atPath: python),
            let versions = try? FileManager.default.contentsOfDirectory(atPath: probe)
        else { return false }
        return versions.contains { FileManager.default.fileExists(atPath: "\(probe)/\($0)/site-packages/mcp") }
    }()

    /// A `mcp_servers` member for a local test server named `name`; `extra` adds fields.
    static func stdioEntry(_ name: String, _ extra: String = "") -> String {
        #""\#(name)": {"command": ["\#(python)", "\#(script)", "stdio"]\#(extra.isEmpty ? "" : ", " + extra)}"#
    }

    /// Writes a plugins.json with these `mcp_servers` members (and `plugins` members).
    static func writeConfig(_ servers: [String], plugins: [String] = [], in directory: String) {
        PluginTestSupport.writeConfig(
            #"{"plugin_dirs": [], "plugins": {\#(plugins.joined(separator: ","))}, "mcp_servers": {\#(servers.joined(separator: ","))}}"#,
            in: directory)
    }

    /// Runs `body` with a started registry over `directory/plugins.json` that logs into `logs`,
    /// and shuts it down afterwards. Both on threads of their own: starting loads files, and
    /// shutting down waits for the servers' processes to end.
    static func withRegistry(
        in directory: String, logs: CapturedLogs = CapturedLogs(), _ body: (PluginRegistry) async throws -> Void
    ) async throws {
        let registry = PluginRegistry(
            configPath: directory + "/plugins.json", builtinDirectories: [], logger: logs.logger)
        await withCheckedContinuation { continuation in
            Thread {
                registry.start(watch: false)
                continuation.resume()
            }.start()
        }
        do {
            try await body(registry)
        } catch {
            await stop(registry)
            throw error
        }
        await stop(registry)
    }

    /// Shuts the registry down (its MCP servers stopped) without holding a cooperative thread.
    static func stop(_ registry: PluginRegistry) async {
        await withCheckedContinuation { continuation in
            Thread {
                registry.shutdown()
                continuation.resume()
            }.start()
        }
    }

    static func call(_ registry: PluginRegistry, _ name: String, _ arguments: String = "{}", uuid: String? = "call-1")
        async -> ToolOutcome
    {
        await registry.currentCatalog().invoke(
            name: name, arguments: arguments, context: ToolCallContext(uuid: uuid, callID: "fc-1"))
    }

    /// Waits until the catalog offers `name` (the server is started and listed in the background).
    static func waitForTool(_ registry: PluginRegistry, _ name: String, within seconds: Double = 30) async -> Bool {
        await PluginTestSupport.eventually(within: seconds) {
            registry.currentCatalog().definitions.contains { $0.name == name }
        }
    }

    static func server(_ registry: PluginRegistry, _ name: String) -> MCPServerListing? {
        registry.listing().mcpServers.first { $0.name == name }
    }
}

/// A Streamable HTTP test server in a child process, on a free loopback port.
final class MCPHTTPTestServer: Sendable {
    let process: Process
    let port: Int
    var url: String { "http://127.0.0.1:\(port)/mcp" }

    /// Starts one (on `port`, or any free port) and waits for it to listen.
    static func start(port: Int = 0) async throws -> MCPHTTPTestServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MCPTestSupport.python)
        process.arguments = [MCPTestSupport.script, "http"]
        process.environment = ProcessInfo.processInfo.environment.merging(["MCP_TEST_PORT": "\(port)"]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Read on a thread of its own: a blocking read must not hold a cooperative thread.
        let line = await withCheckedContinuation { continuation in
            Thread {
                var text = ""
                while !text.contains("\n") {
                    let data = output.fileHandleForReading.availableData
                    if data.isEmpty { break }
                    text += String(decoding: data, as: UTF8.self)
                }
                continuation.resume(returning: text)
            }.start()
        }
        guard let bound = Int(line.split(separator: " ").last?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "")
        else {
            Glibc.kill(process.processIdentifier, SIGKILL)
            throw MCPTestServerError(output: line)
        }
        return MCPHTTPTestServer(process: process, port: bound)
    }

    private init(process: Process, port: Int) {
        self.process = process
        self.port = port
    }

    /// Kills it at once. SIGKILL, as a crash would: the test runner's children inherit its
    /// signal mask, in which SIGTERM is blocked.
    func stop() {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
    }

    /// Kills it and waits for it to be gone.
    func kill() async {
        stop()
        await withCheckedContinuation { continuation in
            Thread {
                self.process.waitUntilExit()
                continuation.resume()
            }.start()
        }
    }

    deinit { stop() }
}

struct MCPTestServerError: Error { var output: String }
