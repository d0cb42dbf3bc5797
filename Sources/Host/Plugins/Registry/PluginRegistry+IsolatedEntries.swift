import Foundation
import FunctionABI

extension PluginRegistry {
    /// Carries out an isolated entry's claim: starts a runner process for it (nothing of it is
    /// loaded in the host). The runner a changed entry replaces stops once its calls finish;
    /// `reloaded` (it served before) only changes the log line.
    func startRunner(
        name: String, entry: PluginEntry, policy: RunnerPolicy, source: IsolatedSource, reloaded: Bool
    ) -> (outcome: PluginClaimOutcome, served: ServedFunction?) {
        let file = source.file
        let supervisor = RunnerSupervisor(
            name: name, policy: policy, runnerPath: runnerPath,
            configure: runnerConfiguration(name: name, entry: entry, file: file), logger: logger)
        switch supervisor.start() {
        case .success((let definition, let version)):
            logger.info(
                "plugin \(reloaded ? "reloaded" : "loaded"): \(name) \(version ?? "(no version)") from \(file) in a runner process",
                metadata: ["plugin": "\(name)"])
            let function = IsolatedFunction(
                definition: definition, version: version, supervisor: supervisor, source: source)
            return (.serves(provider: "runner \(file)"), .isolated(function))
        case .failure(let error):
            supervisor.stop()
            return (.failed(error.description), nil)
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
