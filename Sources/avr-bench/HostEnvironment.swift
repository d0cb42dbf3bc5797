/// The settings avr-host runs with in the benchmark: the stand-in as OpenAI, quiet logs.
enum HostEnvironment {
    static func make(standInPort: Int, plugins: String) -> [String: String] {
        [
            "PORT": "0", "HOST": "127.0.0.1", "OPENAI_API_KEY": "bench", "OPENAI_MODEL": "gpt-4.1-mini",
            "OPENAI_BASE_URL": "http://127.0.0.1:\(standInPort)/v1", "PLUGINS_CONFIG": plugins,
            "LOG_LEVEL": "notice", "MAX_SESSIONS": "100000",
        ]
    }
}
