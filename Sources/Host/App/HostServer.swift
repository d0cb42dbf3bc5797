import Hummingbird
import Logging
import OpenAIStandIn
import ServiceLifecycle

/// The composition root: builds the host's parts from its settings and serves them.
public final class HostServer: Sendable {
    public let settings: HostSettings
    private let logger: Logger
    private let http = HTTPClient()
    private let client: OpenAIClient
    private let standIn: OpenAIStandIn?
    private let sessions: SessionStore
    private let turns: TurnLoop
    /// The plugin registry, unless the tools were given from outside.
    public let plugins: PluginRegistry?
    /// What `GET /metrics` serves.
    public let metrics = HostMetrics()
    /// What `GET /readyz` answers.
    public let readiness: Readiness

    /// Prepares the host. Without an API key it starts the built-in OpenAI stand-in on
    /// loopback and talks to it through the same client code. Tools come from the plugins
    /// configured in `PLUGINS_CONFIG`, unless `tools` is given.
    public init(settings: HostSettings, logger: Logger, tools: (any ToolSource)? = nil) async throws {
        self.settings = settings
        self.logger = logger
        readiness = Readiness(metrics: metrics)
        if let assistantID = settings.legacyAssistantID {
            logger.warning(
                """
                OPENAI_ASSISTANT_ID (\(assistantID)) is ignored: OpenAI shut the Assistants API down on 2026-08-26. \
                The assistant is now this host's own configuration: set OPENAI_MODEL (the model), \
                OPENAI_INSTRUCTIONS or OPENAI_INSTRUCTIONS_FILE (its instructions), and enable its tools in \
                plugins.json. Each call's thread is now an OpenAI Conversation the host creates itself.
                """)
        }
        if tools != nil {
            plugins = nil
        } else {
            let registry = PluginRegistry(
                configPath: settings.pluginsConfigPath, transport: CurlPluginTransport(client: http),
                hostSettings: ["AMI_URL": settings.amiURL], logger: logger, onReload: metrics.pluginsReloaded)
            let report = await registry.startOffTheEventLoop()
            Self.log(report, logger: logger)
            plugins = registry
        }
        let tools = tools ?? plugins!
        var baseURL = settings.baseURL
        if settings.apiKey == nil {
            let model = settings.assistant.model
            let standIn = OpenAIStandIn(
                configuration: StandInConfiguration(
                    tokenDelay: settings.standInTokenDelay,
                    models: KnownModel.defaults.filter { $0.id != model } + [KnownModel(id: model)],
                    defaultModel: model, logger: logger,
                    // Offline, nobody reads the request log; the host keeps at most maxSessions calls,
                    // and an echoing model needs only a call's recent items.
                    requestLogCapacity: Self.offlineRequestLogCapacity, maxConversations: settings.maxSessions,
                    maxConversationItems: Self.offlineConversationItems))
            do {
                try await standIn.start()
            } catch {
                // run() will not be called: what init started is stopped here.
                plugins?.shutdown()
                http.shutdown()
                throw error
            }
            baseURL = standIn.baseURL
            self.standIn = standIn
            logger.notice(
                "OPENAI_API_KEY is not set: answering from the built-in OpenAI stand-in at \(baseURL) (offline demo mode; it echoes what it hears). Set OPENAI_API_KEY to use OpenAI."
            )
        } else {
            self.standIn = nil
        }
        var clientConfiguration = OpenAIClientConfiguration(
            baseURL: baseURL, apiKey: settings.apiKey,
            timeouts: HTTPTimeouts(
                connect: .seconds(10), firstByte: settings.firstByteTimeout, idle: settings.idleTimeout),
            retry: RetryPolicy(maxRetries: settings.maxRetries))
        clientConfiguration.metrics = metrics
        client = OpenAIClient(http: http, configuration: clientConfiguration)
        let client = client
        let stateMode = settings.assistant.stateMode
        sessions = SessionStore(maxSessions: settings.maxSessions, idleTimeout: settings.sessionIdleTimeout) {
            session in
            // Best effort: an expired call's conversation is not needed at OpenAI any more.
            guard stateMode == .conversation, let id = await session.conversationID else { return }
            try? await client.deleteConversation(id)
        }
        turns = TurnLoop(
            client: client, settings: settings.assistant, tools: tools, sessions: sessions, logger: logger,
            metrics: metrics)
    }

    /// Serves until SIGTERM/SIGINT or cancellation; turns in flight get the grace period.
    /// `onReady` receives the bound port. However it ends (normally, cancelled, or with an
    /// error such as a port already taken), the plugin registry, the HTTP client and the
    /// built-in stand-in are shut down before it returns.
    public func run(onReady: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        do {
            try await serve(onReady: onReady)
        } catch {
            await shutDownParts()
            throw error
        }
        await shutDownParts()
    }

    private func shutDownParts() async {
        plugins?.shutdown()
        http.shutdown()
        await standIn?.stop()
    }

    private func serve(onReady: @escaping @Sendable (Int) async -> Void) async throws {
        if settings.apiKey != nil {
            try await StartupChecks(client: client, logger: logger).checkModel(settings.assistant.model)
        }
        let router = Router(context: HostRequestContext.self)
        PromptStreamRoute(
            turns: turns, assistant: settings.assistant, maxBodyBytes: settings.maxBodyBytes, logger: logger,
            metrics: metrics
        )
        .register(on: router)
        SessionRoutes(sessions: sessions).register(on: router)
        ReadinessRoute(readiness: readiness).register(on: router)
        MetricsRoute(
            metrics: metrics, sessions: sessions, access: AdminAccess(adminToken: settings.adminToken),
            isPublic: settings.metricsPublic
        )
        .register(on: router)
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: SessionSweeper(sessions: sessions)),
            .init(service: MemoryTrimmer(interval: settings.memoryTrimInterval)),
            // Its end (after a SIGTERM and the drain delay, or a SIGINT) stops the group gracefully.
            .init(
                service: DrainOnTerminate(
                    readiness: readiness, drainDelay: settings.shutdownDrainDelay, logger: logger),
                successTerminationBehavior: .gracefullyShutdownGroup),
        ]
        if let plugins {
            PluginAdminRoutes(plugins: plugins, adminToken: settings.adminToken).register(on: router)
            services.append(.init(service: ReloadOnHangUp(plugins: plugins, logger: logger)))
        }
        let app = Application(
            router: router,
            server: .guardedHTTP1(limits: settings.connectionLimits, logger: logger),
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: nil),
            onServerRunning: { [readiness] channel in
                // Plugins are loaded and the model checked by now: turns can be answered.
                readiness.markReady()
                await onReady(channel.localAddress?.port ?? 0)
            },
            logger: logger)
        var configuration = ServiceGroupConfiguration(
            services: [.init(service: app)] + services, logger: logger)
        // Turns in flight may finish within the grace period; then they are cancelled.
        configuration.maximumGracefulShutdownDuration = settings.shutdownGrace
        let group = ServiceGroup(configuration: configuration)
        try await group.run()
    }

    /// Recent upstream requests the offline stand-in keeps (for a look in a debugger, nothing more).
    static let offlineRequestLogCapacity = 16
    /// Items each offline conversation keeps (a few dozen turns).
    static let offlineConversationItems = 64

    /// What serves after a load; the registry itself logged each refusal, once.
    static func log(_ report: PluginReloadReport, logger: Logger) {
        logger.info("tools serving: \(report.activeFunctions.joined(separator: ", "))")
    }
}
