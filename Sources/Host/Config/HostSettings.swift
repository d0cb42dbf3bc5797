import Configuration
import Foundation

/// Every setting of the host, read from flags, the environment and `.env` (in that order).
public struct HostSettings: Sendable {
    /// Built-in defaults; `avr-host --help` shows them too.
    public enum Defaults {
        public static let port = 6004
        public static let host = "0.0.0.0"
        public static let baseURL = "https://api.openai.com/v1"
        public static let model = "gpt-5.1"
        public static let instructions =
            "You are a helpful voice assistant on a phone call. Answer briefly, in plain spoken sentences."
        public static let waitingTimeoutMs = 2000
        public static let amiURL = "http://127.0.0.1:6006"
        public static let pluginsConfig = "plugins.json"
        public static let sessionIdleSeconds = 3600
        public static let maxSessions = 10_000
        public static let maxBodyBytes = 1 << 20
        public static let turnTimeoutMs = 60_000
        public static let maxToolRounds = 4
        public static let historySeedMaxItems = 40
        public static let historySeedMaxBytes = 16_384
        public static let firstByteTimeoutMs = 30_000
        public static let idleTimeoutMs = 30_000
        public static let maxRetries = 2
        public static let shutdownGraceSeconds = 10
        public static let shutdownDrainDelayMs = 5000
        public static let logFormat = LogFormat.text
        public static let standInTokenDelayMs = 30
        public static let logLevel = "info"
        public static let memoryTrimSeconds = 30
        public static let httpHeaderTimeoutMs = 10_000
        public static let httpBodyTimeoutMs = 30_000
        public static let httpIdleTimeoutMs = 60_000
        public static let httpWriteTimeoutMs = 15_000
        public static let httpWriteBufferBytes = 64 * 1024
    }

    public var host: String
    public var port: Int
    public var apiKey: String?
    public var baseURL: String
    public var assistant: AssistantSettings
    /// Set when the deprecated `OPENAI_ASSISTANT_ID` is present, to explain what replaced it.
    public var legacyAssistantID: String?
    public var amiURL: String
    public var pluginsConfigPath: String
    public var adminToken: String?
    public var sessionIdleTimeout: Duration
    public var maxSessions: Int
    public var maxBodyBytes: Int
    public var firstByteTimeout: Duration
    public var idleTimeout: Duration
    public var maxRetries: Int
    public var shutdownGrace: Duration
    /// After SIGTERM: how long `/readyz` answers 503 while the listener stays open.
    public var shutdownDrainDelay: Duration
    /// `/metrics` without the admin token or loopback rule.
    public var metricsPublic: Bool
    public var logFormat: LogFormat
    public var standInTokenDelay: Duration
    public var logLevel: String
    /// How often memory freed after a burst goes back to the system; zero: never.
    public var memoryTrimInterval: Duration
    /// How long a client may take to send a request, sit idle, or leave the answer unread.
    public var connectionLimits: ConnectionLimits

