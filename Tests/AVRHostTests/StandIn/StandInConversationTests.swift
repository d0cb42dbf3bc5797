import Foundation
import FunctionABI
import OpenAIStandIn
import Testing

/// Conversations: lifecycle, what a turn stores, and the tool-output rules the real API enforces.
@Suite struct StandInConversationTests {
    @Test func createRetrieveDeleteAndNotFound() async throws {
        let standIn = try await OpenAIStandIn.started()
        defer { Task { await standIn.stop() } }
        let created = try await standIn.call("POST", "/v1/conversations", "{}")
        let id = try #require(created.json?["id"]?.stringValue)
        #expect(id.hasPrefix("conv_"))
        #expect(created.json?["object"]?.stringValue == "conversation")
        #expect(try await standIn.call("GET", "/v1/conversations/\(id)").status == 200)
        let deleted = try await standIn.call("DELETE", "/v1/conversations/\(id)")
        #expect(deleted.json?["deleted"] == .bool(true))
        #expect(deleted.json?["object"]?.stringValue == "conversation.deleted")
        let missing = try await standIn.call("GET", "/v1/conversations/\(id)")
        #expect(missing.status == 404)
        #expect(missing.json?["error"]?["message"]?.stringValue?.contains(id) == true)
        let unknown = try await standIn.call(
            "POST", "/v1/responses", StandInStreamTests.body("hi", conversation: id))
        #expect(unknown.status == 404)
    }

    @Test func turnsAreStoredAndUnansweredCallsRejected() async throws {
        let standIn = try await OpenAIStandIn.started()
        defer { Task { await standIn.stop() } }
        let id = try #require(
            try await standIn.call("POST", "/v1/conversations", "{}").json?["id"]?.stringValue)
        let turn = try await standIn.call(
            "POST", "/v1/responses", StandInStreamTests.body("#call avr_transfer {}", conversation: id))
        let callID = try #require(
            turn.events.first { $0.event == "response.output_item.done" }?.data["item"]?["call_id"]?
                .stringValue)
        #expect(
            standIn.conversationItems(id)?.compactMap { $0["type"]?.stringValue } == [
                "message", "function_call",
            ])

        let skipped = try await standIn.call(
            "POST", "/v1/responses", StandInStreamTests.body("hello?", conversation: id))
        #expect(skipped.status == 400)
        #expect(
            skipped.json?["error"]?["message"]?.stringValue
                == "No tool output found for function call \(callID).")

        let output = #"[{"type":"function_call_output","call_id":"\#(callID)","output":"transferred"}]"#
        let follow =
            #"{"model":"gpt-4.1-mini","stream":false,"conversation":"\#(id)","input":\#(output)}"#
        let answer = try await standIn.call("POST", "/v1/responses", follow)
        #expect(answer.json?["output"]?[0]?["content"]?[0]?["text"]?.stringValue == "Done: transferred")
        #expect(standIn.conversationItems(id)?.count == 4)

        let stray = follow.replacingOccurrences(of: callID, with: "call_unknown")
        let strayAnswer = try await standIn.call("POST", "/v1/responses", stray)
        #expect(strayAnswer.status == 400)
    }

    @Test func requestValidationAndAuthorization() async throws {
        let standIn = try await OpenAIStandIn.started(.init(requiredAPIKey: "sk-test"))
        defer { Task { await standIn.stop() } }
        let auth = ["Authorization": "Bearer sk-test"]
        #expect(try await standIn.call("GET", "/v1/models/gpt-5-mini").status == 401)
        let model = try await standIn.call("GET", "/v1/models/gpt-5-mini", headers: auth)
        #expect(model.json?["shutdown_date"]?.stringValue == "2026-12-11")
        #expect(
            try await standIn.call("GET", "/v1/models/gpt-0", headers: auth).json?["error"]?["code"]
                == "model_not_found")
        let malformed = try await standIn.call("POST", "/v1/responses", "{not json", headers: auth)
        #expect(malformed.status == 400)
        #expect(malformed.json?["error"]?["message"]?.stringValue?.contains("JSON") == true)
        let noModel = try await standIn.call("POST", "/v1/responses", #"{"input":"hi"}"#, headers: auth)
        #expect(noModel.json?["error"]?["param"] == "model")
    }
}
