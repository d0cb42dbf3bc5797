import Foundation
import FunctionABI

extension MCPServerConfig {
    /// Validates the `mcp_servers` object of plugins.json; every error names its field.
    static func parseAll(_ value: JSONValue, baseDirectory: String) throws(PluginsConfigError) -> [String: Self] {
        guard case .object(let entries) = value else {
            throw PluginsConfigError("mcp_servers", "must be an object keyed by server name")
        }
        var servers: [String: Self] = [:]
        for (name, entry) in entries {
            servers[name] = try parse(name: name, entry, baseDirectory: baseDirectory)
        }
        return servers
    }

    static func parse(name: String, _ value: JSONValue, baseDirectory: String) throws(PluginsConfigError) -> Self {
        let at = "mcp_servers.\(name)"
        guard PluginValidation.isValidFunctionName(name) else {
            throw PluginsConfigError(at, "server name must match [a-zA-Z0-9_-]{1,64}")
        }
        guard case .object(let fields) = value else { throw PluginsConfigError(at, "must be an object") }
        let allowed: Set<String> = [
            "command", "env", "cwd", "url", "headers", "enabled", "timeout_ms", "max_concurrency", "tools",
            "tool_prefix", "spoken_max_chars", "max_restarts", "hosted", "$comment",
        ]
        if let unknown = fields.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw PluginsConfigError("\(at).\(unknown)", "unknown field")
        }
        var config = Self(name: name, transport: try transport(fields, at: at, base: baseDirectory))
        let reader = FieldReader(fields: fields, at: at)
        if let enabled = try reader.bool("enabled") { config.enabled = enabled }
        if let ms = try reader.integer("timeout_ms", in: 1...600_000) { config.timeoutMs = ms }
        if let limit = try reader.integer("max_concurrency", in: 1...PluginsConfig.maxConcurrencyLimit) {
            config.maxConcurrency = limit
        }
        if let chars = try reader.integer("spoken_max_chars", in: 0...10_000) { config.spokenMaxChars = chars }
        if let restarts = try reader.integer("max_restarts", in: 0...1000) { config.maxRestarts = restarts }
        if let tools = try reader.strings("tools") { config.allowedTools = tools }
        if let hosted = try reader.bool("hosted") {
            guard case .http = config.transport else {
                throw PluginsConfigError("\(at).hosted", "only for a remote server (\"url\"): OpenAI calls it")
            }
            config.hosted = hosted
        }
        if let prefix = fields["tool_prefix"] {
            // Empty is allowed (names as the server gives them); otherwise name characters only.
            guard case .string(let text) = prefix, text.isEmpty || PluginValidation.isValidFunctionName(text) else {
                throw PluginsConfigError("\(at).tool_prefix", "must be a string of [a-zA-Z0-9_-] (may be empty)")
            }
            config.toolPrefix = text
        }
        return config
    }

    private static func transport(_ fields: JSONObject, at: String, base: String) throws(PluginsConfigError)
        -> Transport
    {
        let reader = FieldReader(fields: fields, at: at)
        switch (fields["command"], fields["url"]) {
        case (.some, .some), (nil, nil):
            throw PluginsConfigError(at, "needs either \"command\" (a local server) or \"url\" (a remote one)")
        case (.some, nil):
            guard fields["headers"] == nil else {
                throw PluginsConfigError("\(at).headers", "only for a remote server (\"url\")")
            }
            guard let command = try reader.strings("command"), !command.isEmpty, !command[0].isEmpty else {
                throw PluginsConfigError("\(at).command", "must be a non-empty array of strings")
            }
            let cwd = try reader.string("cwd").map { PluginsConfig.absolute($0, base: base) } ?? base
            return .stdio(command: command, environment: try reader.stringMap("env") ?? [:], workingDirectory: cwd)
        case (nil, .some):
            for field in ["env", "cwd"] where fields[field] != nil {
                throw PluginsConfigError("\(at).\(field)", "only for a local server (\"command\")")
            }
            guard let url = try reader.string("url"), url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw PluginsConfigError("\(at).url", "must be an http:// or https:// URL")
            }
            return .http(url: url, headers: try reader.stringMap("headers") ?? [:])
        }
    }
}

/// Typed reads of one entry's fields, each error naming `at.field`.
private struct FieldReader {
    let fields: JSONObject
    let at: String

    func bool(_ name: String) throws(PluginsConfigError) -> Bool? {
        guard let value = fields[name] else { return nil }
        guard case .bool(let flag) = value else { throw PluginsConfigError("\(at).\(name)", "must be true or false") }
        return flag
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws(PluginsConfigError) -> Int? {
        guard let value = fields[name] else { return nil }
        guard let integer = value.doubleValue.flatMap({ Int(exactly: $0) }), range.contains(integer) else {
            throw PluginsConfigError(
                "\(at).\(name)", "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return integer
    }

    func string(_ name: String) throws(PluginsConfigError) -> String? {
        guard let value = fields[name] else { return nil }
        guard case .string(let text) = value, !text.isEmpty else {
            throw PluginsConfigError("\(at).\(name)", "must be a non-empty string")
        }
        return text
    }

    func strings(_ name: String) throws(PluginsConfigError) -> [String]? {
        guard let value = fields[name] else { return nil }
        guard case .array(let items) = value else {
            throw PluginsConfigError("\(at).\(name)", "must be an array of strings")
        }
        return try items.map { item throws(PluginsConfigError) in
            guard case .string(let text) = item else {
                throw PluginsConfigError("\(at).\(name)", "must be an array of strings")
            }
            return text
        }
    }

    func stringMap(_ name: String) throws(PluginsConfigError) -> [String: String]? {
        guard let value = fields[name] else { return nil }
        guard case .object(let members) = value else {
            throw PluginsConfigError("\(at).\(name)", "must be an object of strings")
        }
        var strings: [String: String] = [:]
        for (key, member) in members {
            guard case .string(let text) = member else {
                throw PluginsConfigError("\(at).\(name).\(key)", "must be a string")
            }
            strings[key] = text
        }
        return strings
    }
}
