import FunctionABI
import AVRHost
import OpenAIStandIn
import Testing

@Suite("Conversation state per call")
struct ConversationStateTests {
    @Test("turns of one uuid share a conversation; other uuids get their own")
    func continuityAndIsolation() async throws {
        try await withTestHost { host in
            _ = try await host.turn(#"{"uuid":"call-a","message":"one"}"#)
            _ = try await host.turn(#"{"uuid":"call-b","message":"three"}"#)
            let second = try await host.turn(#"{"uuid":"call-a","message":"two"}"#)
            #expect(second.texts.joined() == "You said: two")
            let requests = host.standIn.responseBodies
            try #require(requests.count == 3)
            let conversationA = try #require(requests[0]["conversation"]?.stringValue)
            #expect(requests[2]["conversation"]?.stringValue == conversationA)
            #expect(requests[1]["conversation"]?.stringValue != conversationA)
            // Only the new turn goes upstream; the conversation holds the rest.
            #expect(requests[2]["input"] == [["role": "user", "content": "two"]])
            let stored = try #require(host.standIn.conversationItems(conversationA))
            let said = stored.map(\.jsonText).joined()
            #expect(said.contains(#""one""#) && said.contains(#""two""#) && !said.contains(#""three""#))
        }
    }

    @Test("local state mode sends the whole history with store false and creates no conversation")
    func localMode() async throws {
        try await withTestHost(environment: ["OPENAI_STATE": "local"]) { host in
            _ = try await host.turn(#"{"uuid":"local-1","message":"one"}"#)
            _ = try await host.turn(#"{"uuid":"local-1","message":"two"}"#)
            #expect(!host.standIn.recordedRequests.contains { $0.path == "/v1/conversations" })
            let requests = host.standIn.responseBodies
            try #require(requests.count == 2)
            #expect(requests[1]["store"] == false)
            #expect(requests[1]["conversation"] == nil)
            #expect(
                requests[1]["input"] == [
                    ["role": "user", "content": "one"], ["role": "assistant", "content": "You said: one"],
                    ["role": "user", "content": "two"],
                ])
        }
    }

    @Test("a request without uuid keeps no state and sends its messages; system items join the instructions")
    func stateless() async throws {
        try await withTestHost(environment: ["OPENAI_INSTRUCTIONS": "Base rules."]) { host in
            let body = #"""
                {"messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"hi"},
                 {"role":"assistant","content":"hello"},{"role":"user","content":"bye"}]}
                """#
            let answer = try await host.turn(body)
            #expect(answer.texts.joined() == "You said: bye")
            let request = try #require(host.standIn.responseBodies.first)
            #expect(request["store"] == false)
            #expect(request["conversation"] == nil)
            #expect(request["instructions"]?.stringValue == "Base rules.\n\nBe terse.")
            #expect(
                request["input"] == [
                    ["role": "user", "content": "hi"], ["role": "assistant", "content": "hello"],
                    ["role": "user", "content": "bye"],
                ])
            #expect(host.standIn.conversationIDs.isEmpty)
        }
    }

    @Test("DELETE /sessions/{uuid} ends the session and deletes the remote conversation")
    func deleteSession() async throws {
        try await withTestHost { host in
            _ = try await host.turn(#"{"uuid":"bye-1","message":"hello"}"#)
            let conversation = try #require(host.standIn.responseBodies.first?["conversation"]?.stringValue)
            #expect(host.standIn.conversationIDs.contains(conversation))
            let delete = HTTPRequest(method: "DELETE", url: host.url + "/sessions/bye-1")
            #expect(try await host.client.send(delete).head.status == 204)
            #expect(!host.standIn.conversationIDs.contains(conversation))
            let again = try await host.client.send(delete)
            #expect(again.head.status == 404)
            #expect(try JSONValue.parse(again.body)["message"]?.stringValue?.contains("bye-1") == true)
            // A new turn starts a new conversation.
            _ = try await host.turn(#"{"uuid":"bye-1","message":"back again"}"#)
            #expect(host.standIn.responseBodies.last?["conversation"]?.stringValue != conversation)
        }
    }

    @Test("after a response broke off, the next turn sends only the outputs the conversation still owes")
    func reconcilesAfterABrokenResponse() async throws {
        try await withTestHost { host in
            host.standIn.respond { request in
                if request.latestUserText == "look it up" { return .functionCalls([("lookup", "{}")]) }
                // The follow-up with the tool's output breaks off, but the stand-in (like
                // OpenAI) keeps an incomplete response's input, the output included.
                if !request.functionCallOutputs.isEmpty {
                    return .incomplete(afterText: "Part", reason: "max_output_tokens")
                }
                return nil
            }
            let first = try await host.turn(#"{"uuid":"reconcile","message":"look it up"}"#)
            #expect(first.texts.last?.hasPrefix("Sorry") == true)
            let second = try await host.turn(#"{"uuid":"reconcile","message":"hello again"}"#)
            #expect(second.texts.joined() == "You said: hello again")
            #expect(host.standIn.responseBodies.last?["input"] == [["role": "user", "content": "hello again"]])
        }
    }
}
