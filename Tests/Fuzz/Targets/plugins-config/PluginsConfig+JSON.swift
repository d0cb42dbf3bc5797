import FunctionABI

extension PluginsConfig {
    /// The plugins.json that says the same, every field written out.
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
            "max_concurrency": .integer(Int64(maxConcurrency)),
        ]
        fields["path"] = path.map(JSONValue.string)
        fields["ffi"] = ffi
        fields["description"] = description.map(JSONValue.string)
        return .object(fields)
    }
}
