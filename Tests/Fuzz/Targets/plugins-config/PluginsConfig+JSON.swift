import FunctionABI

extension PluginsConfig {
    /// The plugins.json that says the same of its plugins, every field written out.
    /// `mcp_servers` is left out: its `${NAME}` values are filled from the environment when
    /// read, so writing them back is not the same text (the round trip compares the rest).
    var json: JSONValue {
        .object([
            "plugin_dirs": .array(pluginDirectories.map(JSONValue.string)),
            "plugins": .object(JSONObject(plugins.mapValues(\.json))),
        ])
    }
}

extension PluginEntry {
    fileprivate var json: JSONValue {
        var fields: JSONObject = [
            "enabled": .bool(enabled), "settings": settings, "timeout_ms": .integer(Int64(timeoutMs)),
            "init_timeout_ms": .integer(Int64(initTimeoutMs)), "max_concurrency": .integer(Int64(maxConcurrency)),
            "isolation": .string(isolation.name),
        ]
        fields["path"] = path.map(JSONValue.string)
        fields["ffi"] = ffi
        fields["description"] = description.map(JSONValue.string)
        if case .process(let policy) = isolation {
            var limits: JSONObject = [:]
            limits["memory_mb"] = policy.memoryMB.map { .integer(Int64($0)) }
            limits["cpu_seconds"] = policy.cpuSeconds.map { .integer(Int64($0)) }
            limits["open_files"] = policy.openFiles.map { .integer(Int64($0)) }
            if !limits.isEmpty { fields["limits"] = .object(limits) }
            fields["max_restarts"] = .integer(Int64(policy.maxRestarts))
            fields["restart_window_s"] = .integer(Int64(policy.restartWindowSeconds))
            fields["kill_grace_ms"] = .integer(Int64(policy.killGraceMs))
        }
        return .object(fields)
    }
}
