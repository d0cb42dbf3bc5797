import Foundation
import FunctionABI

extension PluginRegistry {
    /// Adds the entries with `"isolation": "process"` to `draft`, before the plugin files, so
    /// an in-process newcomer cannot take their names. Nothing of theirs is loaded in the host:
    /// each gets a runner process. An unchanged entry (same config, same file) keeps its runner;
    /// a changed one gets a new runner, and the old one stops once its calls have finished.
    func addIsolatedEntries(
        of config: PluginsConfig, plan: PluginFilePlan, previous: [String: ServedFunction],
        to draft: inout PluginGenerationDraft
    ) {
        for (name, entry) in config.plugins.sorted(by: { $0.key < $1.key }) {
            guard case .process(let policy) = entry.isolation else { continue }
            let kind = entry.ffi == nil ? "plugin" : "ffi"
            guard entry.enabled else {
                if !draft.hasIssue(name) { draft.issue(name, kind: kind, file: nil, status: "disabled") }
                continue
            }
            let file = entry.ffi.map { FFIToolFactory.file(of: $0) ?? "ffi" } ?? plan.isolatedFiles[name]
            guard let file else {
                draft.issue(
                    name, kind: kind, file: nil, status: "error",
                    error: "plugin file lib\(name).so not found in \(plan.searchDirectories.joined(separator: ", "))")
                continue
            }
            let source = IsolatedSource(
                entry: entry, file: file, key: entry.ffi == nil ? PluginFileKey(path: file) : nil)
            let old = previous[name]
            if let kept = old?.isolated, kept.source == source {
                draft.serve(.isolated(kept), from: "runner \(file)")
                continue
            }
            let supervisor = RunnerSupervisor(
                name: name, policy: policy, runnerPath: runnerPath,
                configure: runnerConfiguration(name: name, entry: entry, file: file), logger: logger)
            switch supervisor.start() {
            case .success((let definition, let version)):
                draft.serve(
                    .isolated(
                        IsolatedFunction(
                            definition: definition, version: version, supervisor: supervisor, source: source)),
                    from: "runner \(file)")
                logger.info(
                    "plugin \(old == nil ? "loaded" : "reloaded"): \(name) \(version ?? "(no version)") from \(file) in a runner process",
                    metadata: ["plugin": "\(name)"])
            case .failure(let error):
                supervisor.stop()
                if let old {
                    draft.serve(old, from: old.function.file)
                    draft.refused[name] = error.description
                } else {
                    draft.issue(name, kind: kind, file: file, status: "error", error: error.description)
                }
            }
        }
    }

    /// The runner's first frame: a one-entry plugins.json (in-process inside the runner), the
    /// host settings plugins may read, and the function's name.
    private func runnerConfiguration(name: String, entry: PluginEntry, file: String) -> RunnerFrame {
        var fields: JSONObject = ["settings": entry.settings]
        if let ffi = entry.ffi {
            fields["ffi"] = ffi
            if let description = entry.description { fields["description"] = .string(description) }
        } else {
            fields["path"] = .string(file)
        }
        let config = JSONValue.object(["plugin_dirs": .array([]), "plugins": .object([name: .object(fields)])])
        let settings = JSONValue.object(JSONObject(hostSettings.mapValues(JSONValue.string)))
        return RunnerFrame(kind: .configure, fields: [config.jsonText, settings.jsonText, name])
    }
}