    /// Reads and checks every setting; the error names the setting and what it accepts.
    public init(reader config: ConfigReader) throws(SettingsError) {
        host = config.string(forKey: "host", default: Defaults.host)
        port = try Self.integer(config, "port", Defaults.port, in: 0...65535)
        apiKey = config.string(forKey: "openai.api.key", isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        baseURL = config.string(forKey: "openai.base.url", default: Defaults.baseURL)
        guard baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://") else {
            throw SettingsError("OPENAI_BASE_URL must start with http:// or https://, got \"\(baseURL)\"")
        }
        let stateName = config.string(forKey: "openai.state", default: StateMode.conversation.rawValue)
        guard let stateMode = StateMode(rawValue: stateName) else {
            throw SettingsError("OPENAI_STATE must be \"conversation\" or \"local\", got \"\(stateName)\"")
        }
        assistant = AssistantSettings(
            model: config.string(forKey: "openai.model", default: Defaults.model),
            instructions: try Self.instructions(config),
            temperature: try config.string(forKey: "openai.temperature").map { text throws(SettingsError) in
                guard let value = Double(text), (0...2).contains(value) else {
                    throw SettingsError("OPENAI_TEMPERATURE must be a number from 0 to 2, got \"\(text)\"")
                }
                return value
            },
            maxOutputTokens: try Self.optionalInteger(config, "openai.max.output.tokens", in: 1...1_000_000),
            stateMode: stateMode,
            waitingMessage: config.string(forKey: "openai.waiting.message"),
            waitingTimeout: .milliseconds(
                try Self.integer(config, "openai.waiting.timeout", Defaults.waitingTimeoutMs, in: 1...600_000)),
            apologyMessage: config.string(
                forKey: "openai.error.message", default: AssistantSettings(model: "", instructions: "").apologyMessage),
            maxToolRounds: try Self.integer(config, "max.tool.rounds", Defaults.maxToolRounds, in: 1...32),
            turnTimeout: .milliseconds(
                try Self.integer(config, "turn.timeout", Defaults.turnTimeoutMs, in: 1000...600_000)),
            historySeedLimit: HistorySeedLimit(
                maxItems: try Self.integer(
                    config, "history.seed.max.items", Defaults.historySeedMaxItems, in: 0...1000),
                maxBytes: try Self.integer(
                    config, "history.seed.max.bytes", Defaults.historySeedMaxBytes, in: 0...1_048_576))
        )
        legacyAssistantID = config.string(forKey: "openai.assistant.id")
        amiURL = config.string(forKey: "ami.url", default: Defaults.amiURL)
        pluginsConfigPath = config.string(forKey: "plugins.config", default: Defaults.pluginsConfig)
        adminToken = config.string(forKey: "admin.token", isSecret: true).flatMap { $0.isEmpty ? nil : $0 }
        if let adminToken, adminToken != adminToken.trimmingCharacters(in: .whitespacesAndNewlines) {
            // HTTP strips white space around header values, so no client could ever send it.
            throw SettingsError(
                "ADMIN_TOKEN must not begin or end with white space: HTTP removes it from the Authorization header, so no client could send that token"
            )
        }
        sessionIdleTimeout = .seconds(
            try Self.integer(config, "session.idle.timeout", Defaults.sessionIdleSeconds, in: 1...604_800))
        maxSessions = try Self.integer(config, "max.sessions", Defaults.maxSessions, in: 1...10_000_000)
        maxBodyBytes = try Self.integer(config, "max.body.bytes", Defaults.maxBodyBytes, in: 1024...(1 << 30))
        firstByteTimeout = .milliseconds(
            try Self.integer(config, "openai.first.byte.timeout", Defaults.firstByteTimeoutMs, in: 100...600_000))
        idleTimeout = .milliseconds(
            try Self.integer(config, "openai.idle.timeout", Defaults.idleTimeoutMs, in: 100...600_000))
        maxRetries = try Self.integer(config, "openai.max.retries", Defaults.maxRetries, in: 0...10)
        shutdownGrace = .seconds(
            try Self.integer(config, "shutdown.grace", Defaults.shutdownGraceSeconds, in: 0...3600))
        shutdownDrainDelay = .milliseconds(
            try Self.integer(config, "shutdown.drain.delay", Defaults.shutdownDrainDelayMs, in: 0...600_000))
        metricsPublic = try Self.boolean(config, "metrics.public")
        let formatName = config.string(forKey: "log.format", default: Defaults.logFormat.rawValue)
        guard let logFormat = LogFormat(rawValue: formatName) else {
            throw SettingsError("LOG_FORMAT must be \"text\" or \"json\", got \"\(formatName)\"")
        }
        self.logFormat = logFormat
        standInTokenDelay = .milliseconds(
            try Self.integer(config, "stand.in.token.delay", Defaults.standInTokenDelayMs, in: 0...10_000))
        logLevel = config.string(forKey: "log.level", default: Defaults.logLevel)
        memoryTrimInterval = .seconds(
            try Self.integer(config, "memory.trim.interval", Defaults.memoryTrimSeconds, in: 0...86_400))
        connectionLimits = ConnectionLimits(
            headerTimeout: .milliseconds(
                try Self.integer(config, "http.header.timeout", Defaults.httpHeaderTimeoutMs, in: 10...600_000)),
            bodyTimeout: .milliseconds(
                try Self.integer(config, "http.body.timeout", Defaults.httpBodyTimeoutMs, in: 10...600_000)),
            idleTimeout: .milliseconds(
                try Self.integer(config, "http.idle.timeout", Defaults.httpIdleTimeoutMs, in: 10...3_600_000)),
            writeTimeout: .milliseconds(
                try Self.integer(config, "http.write.timeout", Defaults.httpWriteTimeoutMs, in: 10...600_000)),
            writeBufferBytes: try Self.integer(
                config, "http.write.buffer.bytes", Defaults.httpWriteBufferBytes, in: 1024...(64 << 20)))
    }

    private static func instructions(_ config: ConfigReader) throws(SettingsError) -> String {
        guard let path = config.string(forKey: "openai.instructions.file") else {
            return config.string(forKey: "openai.instructions", default: Defaults.instructions)
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SettingsError(
                "OPENAI_INSTRUCTIONS_FILE \"\(path)\" cannot be read; check the path and its permissions")
        }
        return text
    }

    private static func boolean(_ config: ConfigReader, _ key: String) throws(SettingsError) -> Bool {
        guard let text = config.string(forKey: ConfigKey(key)) else { return false }
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no", "": return false
        default: throw SettingsError("\(environmentName(key)) must be true or false, got \"\(text)\"")
        }
    }

    private static func integer(
        _ config: ConfigReader, _ key: String, _ fallback: Int, in range: ClosedRange<Int>
    ) throws(SettingsError) -> Int {
        try optionalInteger(config, key, in: range) ?? fallback
    }

    private static func optionalInteger(
        _ config: ConfigReader, _ key: String, in range: ClosedRange<Int>
    ) throws(SettingsError) -> Int? {
        guard let text = config.string(forKey: ConfigKey(key)) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw SettingsError(
                "\(environmentName(key)) must be a whole number from \(range.lowerBound) to \(range.upperBound), got \"\(text)\""
            )
        }
        return value
    }

    /// The environment variable name of a dotted key: `openai.model` is `OPENAI_MODEL`.
    public static func environmentName(_ key: String) -> String {
        key.replacingOccurrences(of: ".", with: "_").uppercased()
    }
}

/// A setting with a value the host cannot use; the text names the setting and the fix.
public struct SettingsError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
