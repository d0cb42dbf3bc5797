import Foundation
import FunctionABI

extension PluginRegistry {
    /// The Responses API's hosted `mcp` tools for the config's `"hosted": true` entries: OpenAI
    /// connects to those servers itself, so each goes into the request as it is configured.
    /// An entry whose `${NAME}` is not set is left out (and logged), like a server that cannot start.
    func hostedMCPTools(of config: PluginsConfig) -> [JSONValue] {
        config.mcpServers.keys.sorted().compactMap { name -> JSONValue? in
            guard let entry = config.mcpServers[name], entry.enabled, entry.hosted,
                case .http(let url, let headers) = entry.transport
            else { return nil }
            var tool: JSONObject = [
                "type": "mcp", "server_label": .string(name), "server_url": .string(url),
                // Nobody could approve a call in the middle of a phone call.
                "require_approval": "never",
            ]
            if let allowed = entry.allowedTools { tool["allowed_tools"] = .array(allowed.map(JSONValue.string)) }
            do {
                let expanded = try EnvironmentReference.expand(headers, from: ProcessInfo.processInfo.environment)
                if !expanded.isEmpty { tool["headers"] = .object(JSONObject(expanded.mapValues(JSONValue.string))) }
            } catch {
                logger.warning("hosted MCP server \(name) left out: \(error)", metadata: ["mcp_server": "\(name)"])
                return nil
            }
            return .object(tool)
        }
    }
}
