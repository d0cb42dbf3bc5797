import AVRHost
import ArgumentParser
import Foundation
import Logging

/// `avr-host`: the AVR LLM service. Every flag is also an environment variable.
@main
struct AVRHostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avr-host",
        abstract: "Streams AVR Core's caller turns through OpenAI's Responses API, with native tool plugins.",
        discussion: """
            Every option can also be set as the environment variable in brackets, or in a .env file \
            in the working directory. Flags win over the environment, which wins over .env. \
            Without OPENAI_API_KEY the host answers from a built-in OpenAI stand-in (offline demo).
            """,
        version: HostVersion.text,
        // Without a subcommand the host serves, as it always has.
        subcommands: [PluginCommand.self])

    typealias D = HostSettings.Defaults

    @Option(help: "Port to listen on [PORT] (default: \(D.port))") var port: String?
    @Option(help: "Address to listen on [HOST] (default: \(D.host))") var host: String?
    @Option(help: "OpenAI API key; unset = offline stand-in [OPENAI_API_KEY]") var openaiApiKey: String?
    @Option(help: "OpenAI API base URL [OPENAI_BASE_URL] (default: \(D.baseURL))") var openaiBaseUrl: String?
    @Option(help: "Model [OPENAI_MODEL] (default: \(D.model))") var openaiModel: String?
    @Option(help: "Instructions for every turn [OPENAI_INSTRUCTIONS] (default: a short voice-assistant prompt)")
    var openaiInstructions: String?
    @Option(help: "File holding the instructions; wins over OPENAI_INSTRUCTIONS [OPENAI_INSTRUCTIONS_FILE]")
    var openaiInstructionsFile: String?
    @Option(help: "Sampling temperature, 0-2 [OPENAI_TEMPERATURE] (default: the model's)") var openaiTemperature:
        String?
    @Option(help: "Output token limit per response [OPENAI_MAX_OUTPUT_TOKENS] (default: none)")
    var openaiMaxOutputTokens: String?
    @Option(help: "Said once when a turn is silent too long [OPENAI_WAITING_MESSAGE] (default: none)")
    var openaiWaitingMessage: String?
    @Option(help: "Silence before the waiting message, ms [OPENAI_WAITING_TIMEOUT] (default: \(D.waitingTimeoutMs))")
    var openaiWaitingTimeout: String?
    @Option(help: "Said when a turn fails [OPENAI_ERROR_MESSAGE] (default: a short apology)") var openaiErrorMessage:
        String?
    @Option(
        help:
            "conversation (OpenAI keeps state) or local (host keeps it, store=false) [OPENAI_STATE] (default: conversation)"
    )
    var openaiState: String?
    @Option(
        help: "Wait for the first byte from OpenAI, ms [OPENAI_FIRST_BYTE_TIMEOUT] (default: \(D.firstByteTimeoutMs))")
    var openaiFirstByteTimeout: String?
    @Option(help: "Longest pause inside OpenAI's stream, ms [OPENAI_IDLE_TIMEOUT] (default: \(D.idleTimeoutMs))")
    var openaiIdleTimeout: String?
    @Option(help: "Retries of a 429/5xx answer [OPENAI_MAX_RETRIES] (default: \(D.maxRetries))") var openaiMaxRetries:
        String?
    @Option(help: "Deadline of a whole turn, ms [TURN_TIMEOUT] (default: \(D.turnTimeoutMs))") var turnTimeout: String?
    @Option(help: "Tool-call rounds per turn [MAX_TOOL_ROUNDS] (default: \(D.maxToolRounds))") var maxToolRounds:
        String?
    @Option(
        help:
            "Most messages of AVR Core's history that seed a call this host does not know [HISTORY_SEED_MAX_ITEMS] (default: \(D.historySeedMaxItems))"
    )
    var historySeedMaxItems: String?
    @Option(
        help:
            "Most bytes of text of that seed [HISTORY_SEED_MAX_BYTES] (default: \(D.historySeedMaxBytes))")
    var historySeedMaxBytes: String?
    @Option(
        help: "Forget a call after this many idle seconds [SESSION_IDLE_TIMEOUT] (default: \(D.sessionIdleSeconds))")
    var sessionIdleTimeout: String?
    @Option(help: "Most calls kept in memory [MAX_SESSIONS] (default: \(D.maxSessions))") var maxSessions: String?
    @Option(help: "Largest request body, bytes [MAX_BODY_BYTES] (default: \(D.maxBodyBytes))") var maxBodyBytes: String?
    @Option(help: "avr-ami service for transfer/hangup plugins [AMI_URL] (default: \(D.amiURL))") var amiUrl: String?
    @Option(help: "Plugin configuration file [PLUGINS_CONFIG] (default: \(D.pluginsConfig))") var pluginsConfig: String?
    @Option(help: "Bearer token for /plugins admin endpoints; unset = loopback only [ADMIN_TOKEN]") var adminToken:
        String?
    @Option(
        help: "Seconds turns in flight get to finish on SIGTERM [SHUTDOWN_GRACE] (default: \(D.shutdownGraceSeconds))")
    var shutdownGrace: String?
    @Option(
        help:
            "After SIGTERM, ms /readyz answers 503 with the listener still open [SHUTDOWN_DRAIN_DELAY] (default: \(D.shutdownDrainDelayMs))"
    )
    var shutdownDrainDelay: String?
    @Option(help: "Serve /metrics to anyone, without ADMIN_TOKEN or loopback [METRICS_PUBLIC] (default: false)")
    var metricsPublic: String?
    @Option(help: "text, or json for one JSON object per line [LOG_FORMAT] (default: \(D.logFormat.rawValue))")
    var logFormat: String?
    @Option(
        help: "Offline stand-in's pause between words, ms [STAND_IN_TOKEN_DELAY] (default: \(D.standInTokenDelayMs))")
    var standInTokenDelay: String?
    @Option(
        help:
            "Most time from a request's first byte to its full head, ms [HTTP_HEADER_TIMEOUT] (default: \(D.httpHeaderTimeoutMs))"
    )
    var httpHeaderTimeout: String?
    @Option(
        help:
            "Most time from a request's head to its full body, ms [HTTP_BODY_TIMEOUT] (default: \(D.httpBodyTimeoutMs))"
    )
    var httpBodyTimeout: String?
    @Option(
        help: "Close a connection with no request this long, ms [HTTP_IDLE_TIMEOUT] (default: \(D.httpIdleTimeoutMs))")
    var httpIdleTimeout: String?
    @Option(
        help:
            "Drop a client that leaves the answer unread this long, ms [HTTP_WRITE_TIMEOUT] (default: \(D.httpWriteTimeoutMs))"
    )
    var httpWriteTimeout: String?
    @Option(
        help:
            "Answer bytes queued per client before waiting for it [HTTP_WRITE_BUFFER_BYTES] (default: \(D.httpWriteBufferBytes))"
    )
    var httpWriteBufferBytes: String?
    @Option(help: "trace, debug, info, notice, warning, error [LOG_LEVEL] (default: \(D.logLevel))") var logLevel:
        String?
    @Option(
        help:
            "Seconds between returns of freed memory to the system; 0 = never [MEMORY_TRIM_INTERVAL] (default: \(D.memoryTrimSeconds))"
    )
    var memoryTrimInterval: String?

    /// The flags given, keyed like the environment variables (dotted, lower-case).
    private var flags: [String: String] {
        let values: [String: String?] = [
            "port": port, "host": host, "openai.api.key": openaiApiKey, "openai.base.url": openaiBaseUrl,
            "openai.model": openaiModel, "openai.instructions": openaiInstructions,
            "openai.instructions.file": openaiInstructionsFile, "openai.temperature": openaiTemperature,
            "openai.max.output.tokens": openaiMaxOutputTokens, "openai.waiting.message": openaiWaitingMessage,
            "openai.waiting.timeout": openaiWaitingTimeout, "openai.error.message": openaiErrorMessage,
            "openai.state": openaiState, "openai.first.byte.timeout": openaiFirstByteTimeout,
            "openai.idle.timeout": openaiIdleTimeout, "openai.max.retries": openaiMaxRetries,
            "turn.timeout": turnTimeout, "max.tool.rounds": maxToolRounds,
            "history.seed.max.items": historySeedMaxItems, "history.seed.max.bytes": historySeedMaxBytes,
            "session.idle.timeout": sessionIdleTimeout, "max.sessions": maxSessions, "max.body.bytes": maxBodyBytes,
            "ami.url": amiUrl, "plugins.config": pluginsConfig, "admin.token": adminToken,
            "shutdown.grace": shutdownGrace, "stand.in.token.delay": standInTokenDelay, "log.level": logLevel,
            "memory.trim.interval": memoryTrimInterval,
            "http.header.timeout": httpHeaderTimeout, "http.body.timeout": httpBodyTimeout,
            "http.idle.timeout": httpIdleTimeout, "http.write.timeout": httpWriteTimeout,
            "http.write.buffer.bytes": httpWriteBufferBytes, "shutdown.drain.delay": shutdownDrainDelay,
            "metrics.public": metricsPublic, "log.format": logFormat,
        ]
        return values.compactMapValues { $0 }
    }

    func run() async throws {
        // SIGHUP's default action ends the process: until the reload service traps it, a SIGHUP
        // sent during start-up must do nothing rather than stop the host.
        signal(SIGHUP, SIG_IGN)
        // A write to a pipe whose reader died (an MCP server's stdin) must fail with EPIPE, not
        // end the host: NIO ignores SIGPIPE only once it opens its first socket, after the plugins load.
        signal(SIGPIPE, SIG_IGN)
        let settings: HostSettings
        do {
            settings = try await HostSettings.load(flags: flags)
        } catch {
            throw ValidationError("\(error)")
        }
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        let secrets = [settings.apiKey, settings.adminToken].compactMap { $0 }
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                switch settings.logFormat {
                case .text: StreamLogHandler.standardError(label: label)
                case .json: JSONLogHandler.standardError(label: label, redacting: secrets)
                }
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "avr-host")
        let server = try await HostServer(settings: settings, logger: logger)
        try await server.run { port in logger.notice("listening on \(settings.host):\(port)") }
    }
}
