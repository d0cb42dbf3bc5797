import Foundation

/// Fuzzes `PromptRequest.parse`, the first code to read AVR Core's (or anyone's) request body.
///
/// Beyond "never traps, time and memory bounded" (libFuzzer's -timeout and -rss_limit_mb), a
/// request the parser accepts must be well formed, must survive a round trip through the body
/// AVR Core would send for it, and must agree with Foundation's `JSONDecoder` on the fields read.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPromptRequest(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let body = fuzzInput(start, count)
    guard let request = try? PromptRequest.parse(body) else { return 0 }
    checkWellFormed(request)
    // The rebuilt body has no unreadable history item to skip.
    var expected = request
    expected.skippedHistoryProblem = nil
    let again = try? PromptRequest.parse(request.coreBody)
    require(again == expected, "the round trip changed \(expected) into \(String(describing: again))")
    checkHeaderUUID(body, request)
    checkAgainstFoundation(body, request)
    return 0
}

private func checkWellFormed(_ request: PromptRequest) {
    require(!request.userText.allSatisfy(\.isWhitespace), "the turn's text is blank")
    if let uuid = request.uuid {
        require(!uuid.isEmpty && uuid.utf8.count <= 200, "uuid \(uuid.debugDescription) is out of bounds")
    }
    for (index, message) in request.earlier.enumerated() {
        require(["user", "assistant"].contains(message.role), "earlier[\(index)] has role \(message.role)")
        require(!message.content.allSatisfy(\.isWhitespace), "earlier[\(index)] is blank")
        if index > 0, message.role == "assistant" {
            require(request.earlier[index - 1].role != "assistant", "earlier[\(index)]: sentences not joined")
        }
    }
    require(!request.systemInstructions.contains { $0.allSatisfy(\.isWhitespace) }, "a blank system text")
    require(request.overriddenHeaderUUID == nil, "an overridden header without a header")
}

/// The X-UUID header names the call only when the body does not.
private func checkHeaderUUID(_ body: [UInt8], _ request: PromptRequest) {
    let header = "header-uuid"
    guard let withHeader = try? PromptRequest.parse(body, headerUUID: header) else {
        return require(false, "a valid X-UUID header made the body fail")
    }
    require(withHeader.uuid == (request.uuid ?? header), "uuid \(String(describing: withHeader.uuid))")
    require(
        withHeader.overriddenHeaderUUID == (request.uuid == nil || request.uuid == header ? nil : header),
        "overridden header \(String(describing: withHeader.overriddenHeaderUUID))")
}

/// Where Foundation's `JSONDecoder` reads the body as an object with string (or null) `uuid` and
/// `message`, they must be the strings the host read. Not for a field sent twice: the host takes
/// the last (as Node's `JSON.parse`, AVR Core's own reader, does), Foundation the first.
private func checkAgainstFoundation(_ body: [UInt8], _ request: PromptRequest) {
    guard let fields = try? JSONDecoder().decode(TurnFields.self, from: Data(body)),
        let keys = try? topLevelKeys(body), keys.filter({ $0 == "uuid" }).count < 2,
        keys.filter({ $0 == "message" }).count < 2
    else { return }
    if let uuid = fields.uuid {
        require(request.uuid == uuid, "uuid \(String(describing: request.uuid)), Foundation read \(uuid)")
    }
    if let message = fields.message {
        require(request.userText == message, "message \(request.userText), Foundation read \(message)")
    }
}

/// The keys of the body's object, in order, repeats included.
private func topLevelKeys(_ body: [UInt8]) throws(JSONFieldReader.Failure) -> [String] {
    try JSONFieldReader.read(body, maxDepth: PromptBody.maxDepth) { reader throws(JSONFieldReader.Failure) in
        var keys: [String] = []
        try reader.readObject(depth: 1) { reader, key throws(JSONFieldReader.Failure) in
            keys.append(key)
            try reader.skipValue(depth: 2)
        }
        return keys
    }
}

private struct TurnFields: Decodable {
    var uuid: String?
    var message: String?
}
