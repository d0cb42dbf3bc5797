import FunctionABI

/// Builds the full `response` object that `response.created`, `.completed` and non-stream answers carry.
struct ResponseObject: Sendable {
    var id: String
    var createdAt: Int
    var request: ResponseRequest
    var status = "in_progress"
    var output: [JSONValue] = []
    var error: JSONValue = .null
    var incompleteReason: String?
    var usage: JSONValue = .null

    var json: JSONValue {
        var object: JSONObject = [
            "id": .string(id), "object": "response", "created_at": .integer(Int64(createdAt)),
            "status": .string(status),
            "background": false, "error": error,
            "incomplete_details": incompleteReason.map { ["reason": .string($0)] } ?? .null,
            "instructions": request.instructions.map(JSONValue.string) ?? .null,
            "max_output_tokens": request.body["max_output_tokens"] ?? .null,
            "model": .string(request.model), "output": .array(output), "parallel_tool_calls": true,
            "previous_response_id": request.previousResponseID.map(JSONValue.string) ?? .null,
            "reasoning": ["effort": nil, "summary": nil],
            "store": .bool(request.store), "temperature": 1.0, "text": ["format": ["type": "text"]],
            "tool_choice": request.body["tool_choice"] ?? "auto", "tools": .array(tools), "top_p": 1.0,
            "truncation": "disabled", "usage": usage, "user": nil,
            "metadata": request.body["metadata"].flatMap { $0 == .null ? nil : $0 } ?? [:],
        ]
        if let conversationID = request.conversationID {
            object["conversation"] = ["id": .string(conversationID)]
        }
        if status == "completed" { object["completed_at"] = .integer(Int64(IDs.now())) }
        return .object(object)
    }

    /// Tools echoed back with the defaults the real API fills in, so typed clients parse them.
    private var tools: [JSONValue] {
        (request.body["tools"]?.arrayValue ?? []).map { tool in
            guard tool["type"]?.string == "function", var object = tool.objectValue else {
                return tool
            }
            object["strict"] = object["strict"] ?? true
            object["parameters"] = object["parameters"] ?? .null
            object["description"] = object["description"] ?? .null
            return .object(object)
        }
    }

    static func usage(input: [JSONValue], instructions: String?, outputTokens: Int) -> JSONValue {
        // A rough token count (words) is enough: clients only read these for logging.
        let inputText = input.map { $0.jsonText }.joined() + (instructions ?? "")
        let inputTokens = inputText.split(whereSeparator: { $0 == " " }).count + 1
        return [
            "input_tokens": .integer(Int64(inputTokens)),
            "input_tokens_details": ["cached_tokens": 0, "cache_write_tokens": 0],
            "output_tokens": .integer(Int64(outputTokens)), "output_tokens_details": ["reasoning_tokens": 0],
            "total_tokens": .integer(Int64(inputTokens + outputTokens)),
        ]
    }
}
