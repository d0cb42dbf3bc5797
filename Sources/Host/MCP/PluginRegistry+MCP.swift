import Foundation

extension PluginRegistry {
    /// Hands the config's `mcp_servers` to the server set (which starts or stops only what
    /// changed, in the background) and returns the tools every ready server offers, servers by
    /// name, for the serving planner (which puts them after plugins and `"ffi"` entries).
    func mcpOffers(of config: PluginsConfig) -> [(offer: PluginMCPOffer, server: MCPServer, tool: MCPTool)] {
        mcp.apply(config.mcpServers)
        var offers: [(offer: PluginMCPOffer, server: MCPServer, tool: MCPTool)] = []
        for name in config.mcpServers.keys.sorted() {
            guard let server = mcp.server(named: name) else { continue }
            for tool in server.offeredTools {
                offers.append((PluginMCPOffer(server: name, tool: server.config.toolPrefix + tool.name), server, tool))
            }
        }
        return offers
    }

    /// The function serving `tool`: the same server's same tool keeps its instance, and so its counters.
    static func mcpFunction(server: MCPServer, tool: MCPTool, previous: ServedFunction?) -> MCPToolFunction {
        let old = previous?.mcp
        return old.flatMap { $0.server === server && $0.tool == tool ? $0 : nil }
            ?? MCPToolFunction(server: server, tool: tool)
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
