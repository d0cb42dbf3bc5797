import Foundation
import FunctionABI
import OpenAIStandIn
import Testing

/// Every fault a client must survive: HTTP errors, terminal error events, cuts, and disconnects.
@Suite struct StandInFaultTests {
    static func stream(_ standIn: OpenAIStandIn, _ reply: StandInReply) async throws
        -> RawHTTPResponse
    {
        standIn.respond { _ in reply }
        return try await standIn.call("POST", "/v1/responses", StandInStreamTests.body("go"))
    }

    @Test func httpErrorCarriesRetryHeaders() async throws {
        let standIn = try await OpenAIStandIn.started()
        defer { Task { await standIn.stop() } }
        let answer = try await Self.stream(
            standIn, .httpError(status: 429, message: "slow down", retryAfter: "2", retryAfterMs: 1500))
        #expect(answer.status == 429)
        #expect(answer.headers["retry-after"] == "2" && answer.headers["retry-after-ms"] == "1500")
        #expect(answer.json?["error"]?["message"] == "slow down")
    }

    @Test func terminalFaultEvents() async throws {
        let standIn = try await OpenAIStandIn.started()
        defer { Task { await standIn.stop() } }
        let error = try await Self.stream(
            standIn, .errorEvent(afterText: "Part", code: "server_error", message: "boom"))
        #expect(error.events.last?.event == "error")
        #expect(error.events.last?.data["message"] == "boom")
        standIn.removeAllRules()
        let failed = try await Self.stream(
            standIn, .failed(afterText: "Part", code: "server_error", message: "bad"))
        #expect(failed.events.last?.data["response"]?["error"]?["code"] == "server_error")
        standIn.removeAllRules()
        let incomplete = try await Self.stream(
            standIn, .incomplete(afterText: "Part", reason: "content_filter"))
        #expect(incomplete.events.last?.event == "response.incomplete")
        #expect(
            incomplete.events.last?.data["response"]?["incomplete_details"]?["reason"] == "content_filter"
        )
        #expect(error.complete && failed.complete && incomplete.complete)
    }

    @Test func dropCutsTheChunkedBody() async throws {
        let standIn = try await OpenAIStandIn.started()
        defer { Task { await standIn.stop() } }
        let answer = try await Self.stream(standIn, .dropConnection(afterText: "Half an answer"))
        #expect(answer.status == 200)
        #expect(!answer.complete)
        #expect(answer.events.contains { $0.event == "response.output_text.delta" })
        #expect(!answer.events.contains { $0.event == "response.completed" })
    }

    @Test func clientDisconnectIsObserved() async throws {
        let standIn = try await OpenAIStandIn.started(.init(tokenDelay: .milliseconds(20)))
        defer { Task { await standIn.stop() } }
        standIn.respond { _ in .text(String(repeating: "word ", count: 200)) }
        let connection = try RawConnection(port: standIn.port)
        connection.send(method: "POST", path: "/v1/responses", body: StandInStreamTests.body("go"))
        #expect(await connection.read(until: "response.output_text.delta"))
        connection.close()
        await standIn.waitForClientDisconnects(count: 1)
        #expect(standIn.clientDisconnects == 1)
    }

    @Test func delayedTextHoldsBackTheFirstDelta() async throws {
        let standIn = try await OpenAIStandIn.started()
        defer { Task { await standIn.stop() } }
        standIn.respond { _ in .delayedText(firstDelay: .milliseconds(3000), "Finally.") }
        let clock = ContinuousClock()
        let connection = try RawConnection(port: standIn.port)
        let start = clock.now
        connection.send(method: "POST", path: "/v1/responses", body: StandInStreamTests.body("go"))
        #expect(await connection.read(until: "response.in_progress"))
        #expect(clock.now - start < .milliseconds(3000))
        #expect(await connection.read(until: "response.output_text.delta"))
        #expect(clock.now - start >= .milliseconds(3000))
    }
}
