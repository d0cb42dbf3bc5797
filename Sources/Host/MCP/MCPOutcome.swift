import FunctionABI

/// Turns a `tools/call` answer (or why there is none) into what the model reads and, for a
/// short plain answer, what the caller hears.
enum MCPOutcome {
    static func from(
        _ answer: Result<JSONValue, MCPError>, tool: String, server: String, config: MCPServerConfig
    ) -> ToolOutcome {
        switch answer {
        case .success(let result):
            let text = self.text(of: result["content"]?.arrayValue ?? [])
            if result["isError"]?.boolValue == true {
                return PluginOutcome.error("tool_error", text.isEmpty ? "The tool \(tool) failed." : text)
            }
            let output: JSONValue = [
                "status": "success", "message": .string(text), "data": result["structuredContent"] ?? .null,
            ]
            return ToolOutcome(
                succeeded: true, spokenMessage: isSpeakable(text, limit: config.spokenMaxChars) ? text : nil,
                output: output.jsonText)
        case .failure(.timedOut):
            return PluginOutcome.error(
                "timeout", "The function \(tool) did not answer within \(config.timeoutMs) ms.")
        case .failure(.remote(_, let message)):
            return PluginOutcome.error("tool_error", "The MCP server \(server) refused the call: \(message)")
        case .failure(.closed(let reason)):
            return PluginOutcome.error("unavailable", "The MCP server \(server) is not available: \(reason)")
        case .failure(let error):
            return PluginOutcome.error("unavailable", "The MCP server \(server) failed: \(error)")
        }
    }

    /// The text of the content blocks; other kinds are named, not passed on.
    static func text(of content: [JSONValue]) -> String {
        content.compactMap { block -> String? in
            switch block["type"]?.string {
            case "text": block["text"]?.string
            case "resource":
                block["resource"]?["text"]?.string ?? block["resource"]?["uri"]?.string.map { "[resource \($0)]" }
            case "resource_link": block["uri"]?.string.map { "[resource \($0)]" }
            case let type?: "[\(type) content]"
            case nil: nil
            }
        }.joined(separator: "\n")
    }

    /// Words for the caller: one short line that is not a JSON document.
    private static func isSpeakable(_ text: String, limit: Int) -> Bool {
        !text.isEmpty && text.count <= limit && !text.contains("\n") && text.first != "{" && text.first != "["
    }
}
