import Logging

extension ChildOutputLog {
    /// A local MCP server's stderr in the host log, under the server's name.
    static func mcpStderr(serverName: String, logger: Logger) -> ChildOutputLog {
        ChildOutputLog(
            source: "MCP server \(serverName) stderr", level: .info, metadata: ["mcp_server": "\(serverName)"],
            maximumLineBytes: 500, linesPerWindow: 50, window: .seconds(10), logger: logger)
    }
}
