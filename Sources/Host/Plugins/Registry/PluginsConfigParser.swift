import Foundation
import FunctionABI

extension PluginsConfig {
    /// Reads and validates the file; a missing file is an empty config (built-ins off).
    public static func load(path: String) throws(PluginsConfigError) -> PluginsConfig {
        let base = (path as NSString).deletingLastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PluginsConfigError("", "cannot read \(path)")
        }
        return try parse(String(decoding: data, as: UTF8.self), baseDirectory: base)
    }

    /// Validates JSON text; every error names its field.
    public static func parse(_ text: String, baseDirectory: String) throws(PluginsConfigError)
        -> PluginsConfig
    {
        guard let root = JSONValue(parsing: text) else {
            throw PluginsConfigError("", "not valid JSON")
        }
        guard case .object(let top) = root else { throw PluginsConfigError("", "must be an object") }
        try rejectUnknown(top, allowed: ["plugin_dirs", "plugins", "mcp_servers", "$comment"], at: "")
        var config = PluginsConfig(
            pluginDirectories: [absolute("functions", base: baseDirectory)], plugins: [:],
            baseDirectory: baseDirectory)
        if let dirs = top["plugin_dirs"] {
            guard case .array(let items) = dirs else {
                throw PluginsConfigError("plugin_dirs", "must be an array of folder paths")
            }
            config.pluginDirectories = try items.enumerated().map {
                (index, item) throws(PluginsConfigError) in
                guard case .string(let dir) = item, !dir.isEmpty else {
                    throw PluginsConfigError("plugin_dirs[\(index)]", "must be a non-empty string")
                }
                return absolute(dir, base: baseDirectory)
            }
        }
        if let plugins = top["plugins"] {
            guard case .object(let entries) = plugins else {
                throw PluginsConfigError("plugins", "must be an object keyed by function name")
            }
            for (name, value) in entries {
                config.plugins[name] = try parseEntry(name, value, base: baseDirectory)
            }
        }
        if let servers = top["mcp_servers"] {
            config.mcpServers = try MCPServerConfig.parseAll(servers, baseDirectory: baseDirectory)
        }
        return config
    }

    private static func parseEntry(_ name: String, _ value: JSONValue, base: String)
        throws(PluginsConfigError) -> PluginEntry
    {
        let at = "plugins.\(name)"
        guard PluginValidation.isValidFunctionName(name) else {
            throw PluginsConfigError(at, "function name must match [a-zA-Z0-9_-]{1,64}")
        }
        guard case .object(let fields) = value else {
            throw PluginsConfigError(at, "must be an object")
        }
        try rejectUnknown(
            fields,
            allowed: Set([
                "enabled", "path", "settings", "timeout_ms", "init_timeout_ms", "max_concurrency", "ffi",
                "description", "$comment",
            ]).union(RunnerPolicy.fieldNames),
            at: at)
        var entry = PluginEntry()
        if let enabled = fields["enabled"] {
            guard case .bool(let flag) = enabled else {
                throw PluginsConfigError("\(at).enabled", "must be true or false")
            }
            entry.enabled = flag
        }
        if let path = fields["path"] {
            guard case .string(let text) = path, !text.isEmpty else {
                throw PluginsConfigError("\(at).path", "must be a non-empty string")
            }
            entry.path = absolute(text, base: base)
        }
        if let settings = fields["settings"] {
            guard case .object = settings else {
                throw PluginsConfigError("\(at).settings", "must be an object")
            }
            entry.settings = settings
        }
        if let timeout = fields["timeout_ms"] {
            guard let ms = timeout.doubleValue, ms == ms.rounded(), ms > 0, ms <= 600_000 else {
                throw PluginsConfigError("\(at).timeout_ms", "must be a positive integer (at most 600000)")
            }
            entry.timeoutMs = Int(ms)
        }
        if let timeout = fields["init_timeout_ms"] {
            guard let ms = timeout.doubleValue, ms == ms.rounded(), ms > 0, ms <= 600_000 else {
                throw PluginsConfigError("\(at).init_timeout_ms", "must be a positive integer (at most 600000)")
            }
            entry.initTimeoutMs = Int(ms)
        }
        if let limit = fields["max_concurrency"] {
            guard let count = limit.doubleValue, count == count.rounded(), count >= 1,
                count <= Double(PluginsConfig.maxConcurrencyLimit)
            else {
                throw PluginsConfigError(
                    "\(at).max_concurrency",
                    "must be a positive integer (at most \(PluginsConfig.maxConcurrencyLimit))")
            }
            entry.maxConcurrency = Int(count)
        }
        if let ffi = fields["ffi"] {
            guard case .object = ffi else { throw PluginsConfigError("\(at).ffi", "must be an object") }
            guard entry.path == nil else {
                throw PluginsConfigError("\(at).ffi", "an entry has either \"path\" or \"ffi\", not both")
            }
            entry.ffi = ffi
        }
        if let description = fields["description"] {
            guard case .string(let text) = description else {
                throw PluginsConfigError("\(at).description", "must be a string")
            }
            // A plugin's functions carry their own descriptions; silently ignoring this would mislead.
            guard entry.ffi != nil else {
                throw PluginsConfigError("\(at).description", "only allowed on an \"ffi\" entry")
            }
            entry.description = text
        }
        entry.isolation = try parseIsolation(fields, at: at)
        return entry
    }

    private static func rejectUnknown(_ fields: JSONObject, allowed: Set<String>, at: String)
        throws(PluginsConfigError)
    {
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw PluginsConfigError(at.isEmpty ? unknown : "\(at).\(unknown)", "unknown field")
        }
    }

    /// `path` against `base`, with `.`, `..` and repeated slashes removed. Not Foundation's
    /// `standardizingPath`: it also drops a leading "/private" (a Darwin rule), so
    /// "/privatefunctions" became the relative "functions" (found by the plugins-config fuzz target).
    static func absolute(_ path: String, base: String) -> String {
        let joined = path.hasPrefix("/") ? path : base + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/") where part != "." {
            if part == ".." {
                _ = parts.popLast()
            } else {
                parts.append(part)
            }
        }
        return (joined.hasPrefix("/") ? "/" : "") + parts.joined(separator: "/")
    }
}

/// Shared rules for what the host accepts.
enum PluginValidation {
    static func isValidFunctionName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }
}
