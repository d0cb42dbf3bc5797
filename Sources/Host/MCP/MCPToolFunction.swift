import Foundation
import FunctionABI

/// One tool of an MCP server as the catalog sees it (kind "mcp"): a call is a `tools/call`
/// sent from the worker thread, which waits for the answer within the entry's deadline.
final class MCPToolFunction: CatalogFunction {
    let server: MCPServer
    let tool: MCPTool
    let definition: ToolDefinition
    let loadedAt = Date()
    let stats = FunctionStats()

    init(server: MCPServer, tool: MCPTool) {
        self.server = server
        self.tool = tool
        definition = ToolDefinition(
            name: server.config.toolPrefix + tool.name, description: tool.description,
            parametersJSON: tool.inputSchemaJSON)
    }

    var kind: String { "mcp" }
    var version: String? { server.state.withLock { $0.serverVersion } }
    var file: String { "mcp:\(server.name)" }

    func invokeBlocking(arguments: String, context: ToolCallContext) -> ToolOutcome {
        let started = DispatchTime.now().uptimeNanoseconds
        var meta: JSONObject = ["avr/call_id": .string(context.callID)]
        if let uuid = context.uuid { meta["avr/uuid"] = .string(uuid) }
        let answer = server.call(
            tool: tool.name, arguments: JSONValue(parsing: arguments) ?? .object([:]), meta: .object(meta),
            timeout: .milliseconds(server.config.timeoutMs))
        let outcome = MCPOutcome.from(answer, tool: definition.name, server: server.name, config: server.config)
        server.stats.record(
            succeeded: outcome.succeeded, nanoseconds: Int(DispatchTime.now().uptimeNanoseconds - started))
        return outcome
    }
}
