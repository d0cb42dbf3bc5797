import AVRHost
import FunctionABI
import OpenAIStandIn
import Testing

@Suite("Hang-ups and barge-in")
struct CancellationTests {
    private static let longAnswer = String(repeating: "and more words ", count: 300)

    @Test("when AVR Core goes away mid-answer the upstream request is cancelled")
    func callerDisconnects() async throws {
        try await withTestHost { host in
            host.standIn.respond { _ in .text(Self.longAnswer, tokenDelay: .milliseconds(20)) }
            let reader = Task {
                var parts = host.client.stream(host.promptRequest(#"{"uuid":"gone","message":"hi"}"#))
                    .makeAsyncIterator()
                // Once the answer is streaming from upstream (not just the waiting message), read
                // the first words, then hang up by dropping the stream.
                try await within { await host.standIn.waitForRequests(count: 1, path: "/v1/responses") }
                while true {
                    if case .body = try await parts.next() { return }
                }
            }
            try await reader.value
            try await within { await host.standIn.waitForClientDisconnects(count: 1) }
            #expect(host.standIn.clientDisconnects == 1)
        }
    }

    @Test("a new turn of the same call wins: the old answer ends and the new one is answered at once")
    func bargeIn() async throws {
        try await withTestHost { host in
            host.standIn.respond { request in
                request.latestUserText == "tell me a long story"
                    ? .text(Self.longAnswer, tokenDelay: .milliseconds(20)) : nil
            }
            let first = Task { try await host.turn(#"{"uuid":"barge","message":"tell me a long story"}"#) }
            await host.standIn.waitForRequests(count: 1, path: "/v1/responses")
            let second = try await within {
                try await host.turn(#"{"uuid":"barge","message":"stop, I have a question"}"#)
            }
            #expect(second.texts.joined() == "You said: stop, I have a question")
            let firstAnswer = try await within { try await first.value }
            #expect(firstAnswer.status == 200)
            #expect(firstAnswer.texts.joined().count < Self.longAnswer.count)
            #expect(!firstAnswer.texts.contains { $0.contains("Sorry") })
            try await within { await host.standIn.waitForClientDisconnects(count: 1) }
            let requests = host.standIn.responseBodies
            #expect(requests.count == 2)
            #expect(requests[0]["conversation"] == requests[1]["conversation"])
        }
    }

    @Test("200 concurrent calls each get their own answer, with no cross-talk")
    func concurrentCalls() async throws {
        try await withTestHost { host in
            let answers = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let answer = try await host.turn(
                            #"{"uuid":"caller-\#(index)","message":"caller number \#(index)"}"#)
                        return (index, answer.texts)
                    }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            #expect(answers.count == 200)
            for (index, texts) in answers {
                #expect(texts.joined() == "You said: caller number \(index)")
            }
            #expect(Set(host.standIn.conversationIDs).count == 200)
        }
    }
}
