import FunctionABI

/// One tool as an MCP server lists it (`tools/list`).
struct MCPTool: Sendable, Equatable {
    /// The name the server knows it by (without the host's prefix).
    var name: String
    var description: String
    /// JSON Schema of the arguments, as JSON text; always an object schema.
    var inputSchemaJSON: String

    /// Reads one entry of a `tools/list` answer; nil when it has no name.
    init?(listed: JSONValue, serverName: String) {
        guard let name = listed["name"]?.string, !name.isEmpty else { return nil }
        self.name = name
        // The model needs some description; say where the tool comes from when none is given.
        description =
            listed["description"]?.string ?? listed["title"]?.string
            ?? "The tool \(name) of the MCP server \(serverName)."
        var schema = listed["inputSchema"]?.objectValue ?? [:]
        if schema["type"] == nil { schema["type"] = "object" }
        if schema["properties"] == nil { schema["properties"] = .object([:]) }
        inputSchemaJSON = JSONValue.object(schema).jsonText
    }
}
