import CurlShim
import Foundation
import FunctionABI
import Logging

/// The `avr-plugin-runner` process: loads one plugins.json entry with the host's own
/// registry code (native plugin or `ffi`, the same checks and ABI) and serves its calls over
/// fd 3. It never outlives the host: it asks for SIGKILL when its parent thread ends and
/// checks right after that its parent is still the host that started it.
public enum PluginRunnerMain {
    public static func run(arguments: [String]) -> Never {
        let options = Dictionary(
            stride(from: 0, to: arguments.count - 1, by: 2).map { (arguments[$0], arguments[$0 + 1]) }
        ) { $1 }
        _ = avr_set_parent_death_signal(SIGKILL)
        // The host may have died before the prctl: then the parent is already someone else.
        guard let parent = options["--parent"].flatMap(Int32.init), getppid() == parent else { exit(70) }
        applyLimits(options)
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

    private static func applyLimits(_ options: [String: String]) {
        func limit(_ resource: Int32, _ value: String?, scale: rlim_t = 1, hardExtra: rlim_t = 0) {
            guard let value, let number = rlim_t(value) else { return }
            var bounds = rlimit(rlim_cur: number * scale, rlim_max: number * scale + hardExtra)
            _ = setrlimit(__rlimit_resource_t(UInt32(resource)), &bounds)
        }
        limit(Int32(RLIMIT_DATA.rawValue), options["--memory-mb"], scale: 1 << 20)
        // SIGXCPU at the soft limit, SIGKILL a second later if it is ignored.
        limit(Int32(RLIMIT_CPU.rawValue), options["--cpu-seconds"], hardExtra: 1)
        limit(Int32(RLIMIT_NOFILE.rawValue), options["--open-files"])
        // A crashing plugin must not spend seconds writing a core of the whole runner.
        limit(Int32(RLIMIT_CORE.rawValue), "0")
    }
}
