/// The fields of a `/prompt-stream` body that the host reads, as they were sent. Every other
/// field is skipped without being built (see `JSONFieldReader`).
struct PromptBody {
    /// A field as sent: missing, `null`, a value of the expected type, or something else.
    enum Field<Value> {
        case absent, null, value(Value), wrongType

        var value: Value? {
            if case .value(let value) = self { return value }
            return nil
        }
    }

    var uuid: Field<String> = .absent
    var message: Field<String> = .absent
    var messages: Field<[PromptRequest.Message]> = .absent
    /// The first item of `messages` that is not a `{"role", "content"}` object, described.
    var messagesProblem: String?

    /// The deepest a body may nest: the fields read are at most five levels deep
    /// (`messages[i].content[j].text`); anything deeper is refused before it costs anything.
    static let maxDepth = 32

    static func read(_ bytes: [UInt8]) throws(JSONFieldReader.Failure) -> PromptBody {
        try JSONFieldReader.read(bytes, maxDepth: maxDepth) { reader throws(JSONFieldReader.Failure) in
            guard reader.nextKind() == .object else {
                throw JSONFieldReader.Failure(reason: "it is not an object")
            }
            var body = PromptBody()
            try reader.readObject(depth: 1) { reader, key throws(JSONFieldReader.Failure) in
                switch key {
                case "uuid": body.uuid = try readString(&reader, depth: 2)
                case "message": body.message = try readString(&reader, depth: 2)
                case "messages": (body.messages, body.messagesProblem) = try readMessages(&reader)
                default: try reader.skipValue(depth: 2)
                }
            }
            try reader.finish()
            return body
        }
    }

    private static func readString(_ reader: inout JSONFieldReader, depth: Int) throws(JSONFieldReader.Failure)
        -> Field<String>
    {
        switch reader.nextKind() {
        case .string: return .value(try reader.readString())
        case .null:
            try reader.skipValue(depth: depth)
            return .null
        default:
            try reader.skipValue(depth: depth)
            return .wrongType
        }
    }

    private static func readMessages(_ reader: inout JSONFieldReader) throws(JSONFieldReader.Failure) -> (
        Field<[PromptRequest.Message]>, String?
    ) {
        switch reader.nextKind() {
        case .array: break
        case .null:
            try reader.skipValue(depth: 2)
            return (.null, nil)
        default:
            try reader.skipValue(depth: 2)
            return (.wrongType, nil)
        }
        var messages: [PromptRequest.Message] = []
        var problem: String?
        try reader.readArray(depth: 2) { reader, index throws(JSONFieldReader.Failure) in
            let (message, itemProblem) = try readMessage(&reader, index: index)
            if let message { messages.append(message) }
            if problem == nil { problem = itemProblem }
        }
        return (.value(messages), problem)
    }

    private static func readMessage(_ reader: inout JSONFieldReader, index: Int) throws(JSONFieldReader.Failure)
        -> (PromptRequest.Message?, String?)
    {
        guard reader.nextKind() == .object else {
            try reader.skipValue(depth: 3)
            return (nil, "messages[\(index)] must be an object")
        }
        var role: Field<String> = .absent
        var content: String?
        try reader.readObject(depth: 3) { reader, key throws(JSONFieldReader.Failure) in
            switch key {
            case "role": role = try readString(&reader, depth: 4)
            case "content": content = try readContent(&reader)
            default: try reader.skipValue(depth: 4)
            }
        }
        guard let role = role.value, PromptRequest.Message.roles.contains(role) else {
            return (nil, "messages[\(index)].role must be one of user, assistant, system, developer")
        }
        guard let content else {
            return (nil, "messages[\(index)].content must be a string or an array of text parts")
        }
        return (PromptRequest.Message(role: role, content: content), nil)
    }

    /// Content is a string, or an array of `{"type": "text", "text": ...}` parts; nil otherwise.
    private static func readContent(_ reader: inout JSONFieldReader) throws(JSONFieldReader.Failure) -> String? {
        switch reader.nextKind() {
        case .string: return try reader.readString()
        case .array: break
        default:
            try reader.skipValue(depth: 4)
            return nil
        }
        var texts: [String] = []
        var allText = true
        try reader.readArray(depth: 4) { reader, _ throws(JSONFieldReader.Failure) in
            guard reader.nextKind() == .object else {
                allText = false
                try reader.skipValue(depth: 5)
                return
            }
            var text: String?
            try reader.readObject(depth: 5) { reader, key throws(JSONFieldReader.Failure) in
                if key == "text", reader.nextKind() == .string {
                    text = try reader.readString()
                } else {
                    try reader.skipValue(depth: 6)
                }
            }
            if let text { texts.append(text) } else { allText = false }
        }
        return allText ? texts.joined(separator: " ") : nil
    }
}
