import AVRHost
import Testing

@Suite("Start-up checks")
struct StartupTests {
    @Test("a model with a shutdown date is warned about")
    func retiringModel() async throws {
        try await withTestHost(environment: ["OPENAI_MODEL": "gpt-5-mini"]) { host in
            #expect(
                host.logs.all.contains {
                    $0.level == .warning && $0.message.contains("gpt-5-mini is scheduled to shut down on 2026-12-11")
                })
        }
    }

    @Test("a model that does not exist stops the start with a clear message")
    func unknownModel() async throws {
        do {
            try await withTestHost(environment: ["OPENAI_MODEL": "gpt-nonexistent"]) { _ in }
            Issue.record("the host started with a model that does not exist")
        } catch let error as SettingsError {
            #expect(error.description.hasPrefix("OPENAI_MODEL \"gpt-nonexistent\" does not exist"))
        }
    }

    @Test("OPENAI_ASSISTANT_ID is explained: the Assistants API is gone, and what replaces it")
    func legacyAssistantID() async throws {
        try await withTestHost(environment: ["OPENAI_ASSISTANT_ID": "asst_abc"]) { host in
            let notice = try #require(host.logs.all.first { $0.message.contains("asst_abc") })
            #expect(notice.level == .warning)
            #expect(notice.message.contains("2026-08-26"))
            #expect(notice.message.contains("OPENAI_MODEL"))
            #expect(notice.message.contains("OPENAI_INSTRUCTIONS"))
        }
    }
}
