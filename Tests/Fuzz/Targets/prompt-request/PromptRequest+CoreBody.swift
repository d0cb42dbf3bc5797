import FunctionABI

extension PromptRequest {
    /// The body AVR Core would send for this turn: the new turn both as `message` and as the newest
    /// user entry of `messages`, after the system texts and the earlier messages.
    var coreBody: [UInt8] {
        var body = "{"
        if let uuid {
            body += #""uuid":"#
            uuid.writeJSONString(to: &body)
            body += ","
        }
        body += #""message":"#
        userText.writeJSONString(to: &body)
        let entries =
            systemInstructions.map { Message(role: "system", content: $0) } + earlier
            + [Message(role: "user", content: userText)]
        body += #","messages":["#
        for (index, entry) in entries.enumerated() {
            body += index == 0 ? #"{"role":"# : #",{"role":"#
            entry.role.writeJSONString(to: &body)
            body += #","content":"#
            entry.content.writeJSONString(to: &body)
            body += "}"
        }
        body += "]}"
        return Array(body.utf8)
    }
}
