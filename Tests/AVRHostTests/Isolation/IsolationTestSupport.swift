import AVRHost
import Foundation
import Logging

/// Helpers shared by the isolation tests: config text, listing rows and pid checks.
enum IsolationTestSupport {
    /// One isolated entry for `name` at `path`; `extra` adds fields (e.g. limits).
    static func entry(_ name: String, path: String, timeoutMs: Int = 2000, extra: String = "") -> String {
        #""\#(name)":{"path":"\#(path)","isolation":"process","timeout_ms":\#(timeoutMs)\#(extra)}"#
    }

    /// The built c_echo plugin as an isolated entry.
    static func echoEntry(extra: String = "") -> String {
        entry("c_echo", path: PluginTestSupport.builtPlugin("c_echo_plugin"), extra: extra)
    }

    /// Writes a plugins.json of `entries` (no drop-in folder) into `directory`.
    static func writeConfig(_ entries: String, in directory: String) {
        PluginTestSupport.writeConfig(#"{"plugin_dirs":[],"plugins":{\#(entries)}}"#, in: directory)
    }

    /// A registry over `directory/plugins.json`, loaded (runners started); shut it down after.
    static func startedRegistry(in directory: String, logger: Logger? = nil) async -> (
        PluginRegistry, PluginReloadReport
    ) {
        let registry = PluginTestSupport.makeRegistry(in: directory, logger: logger)
        return (registry, await registry.startOffTheEventLoop())
    }

    static func row(_ registry: PluginRegistry, _ name: String) -> PluginListingEntry? {
        registry.listing().functions.first { $0.name == name }
    }

    /// True while `pid` is a process that has not ended (a zombie counts as ended).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        // The state follows the command name in parentheses, which may itself hold spaces.
        guard let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state != "Z" && state != "X"
    }
}
