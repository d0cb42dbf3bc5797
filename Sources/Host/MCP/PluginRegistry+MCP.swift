import Foundation

extension PluginRegistry {
    /// Hands the config's `mcp_servers` to the server set (which starts or stops only what
    /// changed, in the background) and adds the tools of every ready server to `draft`, after
    /// plugins and `"ffi"` entries: a name already taken is refused as a duplicate.
    func addMCPTools(
        of config: PluginsConfig, previous: [String: ServedFunction], to draft: inout PluginGenerationDraft
    ) {
        mcp.apply(config.mcpServers)
        for name in config.mcpServers.keys.sorted() {
            guard let server = mcp.server(named: name) else { continue }
            for tool in server.offeredTools {
                let toolName = server.config.toolPrefix + tool.name
                let file = "mcp:\(name)"
                guard PluginValidation.isValidFunctionName(toolName) else {
                    draft.issue(
                        toolName, kind: "mcp", file: file, status: "error",
                        error: "the MCP tool name \(toolName) is not a valid function name ([a-zA-Z0-9_-]{1,64})")
                    continue
                }
                if let duplicate = draft.duplicateError(toolName) {
                    draft.issue(toolName, kind: "mcp", file: file, status: "error", error: duplicate)
                    continue
                }
                // The same server's same tool keeps its instance, and so its counters.
                let old = previous[toolName]?.mcp
                let function = old.flatMap { $0.server === server && $0.tool == tool ? $0 : nil }
                draft.serve(.mcp(function ?? MCPToolFunction(server: server, tool: tool)), from: "MCP server \(name)")
            }
        }
    }

    /// The deadline of a serving function: its MCP server's, or its plugins.json entry's.
    static func timeoutMs(of name: String, _ served: ServedFunction?, in config: PluginsConfig) -> Int {
        served?.mcp?.server.config.timeoutMs ?? config.plugins[name]?.timeoutMs
            ?? PluginsConfig.defaultTimeoutMs
    }

    /// The pool share of a serving function: its MCP server's, or its plugins.json entry's.
    static func maxConcurrency(of name: String, _ served: ServedFunction?, in config: PluginsConfig) -> Int {
        served?.mcp?.server.config.maxConcurrency ?? config.plugins[name]?.maxConcurrency
            ?? PluginsConfig.defaultMaxConcurrency
    }
}
