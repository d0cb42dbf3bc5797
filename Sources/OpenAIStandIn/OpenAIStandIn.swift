import Hummingbird
import ServiceLifecycle
import Logging
import Synchronization

/// A loopback fake of the OpenAI Responses + Conversations API that tests script reply by reply.
///
/// Replies are chosen by the first rule registered with `respond(_:)` that returns non-nil, else by a
/// directive at the start of the latest user message, else by the default ("You said: <text>", or
/// "Done: <outputs>" when the request carries function call outputs). Directives:
/// - `#call <name> <json-args>`: a function call; one per line for several, other lines are text before them.
/// - `#http <status> [message]`: that HTTP error before the stream (429/5xx carry `retry-after: 0`).
/// - `#error`, `#fail`, `#incomplete [reason]`, `#drop`: "Partial answer" then an `error` event,
///   `response.failed`, `response.incomplete`, or a cut connection.
/// - `#slow <ms> <text>`: text with `ms` between deltas; `#delay <ms> <text>`: a pause before the first
///   delta; `#stall <ms>`: text then silence for `ms`.
/// - `#recall`: "Earlier: role: text | ...", the messages the model was given before this one.
public final class OpenAIStandIn: Sendable {
    public let configuration: StandInConfiguration
    let state: Mutex<StandInState>
    private let server = Mutex<(task: Task<Void, any Error>, group: ServiceGroup)?>(nil)

    public init(configuration: StandInConfiguration = .init()) {
        self.configuration = configuration
        state = Mutex(StandInState(configuration))
    }

    /// Binds and returns once the socket is listening; `port: 0` picks a free port.
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws {
        let (bound, boundContinuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                boundContinuation.yield(channel.localAddress?.port ?? port)
                boundContinuation.finish()
            },
            logger: configuration.logger)
        var groupConfiguration = ServiceGroupConfiguration(
            services: [.init(service: app)], gracefulShutdownSignals: [], logger: configuration.logger)
        // Streams still open when stopping get a moment, then are cut: a stand-in never lingers.
        groupConfiguration.maximumGracefulShutdownDuration = .milliseconds(200)
        let group = ServiceGroup(configuration: groupConfiguration)
        let task = Task {
            defer { boundContinuation.finish() }
            try await group.run()
        }
        server.withLock { $0 = (task, group) }
        for await boundPort in bound {
            state.withLock { $0.port = boundPort }
            return
        }
        // The server stopped before listening: surface its error (e.g. address in use).
        try await task.value
        throw StandInStartError()
    }

    /// Stops listening and ends in-flight streams.
    public func stop() async {
        let running = server.withLock { running in
            defer { running = nil }
            return running
        }
        await running?.group.triggerGracefulShutdown()
        _ = try? await running?.task.value
    }

    public var port: Int { state.withLock { $0.port } }
    public var baseURL: String { "http://127.0.0.1:\(port)/v1" }
}

/// The server ended without ever listening.
public struct StandInStartError: Error {}
