import FunctionABI
import OpenAIStandIn
import Testing

/// The stand-in serves an offline host for as long as it runs: what it keeps is bounded.
@Suite("Stand-in bounds")
struct StandInBoundsTests {
    @Test("the request log keeps the most recent requests only, and waiting still counts them all")
    func requestLog() async throws {
        let standIn = try await OpenAIStandIn.started(.init(requestLogCapacity: 10))
        for index in 0..<50 {
            _ = try await standIn.call("GET", "/v1/models", headers: ["x-index": "\(index)"])
        }
        #expect(standIn.recordedRequests.map { $0.headers["x-index"] } == (40..<50).map { "\($0)" })
        try await within { await standIn.waitForRequests(count: 50, path: "/v1/models") }
        await standIn.stop()
    }

    @Test("beyond the limit the oldest conversations, and a conversation's oldest items, are forgotten")
    func conversations() async throws {
        let standIn = try await OpenAIStandIn.started(.init(maxConversations: 5, maxConversationItems: 4))
        var created: [String] = []
        for _ in 0..<12 {
            let answer = try await standIn.call("POST", "/v1/conversations", "{}")
            created.append(try #require(answer.json?["id"]?.stringValue))
        }
        #expect(Set(standIn.conversationIDs) == Set(created.suffix(5)))
        let items = (0..<10).map { #"{"role":"user","content":"item \#($0)"}"# }.joined(separator: ",")
        let answer = try await standIn.call("POST", "/v1/conversations", #"{"items":[\#(items)]}"#)
        let id = try #require(answer.json?["id"]?.stringValue)
        let kept = try #require(standIn.conversationItems(id))
        #expect(kept.map { $0["content"]?.arrayValue?.first?["text"]?.stringValue } == (6..<10).map { "item \($0)" })
        #expect(standIn.conversationIDs.count == 5)
        await standIn.stop()
    }
}
