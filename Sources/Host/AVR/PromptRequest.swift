import FunctionABI
/// One caller turn as AVR Core sends it to `POST /prompt-stream`, in any of its three shapes:
/// `{uuid, message}`, `{uuid, messages}` or `{messages}`.
public struct PromptRequest: Sendable, Equatable {
    /// A chat message of the `messages` shape.
    public struct Message: Sendable, Equatable {
        public var role: String
        public var content: String
    }

    /// The call's id: the key of its conversation. Nil for stateless requests.
    public var uuid: String?
    /// The newest thing the caller said (or the DTMF digit they pressed).
    public var userText: String
    /// Every user and assistant message, oldest first (a stateless request's whole context).
    public var history: [Message]
    /// Texts of `system` messages: added to the instructions for this turn.
    public var systemInstructions: [String]

    /// Longest accepted uuid; call ids are short, and the uuid names files and map keys.
    static let maxUUIDLength = 200

    /// Parses and validates a request body; the error's text says what is wrong.
    public static func parse(_ body: some Collection<UInt8>) throws(BadRequest) -> PromptRequest {
        let json: JSONValue
        do {
            json = try JSONValue.parse(body)
        } catch {
            throw BadRequest("the body must be a JSON object, for example {\"uuid\": \"...\", \"message\": \"...\"}")
        }
        guard case .object = json else {
            throw BadRequest("the body must be a JSON object, for example {\"uuid\": \"...\", \"message\": \"...\"}")
        }
        let uuid = try parseUUID(json["uuid"])
        switch (json["message"], json["messages"]) {
        case (nil, nil):
            throw BadRequest("message or messages is required")
        case (.some, .some):
            throw BadRequest("send either message or messages, not both")
        case (let message?, nil):
            guard let text = message.string, !text.allSatisfy(\.isWhitespace) else {
                throw BadRequest("message must be a non-empty string")
            }
            return PromptRequest(
                uuid: uuid, userText: text, history: [Message(role: "user", content: text)], systemInstructions: [])
        case (nil, let messages?):
            return try parseMessages(messages, uuid: uuid)
        }
    }

    private static func parseUUID(_ value: JSONValue?) throws(BadRequest) -> String? {
        guard let value, value != .null else { return nil }
        guard let uuid = value.string, !uuid.isEmpty, uuid.count <= maxUUIDLength else {
            throw BadRequest("uuid must be a non-empty string of at most \(maxUUIDLength) characters")
        }
        return uuid
    }

    private static func parseMessages(_ value: JSONValue, uuid: String?) throws(BadRequest) -> PromptRequest {
        guard let items = value.arrayValue, !items.isEmpty else {
            throw BadRequest("messages must be a non-empty array of {\"role\", \"content\"} objects")
        }
        var history: [Message] = []
        var system: [String] = []
        for (index, item) in items.enumerated() {
            guard case .object = item else { throw BadRequest("messages[\(index)] must be an object") }
            guard let role = item["role"]?.string, ["user", "assistant", "system", "developer"].contains(role)
            else {
                throw BadRequest("messages[\(index)].role must be one of user, assistant, system")
            }
            guard let content = text(of: item["content"]) else {
                throw BadRequest("messages[\(index)].content must be a string")
            }
            if role == "system" || role == "developer" {
                system.append(content)
            } else {
                history.append(Message(role: role, content: content))
            }
        }
        guard let newest = history.last(where: { $0.role == "user" }),
            !newest.content.allSatisfy(\.isWhitespace)
        else {
            throw BadRequest("messages must contain a user message with some text")
        }
        return PromptRequest(uuid: uuid, userText: newest.content, history: history, systemInstructions: system)
    }

    /// Content is a string, or an array of `{"type": "text", "text": ...}` parts.
    private static func text(of content: JSONValue?) -> String? {
        if let text = content?.string { return text }
        guard let parts = content?.arrayValue else { return nil }
        let texts = parts.compactMap { $0["text"]?.string }
        return texts.count == parts.count ? texts.joined(separator: " ") : nil
    }
}

/// A request the host refuses, with the reason in words AVR Core's logs can show.
public struct BadRequest: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
