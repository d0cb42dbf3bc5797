/// One caller turn as AVR Core sends it to `POST /prompt-stream`.
///
/// AVR Core sends `{uuid, message, messages}` together on every turn: `message` is the new
/// transcript, `messages` core's own history of the call (a system entry, the caller's turns,
/// one assistant entry per sentence spoken). The connectors' shapes `{uuid, message}`,
/// `{uuid, messages}` and `{messages}` are accepted too.
public struct PromptRequest: Sendable, Equatable {
    /// A chat message of `messages`.
    public struct Message: Sendable, Equatable {
        public var role: String
        public var content: String

        public init(role: String, content: String) {
            self.role = role
            self.content = content
        }

        static let roles: Set<String> = ["user", "assistant", "system", "developer"]
    }

    /// The call's id: the key of its conversation. Nil for stateless requests.
    public var uuid: String?
    /// The new turn: what the caller just said (or the DTMF digit they pressed).
    public var userText: String
    /// The caller side's history before this turn, oldest first: user and assistant messages,
    /// consecutive assistant sentences joined into one message. It seeds a conversation the host
    /// does not know (after a restart, or a turn answered by another instance).
    public var earlier: [Message]
    /// Texts of `system` messages: added to the instructions for this turn.
    public var systemInstructions: [String]
    /// The `X-UUID` header when it named another call than the body's `uuid` (the body wins).
    public var overriddenHeaderUUID: String?
    /// What was wrong with the first `messages` item left out of `earlier`: with `message`
    /// present, an item the host cannot read costs that item, not the caller's turn.
    public var skippedHistoryProblem: String?

    /// Longest accepted uuid, in UTF-8 bytes: call ids are short, and the uuid goes into map
    /// keys, every log line of the call and each tool call's context.
    static let maxUUIDLength = 200

    static let example = #"for example {"uuid": "...", "message": "..."}"#

    /// Parses and validates a request body; the error's text says what is wrong. `headerUUID`
    /// is the `X-UUID` header, the call id when the body has none.
    public static func parse(_ body: some Collection<UInt8>, headerUUID: String? = nil) throws(BadRequest)
        -> PromptRequest
    {
        let fields: PromptBody
        do {
            fields = try PromptBody.read(Array(body))
        } catch {
            throw BadRequest("the body must be a JSON object, \(example): \(error.reason)")
        }
        var uuid = try checkedUUID(fields.uuid, name: "uuid")
        var overriddenHeaderUUID: String?
        if let header = try checkedUUID(headerUUID.map { .value($0) } ?? .absent, name: "the X-UUID header") {
            if uuid == nil {
                uuid = header
            } else if header != uuid {
                overriddenHeaderUUID = header
            }
        }
        var (userText, earlier, system) = try turn(fields)
        earlier = joiningSentences(earlier.filter { !$0.content.isBlank })
        return PromptRequest(
            uuid: uuid, userText: userText, earlier: earlier, systemInstructions: system.filter { !$0.isBlank },
            overriddenHeaderUUID: overriddenHeaderUUID, skippedHistoryProblem: fields.messagesProblem)
    }

    /// The most recent `earlier` messages within `limit`, oldest first.
    public func recentEarlier(_ limit: HistorySeedLimit) -> ArraySlice<Message> {
        var bytes = 0
        var start = earlier.endIndex
        while start > earlier.startIndex, earlier.endIndex - start < limit.maxItems {
            bytes += earlier[start - 1].content.utf8.count
            guard bytes <= limit.maxBytes else { break }
            start -= 1
        }
        return earlier[start...]
    }

    private static func checkedUUID(_ field: PromptBody.Field<String>, name: String) throws(BadRequest) -> String? {
        switch field {
        case .absent, .null: return nil
        case .value(let uuid) where !uuid.isEmpty && uuid.utf8.count <= maxUUIDLength: return uuid
        default: throw BadRequest("\(name) must be a non-empty string of at most \(maxUUIDLength) bytes")
        }
    }

    /// The new turn's text, what came before it, and the system texts. `message` is the new turn
    /// when sent; the newest user entry of `messages` then stands for the same turn when nothing
    /// follows it, and is dropped (the two may differ: `message` wins). Without `message`, the
    /// newest user entry is the new turn.
    private static func turn(_ fields: PromptBody) throws(BadRequest) -> (String, [Message], [String]) {
        let message: String?
        switch fields.message {
        case .absent, .null: message = nil
        case .value(let text) where !text.isBlank: message = text
        default: throw BadRequest("message must be a non-empty string")
        }
        let entries: [Message]
        switch fields.messages {
        case .absent, .null:
            guard let message else { throw BadRequest("message or messages is required") }
            return (message, [], [])
        case .wrongType:
            throw BadRequest("messages must be a non-empty array of {\"role\", \"content\"} objects")
        case .value(let items):
            if message == nil, let problem = fields.messagesProblem { throw BadRequest(problem) }
            guard !items.isEmpty || message != nil else {
                throw BadRequest("messages must be a non-empty array of {\"role\", \"content\"} objects")
            }
            entries = items
        }
        let system = entries.filter { $0.role == "system" || $0.role == "developer" }.map(\.content)
        var conversation = entries.filter { $0.role == "user" || $0.role == "assistant" }
        let newestUser = conversation.lastIndex { $0.role == "user" }
        if let message {
            if let newestUser, newestUser == conversation.count - 1 { conversation.remove(at: newestUser) }
            return (message, conversation, system)
        }
        guard let newestUser, !conversation[newestUser].content.isBlank else {
            throw BadRequest("messages must contain a user message with some text")
        }
        let text = conversation.remove(at: newestUser).content
        return (text, conversation, system)
    }

    /// Core records one assistant entry per sentence it spoke; the model reads one answer.
    private static func joiningSentences(_ messages: [Message]) -> [Message] {
        var joined: [Message] = []
        for message in messages {
            if message.role == "assistant", joined.last?.role == "assistant" {
                joined[joined.count - 1].content += " " + message.content
            } else {
                joined.append(message)
            }
        }
        return joined
    }
}

/// How much of the caller side's history may seed a conversation the host does not know.
public struct HistorySeedLimit: Sendable, Equatable {
    /// The most messages (consecutive assistant sentences count as one).
    public var maxItems: Int
    /// The most bytes of message text, counted in UTF-8.
    public var maxBytes: Int

    public init(maxItems: Int, maxBytes: Int) {
        self.maxItems = maxItems
        self.maxBytes = maxBytes
    }
}

/// A request the host refuses, with the reason in words AVR Core's logs can show.
public struct BadRequest: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension String {
    fileprivate var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
