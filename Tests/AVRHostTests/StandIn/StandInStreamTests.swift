import Foundation
import FunctionABI
import OpenAIStandIn
import Testing

/// The event sequences of text and function-call turns, over a real socket.
@Suite struct StandInStreamTests {
    static let model = "gpt-4.1-mini"

    static func body(
        _ input: String, conversation: String? = nil, stream: Bool = true, extra: String = ""
    ) -> String {
        let conv = conversation.map { ",\"conversation\":\"\($0)\"" } ?? ""
        return
            "{\"model\":\"\(model)\",\"input\":\(JSONValue.string(input).jsonText),\"stream\":\(stream)\(conv)\(extra)}"
    }

    @Test func textTurnStreamsTheDocumentedSequence() async throws {
        let standIn = try await OpenAIStandIn.started()
        defer { Task { await standIn.stop() } }
        let answer = try await standIn.call("POST", "/v1/responses", Self.body("Hello, how are you?"))
        #expect(answer.status == 200)
        #expect(answer.headers["content-type"]?.hasPrefix("text/event-stream") == true)
        #expect(answer.headers["x-request-id"]?.hasPrefix("req_") == true)
        #expect(answer.complete)
        let names = answer.events.map(\.event)
        let deltas = answer.events.filter { $0.event == "response.output_text.delta" }
        #expect(
            names == [
                "response.created", "response.in_progress", "response.output_item.added",
                "response.content_part.added",
            ]
                + Array(repeating: "response.output_text.delta", count: deltas.count)
                + [
                    "response.output_text.done", "response.content_part.done", "response.output_item.done",
                    "response.completed",
                ])
        #expect(
            deltas.prefix(4).map { $0.data["delta"]?.stringValue } == ["You", " said", ":", " Hello"])
        #expect(
            deltas.compactMap { $0.data["delta"]?.stringValue }.joined()
                == "You said: Hello, how are you?")
        let sequence = answer.events.compactMap { $0.data["sequence_number"]?.intValue }
        #expect(sequence == Array(0..<answer.events.count))
        #expect(answer.events.allSatisfy { $0.data["type"]?.stringValue == $0.event })
        #expect(answer.events.last?.data["response"]?["status"]?.stringValue == "completed")
    }

    @Test func functionCallTurnSplitsArgumentsAndKeepsIDsOnItems() async throws {
        let standIn = try await OpenAIStandIn.started()
        defer { Task { await standIn.stop() } }
        let arguments = #"{"transfer_extension":"600"}"#
        standIn.respond { _ in
            .functionCalls(
                [("avr_transfer", arguments), ("avr_hangup", "{}")], textBefore: "One moment.")
        }
        let answer = try await standIn.call("POST", "/v1/responses", Self.body("transfer me"))
        let events = answer.events
        let added = events.filter { $0.event == "response.output_item.added" }.map { $0.data["item"]! }
        #expect(added.map { $0["type"]?.stringValue } == ["message", "function_call", "function_call"])
        let transfer = added[1]
        #expect(transfer["call_id"]?.stringValue?.hasPrefix("call_") == true)
        #expect(transfer["id"]?.stringValue?.hasPrefix("fc_") == true)
        let argumentDeltas = events.filter {
            $0.event == "response.function_call_arguments.delta" && $0.data["item_id"] == transfer["id"]
        }
        #expect(argumentDeltas.count > 1)
        #expect(argumentDeltas.compactMap { $0.data["delta"]?.stringValue }.joined() == arguments)
        let done = events.first { $0.event == "response.function_call_arguments.done" }!.data
        #expect(done["arguments"]?.stringValue == arguments)
        #expect(done["name"] == nil && done["call_id"] == nil)
        let finished = events.filter { $0.event == "response.output_item.done" }.map {
            $0.data["item"]!
        }
        #expect(finished[1]["call_id"] == transfer["call_id"])
        #expect(finished[1]["status"]?.stringValue == "completed")
        #expect(events.last?.event == "response.completed")
    }

    @Test func directivesAndNonStreamAnswer() async throws {
        let standIn = try await OpenAIStandIn.started()
        defer { Task { await standIn.stop() } }
        let whole = try await standIn.call("POST", "/v1/responses", Self.body("plain", stream: false))
        #expect(whole.json?["status"]?.stringValue == "completed")
        #expect(
            whole.json?["output"]?.arrayValue?.first?["content"]?.arrayValue?.first?["text"]?.stringValue
                == "You said: plain")
        let call = try await standIn.call(
            "POST", "/v1/responses", Self.body(#"#call avr_hangup {"reason":"bye"}"#))
        let item = call.events.first { $0.event == "response.output_item.done" }?.data["item"]
        #expect(item?["name"]?.stringValue == "avr_hangup")
        #expect(item?["arguments"]?.stringValue == #"{"reason":"bye"}"#)
    }

    @Test func rulesSeeTheParsedRequest() async throws {
        let standIn = try await OpenAIStandIn.started()
        defer { Task { await standIn.stop() } }
        standIn.respond { request in
            request.tool(named: "avr_transfer") != nil && request.instructions == "Be brief."
                ? .text("tools: \(request.tools.map(\.name).joined()) #\(request.index)") : nil
        }
        let tools =
            #","instructions":"Be brief.","tools":[{"type":"function","name":"avr_transfer","parameters":{"type":"object"}}]"#
        let answer = try await standIn.call(
            "POST", "/v1/responses", Self.body("hi", stream: false, extra: tools))
        #expect(
            answer.json?["output"]?[0]?["content"]?[0]?["text"]?.stringValue == "tools: avr_transfer #1")
        #expect(answer.json?["tools"]?[0]?["strict"] != nil)
        await standIn.waitForRequests(count: 1, path: "/v1/responses")
        #expect(standIn.recordedRequests.last?.body?["instructions"]?.stringValue == "Be brief.")
    }
}

extension JSONValue {
    /// Array element access for terse assertions.
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
