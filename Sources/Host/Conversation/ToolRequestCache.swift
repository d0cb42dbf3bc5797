import FunctionABI
import Synchronization

/// The `tools` array of a Responses request, built once per set of tool definitions rather
/// than on every turn (parsing each schema is the costly part).
final class ToolRequestCache: Sendable {
    private let cached = Mutex<(definitions: [ToolDefinition], tools: [JSONValue])>(([], []))

    func tools(for definitions: [ToolDefinition]) -> [JSONValue] {
        if let hit = cached.withLock({ $0.definitions == definitions ? $0.tools : nil }) { return hit }
        let tools = definitions.map { definition in
            [
                "type": "function",
                "name": .string(definition.name),
                "description": .string(definition.description),
                "parameters": (try? JSONValue.parse(definition.parametersJSON)) ?? ["type": "object"],
                "strict": false,
            ] as JSONValue
        }
        cached.withLock { $0 = (definitions, tools) }
        return tools
    }
}
