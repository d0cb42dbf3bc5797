import FunctionABI

extension ResponseRequest {
    /// Validates a request body the way the real API does for the fields the stand-in understands.
    init(body: JSONValue, index: Int) throws(StandInAPIError) {
        guard case .object = body else { throw .badRequest("The request body must be a JSON object.") }
        guard let model = body["model"]?.string, !model.isEmpty else {
            throw .badRequest(
                "Missing required parameter: 'model'.", param: "model", code: "missing_required_parameter")
        }
        let inputItems: [JSONValue]
        switch body["input"] {
        case .string(let text)?:
            inputItems = [["type": "message", "role": "user", "content": .string(text)]]
        case .array(let items)?:
            guard items.allSatisfy({ $0.objectValue != nil }) else {
                throw .badRequest("Invalid 'input': every item must be an object.", param: "input")
            }
            inputItems = items
        case nil, .null?:
            inputItems = []
        default:
            throw .badRequest("Invalid type for 'input': expected a string or an array.", param: "input")
        }
        let conversationID: String?
        switch body["conversation"] {
        case .string(let id)?: conversationID = id
        case .object(let object)?:
            guard let id = object["id"]?.string else {
                throw .badRequest(
                    "Missing required parameter: 'conversation.id'.", param: "conversation.id")
            }
            conversationID = id
        case nil, .null?: conversationID = nil
        default: throw .badRequest("Invalid type for 'conversation'.", param: "conversation")
        }
        let tools = try Self.parseTools(body["tools"])
        self.init(
            index: index, model: model, instructions: body["instructions"]?.string,
            conversationID: conversationID, previousResponseID: body["previous_response_id"]?.string,
            store: body["store"]?.boolValue ?? true, stream: body["stream"]?.boolValue ?? false,
            inputItems: inputItems, tools: tools, body: body)
    }

    private static func parseTools(_ value: JSONValue?) throws(StandInAPIError) -> [Tool] {
        guard let value, value != .null else { return [] }
        guard let array = value.arrayValue else {
            throw .badRequest("Invalid type for 'tools'.", param: "tools")
        }
        var tools: [Tool] = []
        for (index, tool) in array.enumerated() where tool["type"]?.string == "function" {
            guard let name = tool["name"]?.string else {
                throw .badRequest(
                    "Missing required parameter: 'tools[\(index)].name'.", param: "tools[\(index)].name")
            }
            tools.append(
                Tool(
                    name: name, description: tool["description"]?.string, parameters: tool["parameters"])
            )
        }
        return tools
    }
}
