import Logging

/// Starts the whole host from its settings, as `avr-host` does.
public enum HostLauncher {
    public static func run(settings: HostSettings, logger: Logger) async throws {
        if let assistantID = settings.legacyAssistantID {
            logger.warning(
                """
                OPENAI_ASSISTANT_ID (\(assistantID)) is ignored: OpenAI shut the Assistants API down on 2026-08-26. \
                The assistant is now this host's own configuration: set OPENAI_MODEL (the model), \
                OPENAI_INSTRUCTIONS or OPENAI_INSTRUCTIONS_FILE (its instructions), and enable its tools in \
                plugins.json. Each call's thread is now an OpenAI Conversation the host creates itself.
                """)
        }
        let server = try await HostServer(settings: settings, logger: logger)
        try await server.run { port in logger.info("listening on \(settings.host):\(port)") }
    }
}
