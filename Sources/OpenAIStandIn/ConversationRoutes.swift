import FunctionABI
import Hummingbird

/// `/v1/conversations`: create, retrieve, delete, list items.
extension OpenAIStandIn {
    func createConversation(_ request: Request) async throws -> Response {
        let body = try await Self.jsonBody(request)
        guard body.objectValue != nil else {
            throw StandInAPIError.badRequest("The request body must be a JSON object.")
        }
        let metadata = body["metadata"].flatMap { $0 == .null ? nil : $0 } ?? [:]
        let items = (body["items"]?.arrayValue ?? []).map { Self.stored($0) }
        let conversation = Conversation(
            id: IDs.make("conv"), createdAt: IDs.now(), metadata: metadata, items: items)
        mutate { $0.conversations.insert(conversation) }
        return Self.json(conversation.json)
    }

    func conversation(_ id: String) throws -> Response {
        guard let conversation = state.withLock({ $0.conversations[id] }) else {
            throw Self.conversationNotFound(id)
        }
        return Self.json(conversation.json)
    }

    func deleteConversation(_ id: String) throws -> Response {
        guard mutate({ $0.conversations.removeValue(forKey: id) }) != nil else {
            throw Self.conversationNotFound(id)
        }
        return Self.json(["id": .string(id), "object": "conversation.deleted", "deleted": true])
    }

    func listItems(_ id: String) throws -> Response {
        guard let items = conversationItems(id) else { throw Self.conversationNotFound(id) }
        return Self.json([
            "object": "list", "data": .array(items), "first_id": items.first?["id"] ?? nil,
            "last_id": items.last?["id"] ?? nil, "has_more": false,
        ])
    }

    static func conversationNotFound(_ id: String) -> StandInAPIError {
        .notFound("Conversation with id '\(id)' not found.", param: nil, code: nil)
    }

    /// An item as the conversation keeps it: with an id, string message content as `input_text`.
    static func stored(_ item: JSONValue) -> JSONValue {
        guard var object = item.objectValue else { return item }
        if object["type"] == nil, object["role"] != nil { object["type"] = "message" }
        let type = object["type"]?.string ?? "message"
        if object["id"] == nil {
            object["id"] = .string(
                IDs.make(type == "function_call_output" ? "fco" : type == "function_call" ? "fc" : "msg"))
        }
        if type == "message", let text = object["content"]?.string {
            let partType = object["role"]?.string == "assistant" ? "output_text" : "input_text"
            object["content"] = [["type": .string(partType), "text": .string(text)]]
        }
        if object["status"] == nil { object["status"] = "completed" }
        return .object(object)
    }
}
