import AVRHost
import OpenAIStandIn
import Testing

@Suite("Waiting message")
struct WaitingMessageTests {
    /// The waiting message after `timeout` of silence. Cases that expect no waiting message
    /// use a timeout far above the stand-in's answer time, so a busy machine cannot trip them.
    private func waiting(after timeout: Duration) -> (inout HostSettings) -> Void {
        { settings in
            settings.assistant.waitingMessage = "One moment please."
            settings.assistant.waitingTimeout = timeout
        }
    }

    @Test("a slow first word is covered by the waiting message, sent once")
    func slowTurn() async throws {
        try await withTestHost(configure: waiting(after: .milliseconds(150))) { host in
            host.standIn.respond { _ in .delayedText(firstDelay: .milliseconds(900), "Here is your answer.") }
            let answer = try await host.turn(#"{"uuid":"wait-1","message":"hi"}"#)
            #expect(answer.texts.first == "One moment please.")
            #expect(answer.texts.dropFirst().joined() == "Here is your answer.")
        }
    }

    @Test("a quick answer gets no waiting message")
    func quickTurn() async throws {
        try await withTestHost(configure: waiting(after: .seconds(2))) { host in
            let answer = try await host.turn(#"{"uuid":"wait-2","message":"hi"}"#)
            #expect(answer.texts.joined() == "You said: hi")
        }
    }

    @Test("a pause after the first words does not trigger it")
    func pauseAfterWords() async throws {
        // The first words must come well within the waiting timeout, also on a loaded machine.
        try await withTestHost(configure: waiting(after: .seconds(2))) { host in
            host.standIn.respond { _ in .stall(afterText: "Let me think", for: .milliseconds(3000)) }
            let answer = try await host.turn(#"{"uuid":"wait-3","message":"hi"}"#)
            #expect(!answer.texts.contains("One moment please."))
            #expect(answer.texts.joined().hasPrefix("Let me think"))
        }
    }
}
