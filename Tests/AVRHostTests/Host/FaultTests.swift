import AVRHost
import OpenAIStandIn
import Synchronization
import Testing

@Suite("Faults upstream")
struct FaultTests {
    static let apology = "Sorry, I'm having trouble answering right now. Please try again in a moment."

    /// A rule that answers with `reply` the first `times` requests, then lets the default answer.
    private func failing(times: Int, with reply: StandInReply) -> @Sendable (ResponseRequest) -> StandInReply? {
        let count = Mutex(0)
        return { _ in
            count.withLock { count in
                count += 1
                return count <= times ? reply : nil
            }
        }
    }

    @Test(
        "429 and 5xx before the stream are retried, honouring retry-after",
        arguments: [
            StandInReply.httpError(status: 429, message: "Rate limited", retryAfterMs: 50),
            StandInReply.httpError(status: 503, message: "Overloaded", retryAfter: "0"),
        ])
    func retried(reply: StandInReply) async throws {
        try await withTestHost { host in
            host.standIn.respond(failing(times: 2, with: reply))
            let answer = try await host.turn(#"{"uuid":"retry","message":"hello"}"#)
            #expect(answer.texts.joined() == "You said: hello")
            #expect(host.standIn.responseBodies.count == 3)
        }
    }

    @Test("a retry-after beyond the budget is not waited for")
    func retryAfterTooLong() async throws {
        try await withTestHost { host in
            host.standIn.respond(failing(times: 1, with: .httpError(status: 429, message: "Later", retryAfter: "120")))
            let answer = try await host.turn(#"{"uuid":"later","message":"hello"}"#)
            #expect(answer.texts == [Self.apology])
            #expect(host.standIn.responseBodies.count == 1)
        }
    }

    @Test("errors that are not retryable end the turn with the apology after one try", arguments: [400, 401, 404])
    func notRetried(status: Int) async throws {
        try await withTestHost { host in
            host.standIn.respond { _ in .httpError(status: status, message: "No.") }
            let answer = try await host.turn(#"{"uuid":"no-retry","message":"hello"}"#)
            #expect(answer.texts == [Self.apology])
            #expect(host.standIn.responseBodies.count == 1)
        }
    }

    @Test("retries stop when the budget is spent")
    func retriesExhausted() async throws {
        try await withTestHost { host in
            host.standIn.respond { _ in .httpError(status: 500, message: "Down", retryAfter: "0") }
            let answer = try await host.turn(#"{"uuid":"down","message":"hello"}"#)
            #expect(answer.texts == [Self.apology])
            #expect(host.standIn.responseBodies.count == 1 + HostSettings.Defaults.maxRetries)
        }
    }

    @Test(
        "failures inside the stream end it cleanly with the apology",
        arguments: [
            StandInReply.errorEvent(afterText: "Partial answer"),
            StandInReply.failed(afterText: "Partial answer"),
            StandInReply.incomplete(afterText: "Partial answer", reason: "max_output_tokens"),
            StandInReply.dropConnection(afterText: "Partial answer"),
        ])
    func streamFailures(reply: StandInReply) async throws {
        try await withTestHost { host in
            host.standIn.respond { _ in reply }
            let answer = try await host.turn(#"{"uuid":"broken-stream","message":"hello"}"#)
            #expect(answer.status == 200)
            #expect(answer.texts.dropLast().joined() == "Partial answer")
            #expect(answer.texts.last == Self.apology)
        }
    }

    @Test("a stream that goes quiet past the idle timeout ends with the apology")
    func idleTimeout() async throws {
        try await withTestHost(environment: ["OPENAI_IDLE_TIMEOUT": "300", "OPENAI_ERROR_MESSAGE": "Sorry, try again."])
        { host in
            host.standIn.respond { _ in .stall(afterText: "Partial answer", for: .seconds(20)) }
            let started = ContinuousClock.now
            let answer = try await host.turn(#"{"uuid":"quiet","message":"hello"}"#)
            #expect(answer.texts.last == "Sorry, try again.")
            #expect(ContinuousClock.now - started < .seconds(10))
        }
    }

    @Test("every turn has an overall deadline")
    func turnDeadline() async throws {
        try await withTestHost(environment: ["TURN_TIMEOUT": "1000"]) { host in
            host.standIn.respond { _ in .text(String(repeating: "word ", count: 400), tokenDelay: .milliseconds(10)) }
            let answer = try await host.turn(#"{"uuid":"long","message":"hello"}"#)
            #expect(answer.texts.last == Self.apology)
            #expect(answer.texts.count < 300)
        }
    }

    @Test("a failed turn is logged with the call's uuid and OpenAI's request id")
    func failureIsLogged() async throws {
        try await withTestHost { host in
            host.standIn.respond { _ in
                .failed(afterText: "Partial answer", code: "server_error", message: "Model broke.")
            }
            _ = try await host.turn(#"{"uuid":"logged-call","message":"hello"}"#)
            let entry = try #require(host.logs.all.first { $0.level == .error && $0.message.contains("Model broke.") })
            #expect(entry.metadata["uuid"] == "logged-call")
            #expect(entry.metadata["openai_request_id"]?.hasPrefix("req_") == true)
        }
    }
}
