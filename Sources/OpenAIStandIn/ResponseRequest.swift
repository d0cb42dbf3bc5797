import FunctionABI

/// A parsed `POST /v1/responses` body, as rules see it.
public struct ResponseRequest: Sendable {
    /// One `function_call_output` input item.
    public struct FunctionCallOutput: Sendable, Hashable {
        public var callID: String
        public var output: String
    }

    /// One function tool offered to the model.
    public struct Tool: Sendable, Hashable {
        public var name: String
        public var description: String?
        public var parameters: JSONValue?
    }

    /// 1 for the first `POST /v1/responses` this stand-in received, and so on.
    public var index: Int
    public var model: String
    public var instructions: String?
    public var conversationID: String?
    public var previousResponseID: String?
    public var store: Bool
    public var stream: Bool
    /// Input items normalised to arrays: a string `input` becomes one user message.
    public var inputItems: [JSONValue]
    public var tools: [Tool]
    /// The original request body.
    public var body: JSONValue

    /// The user message the model must answer now: the last input item when it is a user
    /// message; nil when the input ends otherwise (with function outputs, say), because then
    /// the model is answering those, even when the history holds older user messages.
    public var latestUserText: String? {
        guard let last = inputItems.last, last["role"]?.string == "user" else { return nil }
        return Self.messageText(last)
    }

    public var functionCallOutputs: [FunctionCallOutput] {
        inputItems.compactMap { item in
            guard item["type"]?.string == "function_call_output",
                let callID = item["call_id"]?.string
            else { return nil }
            // The API also accepts content arrays as output; flatten them so rules see one string.
            let output = item["output"]?.string ?? item["output"].map(Self.contentText) ?? ""
            return FunctionCallOutput(callID: callID, output: output)
        }
    }

    public func tool(named name: String) -> Tool? { tools.first { $0.name == name } }

    static func messageText(_ item: JSONValue) -> String {
        item["content"].map(contentText) ?? ""
    }

    static func contentText(_ content: JSONValue) -> String {
        if let text = content.string { return text }
        return (content.arrayValue ?? []).compactMap { $0["text"]?.string }.joined()
    }
}
