import AVRHost
import Foundation
import Testing

@Suite("Settings")
struct SettingsTests {
    private func load(flags: [String: String] = [:], env: [String: String] = [:], dotEnv: String? = nil) async throws
        -> HostSettings
    {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("env-\(UUID().uuidString)").path
        if let dotEnv { try dotEnv.write(toFile: path, atomically: true, encoding: .utf8) }
        defer { try? FileManager.default.removeItem(atPath: path) }
        return try await HostSettings.load(flags: flags, environment: env, dotEnvPath: path)
    }

    @Test("MEMORY_TRIM_INTERVAL=0 switches trimming off and the host keeps serving")
    func trimmingOff() async throws {
        try await withTestHost(environment: ["MEMORY_TRIM_INTERVAL": "0"]) { host in
            let answer = try await host.turn(#"{"uuid":"no-trim","message":"still here"}"#)
            #expect(answer.texts.joined() == "You said: still here")
            // Had the switched-off service ended the group, the server would be gone by now.
            let again = try await host.turn(#"{"uuid":"no-trim","message":"and here"}"#)
            #expect(again.texts.joined() == "You said: and here")
        }
    }

    @Test("built-in defaults")
    func defaults() async throws {
        let settings = try await load()
        #expect(settings.port == 6004)
        #expect(settings.apiKey == nil)
        #expect(settings.baseURL == "https://api.openai.com/v1")
        #expect(settings.assistant.stateMode == .conversation)
        #expect(settings.assistant.waitingTimeout == .milliseconds(2000))
        #expect(settings.assistant.waitingMessage == nil)
        #expect(settings.pluginsConfigPath == "plugins.json")
        #expect(settings.amiURL == "http://127.0.0.1:6006")
        #expect(settings.sessionIdleTimeout == .seconds(3600))
        #expect(settings.maxBodyBytes == 1 << 20)
    }

    @Test("flags win over the environment, which wins over .env")
    func precedence() async throws {
        let settings = try await load(
            flags: ["openai.model": "from-flag"],
            env: ["OPENAI_MODEL": "from-env", "OPENAI_WAITING_MESSAGE": "Hold on", "PORT": "7000"],
            dotEnv: "OPENAI_MODEL=from-dotenv\nOPENAI_WAITING_TIMEOUT=900\nOPENAI_API_KEY=sk-test\nPORT=7100\n")
        #expect(settings.assistant.model == "from-flag")
        #expect(settings.assistant.waitingMessage == "Hold on")
        #expect(settings.assistant.waitingTimeout == .milliseconds(900))
        #expect(settings.apiKey == "sk-test")
        #expect(settings.port == 7000)
    }

    @Test("instructions come from a file when OPENAI_INSTRUCTIONS_FILE is set")
    func instructionsFile() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("instr-\(UUID().uuidString)").path
        try "Speak like a pirate.".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let settings = try await load(env: ["OPENAI_INSTRUCTIONS_FILE": path, "OPENAI_INSTRUCTIONS": "ignored"])
        #expect(settings.assistant.instructions == "Speak like a pirate.")
    }

    @Test("the deprecated OPENAI_ASSISTANT_ID is noticed")
    func legacyAssistant() async throws {
        #expect(try await load(env: ["OPENAI_ASSISTANT_ID": "asst_123"]).legacyAssistantID == "asst_123")
    }

    @Test(
        "bad values are refused with the variable's name and what it accepts",
        arguments: [
            ("PORT", "http", "PORT must be a whole number from 0 to 65535"),
            ("OPENAI_WAITING_TIMEOUT", "-5", "OPENAI_WAITING_TIMEOUT must be a whole number"),
            ("OPENAI_STATE", "cloud", "OPENAI_STATE must be \"conversation\" or \"local\""),
            ("OPENAI_TEMPERATURE", "hot", "OPENAI_TEMPERATURE must be a number from 0 to 2"),
            ("OPENAI_BASE_URL", "api.openai.com", "OPENAI_BASE_URL must start with http:// or https://"),
            ("ADMIN_TOKEN", "secret ", "ADMIN_TOKEN must not begin or end with white space"),
            ("ADMIN_TOKEN", "\tsecret", "ADMIN_TOKEN must not begin or end with white space"),
            (
                "OPENAI_INSTRUCTIONS_FILE", "/nonexistent/prompt.txt",
                "OPENAI_INSTRUCTIONS_FILE \"/nonexistent/prompt.txt\" cannot be read"
            ),
        ])
    func refused(name: String, value: String, message: String) async throws {
        do {
            _ = try await load(env: [name: value])
            Issue.record("\(name)=\(value) was accepted")
        } catch let error as SettingsError {
            #expect(error.description.hasPrefix(message))
        }
    }
}
