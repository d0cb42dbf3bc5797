import AVRHost
import Testing

@Suite("Prompt request parsing")
struct PromptRequestTests {
    typealias Message = PromptRequest.Message

    static let coreHistory = #"""
        [{"role":"system","content":"You are an AI assistant. You must introduce yourself quickly and concisely."},
         {"role":"user","content":"Hi, I'm Ann."},
         {"role":"assistant","content":"Hello Ann."},{"role":"assistant","content":"How can I help?"},
         {"role":"user","content":"I need a taxi."}]
        """#

    @Test("AVR Core's {uuid, message, messages}: message is the turn, the rest is earlier history")
    func coreShape() throws {
        let body = #"{"uuid":"c1","message":"I need a taxi.","messages":"# + Self.coreHistory + "}"
        let request = try PromptRequest.parse(Array(body.utf8))
        #expect(request.uuid == "c1")
        #expect(request.userText == "I need a taxi.")
        #expect(
            request.earlier == [
                Message(role: "user", content: "Hi, I'm Ann."),
                Message(role: "assistant", content: "Hello Ann. How can I help?"),
            ])
        #expect(
            request.systemInstructions == [
                "You are an AI assistant. You must introduce yourself quickly and concisely."
            ])
    }

    @Test("when message and the newest user entry disagree, message wins and that entry is not sent twice")
    func messageWins() throws {
        let body = #"{"uuid":"c1","message":"I need a cab.","messages":"# + Self.coreHistory + "}"
        let request = try PromptRequest.parse(Array(body.utf8))
        #expect(request.userText == "I need a cab.")
        #expect(!request.earlier.contains { $0.content.contains("taxi") })
    }

    @Test("a newest user entry that was already answered stays in the history")
    func answeredUserEntryKept() throws {
        let body = #"""
            {"uuid":"c1","message":"2","messages":[{"role":"user","content":"1"},{"role":"assistant","content":"One."}]}
            """#
        let request = try PromptRequest.parse(Array(body.utf8))
        #expect(request.userText == "2")
        #expect(request.earlier == [Message(role: "user", content: "1"), Message(role: "assistant", content: "One.")])
    }

    @Test("a spoken greeting instead of a system entry is history; DTMF digits are turns")
    func greetingAndDTMF() throws {
        let body = #"""
            {"uuid":"c2","message":"#","messages":[{"role":"assistant","content":"Welcome to Acme."},
             {"role":"user","content":"#"}]}
            """#
        let request = try PromptRequest.parse(Array(body.utf8))
        #expect(request.userText == "#")
        #expect(request.earlier == [Message(role: "assistant", content: "Welcome to Acme.")])
        #expect(request.systemInstructions.isEmpty)
    }

    @Test("the older shapes keep working")
    func olderShapes() throws {
        let message = try PromptRequest.parse(Array(#"{"uuid":"a","message":"hi"}"#.utf8))
        #expect(message.userText == "hi" && message.earlier.isEmpty && message.uuid == "a")
        let messages = try PromptRequest.parse(
            Array(
                #"{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"}]}"#
                    .utf8))
        #expect(messages.uuid == nil)
        #expect(messages.userText == "c")
        #expect(messages.earlier == [Message(role: "user", content: "a"), Message(role: "assistant", content: "b")])
    }

    @Test("X-UUID is the call id when the body has none; the body's uuid wins when they differ")
    func headerUUID() throws {
        let bare = try PromptRequest.parse(Array(#"{"message":"hi"}"#.utf8), headerUUID: "from-header")
        #expect(bare.uuid == "from-header" && bare.overriddenHeaderUUID == nil)
        let same = try PromptRequest.parse(Array(#"{"uuid":"x","message":"hi"}"#.utf8), headerUUID: "x")
        #expect(same.uuid == "x" && same.overriddenHeaderUUID == nil)
        let differ = try PromptRequest.parse(Array(#"{"uuid":"body","message":"hi"}"#.utf8), headerUUID: "header")
        #expect(differ.uuid == "body" && differ.overriddenHeaderUUID == "header")
        #expect(throws: BadRequest.self) {
            try PromptRequest.parse(Array(#"{"message":"hi"}"#.utf8), headerUUID: String(repeating: "u", count: 201))
        }
    }

    /// Pinned after the prompt-request fuzz target (Tests/Fuzz) found Foundation's JSONDecoder
    /// taking the first of two: AVR Core's side (Node's JSON.parse) takes the last, and so does the host.
    @Test("a field sent twice: the last one counts")
    func repeatedField() throws {
        let request = try PromptRequest.parse(
            Array(#"{"uuid":"first","message":"one","uuid":"last","message":"two"}"#.utf8))
        #expect(request.uuid == "last" && request.userText == "two")
    }

    @Test("the uuid limit counts bytes, so combining marks cannot stretch it")
    func uuidLimitInBytes() {
        let stretched = "a" + String(repeating: "\u{0301}", count: 300)
        #expect(stretched.count == 1)
        #expect(throws: BadRequest.self) {
            try PromptRequest.parse(Array(#"{"uuid":"\#(stretched)","message":"hi"}"#.utf8))
        }
    }

    @Test("escapes, surrogate pairs and unknown fields of every kind")
    func jsonDetails() throws {
        let body = #"""
            {"extra":{"a":[1,-2.5e+3,true,false,null,"\"q\""]},"uuid":"\u00e9\ud83d\ude00","message":"tab\there\n",
             "messages":null,"z":[]}
            """#
        let request = try PromptRequest.parse(Array(body.utf8))
        #expect(request.uuid == "é😀")
        #expect(request.userText == "tab\there\n")
    }

    static let malformed: [(body: String, message: String)] = [
        (#"{"message":"hi"} x"#, "unexpected text after the JSON value"),
        (#"{"message":"hi","#, "at byte"),
        (#"{"message":"hi","x":[1,}"#, "expected a value"),
        (#"{"message":"hi","x":{"a" 1}}"#, "expected ':'"),
        (#"{"message":"hi","x":"\q"}"#, "an invalid escape"),
        (#"{"message":"hi","x":01x}"#, "expected ',' or '}'"),
        (#"{"message":"hi","x":tru}"#, "expected a value"),
        ("{\"message\":\"a\u{01}b\"}", "a control character must be escaped"),
        (#"{"message":"hi","x":1.}"#, "a number has no digits after '.'"),
        (#"{"message":"hi","x":"\u12"}"#, "four hex digits"),
        (#"{"message":"hi","x":[}"#, "expected a value"),
        (#"{"message":"hi","x":[1}"#, "expected ',' or ']'"),
    ]

    @Test("malformed JSON is refused with what is wrong and where", arguments: malformed)
    func malformedJSON(body: String, message: String) {
        #expect {
            try PromptRequest.parse(Array(body.utf8))
        } throws: { error in
            let text = (error as? BadRequest)?.message ?? ""
            return text.hasPrefix("the body must be a JSON object") && text.contains(message)
        }
    }

    @Test("invalid UTF-8 in a field the host reads is refused")
    func invalidUTF8() {
        let body = Array(#"{"message":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
        #expect(throws: BadRequest.self) { try PromptRequest.parse(body) }
    }

    @Test("nesting deeper than the cap is refused wherever it is")
    func nestingCap() {
        let deep = String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
        let body = #"{"message":"hi","ignored":"# + deep + "}"
        #expect {
            try PromptRequest.parse(Array(body.utf8))
        } throws: { error in
            (error as? BadRequest)?.message.contains("nested deeper than") == true
        }
        let shallow = String(repeating: "[", count: 20) + String(repeating: "]", count: 20)
        #expect(throws: Never.self) { try PromptRequest.parse(Array((#"{"message":"hi","ok":"# + shallow + "}").utf8)) }
    }

    @Test("the seed keeps the most recent messages within the item and byte limits")
    func seedBounds() throws {
        let history = (1...10).map {
            #"{"role":"user","content":"message \#($0)"},{"role":"assistant","content":"answer \#($0)"}"#
        }
        let body = #"{"uuid":"s","message":"now","messages":["# + history.joined(separator: ",") + "]}"
        let request = try PromptRequest.parse(Array(body.utf8))
        #expect(request.earlier.count == 20)
        let byItems = request.recentEarlier(HistorySeedLimit(maxItems: 3, maxBytes: 10_000))
        #expect(byItems.map(\.content) == ["answer 9", "message 10", "answer 10"])
        // "answer 10" and "message 10" are 19 bytes; "answer 9" would make 27.
        let byBytes = request.recentEarlier(HistorySeedLimit(maxItems: 100, maxBytes: 26))
        #expect(byBytes.map(\.content) == ["message 10", "answer 10"])
        #expect(request.recentEarlier(HistorySeedLimit(maxItems: 0, maxBytes: 10_000)).isEmpty)
        #expect(request.recentEarlier(HistorySeedLimit(maxItems: 100, maxBytes: 5)).isEmpty)
    }
}
