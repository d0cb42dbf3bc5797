import AVRHost
import FunctionABI
import Testing

@Suite("Bad input")
struct BadInputTests {
    static let cases: [(body: String, message: String)] = [
        ("not json", "the body must be a JSON object"),
        ("[1,2]", "the body must be a JSON object"),
        ("{}", "message or messages is required"),
        (#"{"uuid":"x"}"#, "message or messages is required"),
        (#"{"message":5}"#, "message must be a non-empty string"),
        (#"{"message":"   "}"#, "message must be a non-empty string"),
        (#"{"uuid":7,"message":"hi"}"#, "uuid must be a non-empty string"),
        (#"{"uuid":"","message":"hi"}"#, "uuid must be a non-empty string"),
        (#"{"message":"hi","messages":7}"#, "messages must be a non-empty array"),
        (#"{"message":"hi","z":"# + String(repeating: "[", count: 600) + "}", "the body must be a JSON object"),
        (#"{"messages":[]}"#, "messages must be a non-empty array"),
        (#"{"messages":"hi"}"#, "messages must be a non-empty array"),
        (#"{"messages":["hi"]}"#, "messages[0] must be an object"),
        (#"{"messages":[{"role":"robot","content":"hi"}]}"#, "messages[0].role must be one of"),
        (#"{"messages":[{"role":"user"}]}"#, "messages[0].content must be a string or an array of text parts"),
        (#"{"messages":[{"role":"assistant","content":"hello"}]}"#, "messages must contain a user message"),
    ]

    @Test("malformed requests get 400 with a message saying what is wrong", arguments: cases)
    func rejected(body: String, message: String) async throws {
        try await withTestHost { host in
            let answer = try await host.turn(body)
            #expect(answer.status == 400)
            let text = try #require(try JSONValue.parse(answer.raw)["message"]?.stringValue)
            #expect(text.hasPrefix(message))
            // Nothing else is disturbed.
            let fine = try await host.turn(#"{"uuid":"fine","message":"still here"}"#)
            #expect(fine.texts.joined() == "You said: still here")
            #expect(host.standIn.responseBodies.count == 1)
        }
    }

    @Test("a body over the limit gets 413")
    func tooLarge() async throws {
        try await withTestHost(environment: ["MAX_BODY_BYTES": "4096"]) { host in
            let body = "{\"message\":\"" + String(repeating: "a", count: 10_000) + "\"}"
            let answer = try await host.turn(body)
            #expect(answer.status == 413)
            #expect(try JSONValue.parse(answer.raw)["message"]?.stringValue?.contains("4096") == true)
        }
    }

    @Test("the messages shape accepts content given as text parts, and DTMF digits")
    func contentParts() async throws {
        try await withTestHost { host in
            let body = ##"{"uuid":"dtmf","messages":[{"role":"user","content":[{"type":"text","text":"#"}]}]}"##
            let answer = try await host.turn(body)
            #expect(answer.texts.joined() == "You said: #")
        }
    }

    @Test("with message present, a history item the host cannot read is left out and the turn answered")
    func unreadableHistoryItemIsSkipped() async throws {
        try await withTestHost { host in
            for body in [
                #"{"uuid":"odd-1","message":"hi","messages":[{"role":"tool","content":"x"},{"role":"user","content":"hi"}]}"#,
                #"{"uuid":"odd-2","message":"hi","messages":[{"role":"assistant","content":null}]}"#,
                #"{"uuid":"odd-3","message":"hi","messages":[{"role":"user","content":[{"type":"input_audio"}]}]}"#,
            ] {
                let answer = try await host.turn(body)
                #expect(answer.status == 200)
                #expect(answer.texts.joined() == "You said: hi")
            }
            let warnings = host.logs.all.filter { $0.level == .warning && $0.message.contains("history item") }
            #expect(warnings.count == 1)
            #expect(warnings.first?.message.contains("messages[0].role must be one of") == true)
        }
    }
}
