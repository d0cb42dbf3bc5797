import AVRHost
import OpenAIStandIn
import Testing

@Suite("Waiting message")
struct WaitingMessageTests {
    private func configure(_ settings: inout HostSettings) {
        settings.assistant.waitingMessage = "One moment please."
        settings.assistant.waitingTimeout = .milliseconds(150)
    }

    @Test("a slow first word is covered by the waiting message, sent once")
    func slowTurn() async throws {
        try await withTestHost(configure: configure) { host in
            host.standIn.respond { _ in .delayedText(firstDelay: .milliseconds(900), "Here is your answer.") }
            let answer = try await host.turn(#"{"uuid":"wait-1","message":"hi"}"#)
            #expect(answer.texts.first == "One moment please.")
            #expect(answer.texts.dropFirst().joined() == "Here is your answer.")
        }
    }

    @Test("a quick answer gets no waiting message")
    func quickTurn() async throws {
        try await withTestHost(configure: configure) { host in
            let answer = try await host.turn(#"{"uuid":"wait-2","message":"hi"}"#)
            #expect(answer.texts.joined() == "You said: hi")
        }
    }

    @Test("a pause after the first words does not trigger it")
    func pauseAfterWords() async throws {
        try await withTestHost(configure: configure) { host in
            host.standIn.respond { _ in .stall(afterText: "Let me think", for: .milliseconds(600)) }
            let answer = try await host.turn(#"{"uuid":"wait-3","message":"hi"}"#)
            #expect(!answer.texts.contains("One moment please."))
            #expect(answer.texts.joined().hasPrefix("Let me think"))
        }
    }
}
