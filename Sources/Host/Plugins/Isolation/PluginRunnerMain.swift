import Foundation
import FunctionABI
import Logging

/// The `avr-plugin-runner` process: loads one plugins.json entry with the host's own
/// registry code (native plugin or `ffi`, the same checks and ABI) and serves its calls over
/// fd 3. The host's spawner has already made it die with the host and set its limits.
public enum PluginRunnerMain {
    public static func run() -> Never {
        // dup2 cleared close-on-exec: a child the plugin starts must not hold the channel open
        // after the runner dies (the host would not see the end of stream).
        _ = fcntl(3, F_SETFD, FD_CLOEXEC)
        let channel = RunnerChannel(fd: 3)
        guard let configure = channel.receive(into: RunnerReceiveBuffer()), configure.kind == .configure,
            let name = configure[2]
        else { exit(71) }
        LoggingSystem.bootstrap { _ in RunnerLogHandler(channel: channel) }
        let function = load(configure, name: name, channel: channel)
        RunnerCallServer(channel: channel, function: function).serve()
    }

    /// Loads the entry from a one-entry plugins.json, as `avr-host plugin call` does; on
    /// failure sends the reasons and exits.
    private static func load(_ configure: RunnerFrame, name: String, channel: RunnerChannel) -> any CatalogFunction {
        let folder = NSTemporaryDirectory() + "avr-plugin-runner-\(getpid())"
        let path = folder + "/plugins.json"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: path, contents: Data((configure[0] ?? "{}").utf8))
        let hostSettings: [String: String] =
            (try? JSONDecoder().decode([String: String].self, from: Data((configure[1] ?? "{}").utf8))) ?? [:]
        let registry = PluginRegistry(
            configPath: path, builtinDirectories: [], transport: CurlPluginTransport(client: HTTPClient()),
            hostSettings: hostSettings)
        let report = registry.start(watch: false)
        try? FileManager.default.removeItem(atPath: folder)
        guard let function = (registry.currentCatalog() as? PluginCatalog)?.functions[name] else {
            let reason =
                report.activeFunctions.isEmpty
                ? report.problems.joined(separator: "; ")
                : "the plugin offers no function named \(name); it offers \(report.activeFunctions.joined(separator: ", "))"
            channel.send(RunnerFrame(kind: .failed, fields: [reason]))
            exit(2)
        }
        channel.send(
            RunnerFrame(
                kind: .ready,
                fields: [
                    function.definition.name, function.definition.description, function.definition.parametersJSON,
                    function.version,
                ]))
        return function
    }
}
