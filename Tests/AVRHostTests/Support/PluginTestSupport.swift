import AVRHost
import Foundation
import Logging

/// Paths and helpers shared by the plugin tests.
enum PluginTestSupport {
    /// `.build/<config>/`, where `swift build` puts `lib<name>.so` next to the test runner.
    static let buildDirectory: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return (exe as NSString).deletingLastPathComponent
    }()

    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func builtPlugin(_ name: String) -> String {
        (buildDirectory as NSString).appendingPathComponent("lib\(name).so")
    }

    /// A fresh empty folder for one test.
    static func makeTemporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "avr-plugin-test-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Compiles Tests/Fixtures/TestPlugins/test_plugin.c with `-D` switches into `output`,
    /// with `-fvisibility=hidden`.
    /// Compiles off the cooperative pool: a test that blocks its threads in `waitUntilExit`
    /// delays every other test's awaits, and makes timings of unrelated tests meaningless.
    static func compileTestPlugin(_ defines: [String], to output: String) async throws {
        try FileManager.default.createDirectory(
            atPath: (output as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Hidden by default, as careful authors build: AVR_PLUGIN_EXPORT must keep the entry.
        process.arguments =
            [
                "cc", "-shared", "-fPIC", "-O0", "-fvisibility=hidden", "-I",
                repoRoot + "/SDK/Sources/CAVRFunctionABI/include",
            ]
            + defines.map { "-D" + $0 }
            + [repoRoot + "/Tests/Fixtures/TestPlugins/test_plugin.c", "-o", output + ".tmp"]
        let status = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        guard status == 0 else {
            throw CompileError(description: "cc failed for \(defines)")
        }
        // Rename into place so a watcher never sees a half-written file.
        _ = rename(output + ".tmp", output)
    }

    struct CompileError: Error, CustomStringConvertible { var description: String }

    static func writeConfig(_ json: String, in directory: String) {
        try! json.write(toFile: directory + "/plugins.json", atomically: true, encoding: .utf8)
    }

    /// A registry over `directory/plugins.json`, built-ins from the build folder.
    /// The host's own libcurl client, shared by every plugin test's registry.
    static let sharedHTTPClient = HTTPClient()

    /// A registry over an empty plugins.json whose drop-in folder is `<directory>/functions`.
    static func makeDropInRegistry(in directory: String) -> PluginRegistry {
        try? FileManager.default.createDirectory(atPath: directory + "/functions", withIntermediateDirectories: true)
        writeConfig(#"{"plugin_dirs":["functions"],"plugins":{}}"#, in: directory)
        return makeRegistry(in: directory)
    }

    static func makeRegistry(
        in directory: String, hostSettings: [String: String] = [:],
        pool: PluginWorkerPool = PluginWorkerPool(), logger: Logger? = nil
    ) -> PluginRegistry {
        let logger =
            logger
            ?? {
                var quiet = Logger(label: "plugin-tests")
                quiet.logLevel = .critical
                return quiet
            }()
        return PluginRegistry(
            configPath: directory + "/plugins.json", builtinDirectories: [buildDirectory],
            transport: CurlPluginTransport(client: sharedHTTPClient), hostSettings: hostSettings, pool: pool,
            logger: logger)
    }

    /// Polls `condition` every 10 ms until it holds or `seconds` pass.
    static func eventually(within seconds: Double, _ condition: () -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition()
    }
}
