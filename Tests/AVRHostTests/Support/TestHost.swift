@testable import AVRHost
import Foundation
import Logging
import OpenAIStandIn

/// A host on a free loopback port, talking to its own scripted OpenAI stand-in.
struct TestHost {
    let standIn: OpenAIStandIn
    let port: Int
    let logs: CapturedLogs
    let client = HTTPClient()
    private let serving: Task<Void, any Error>

    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts a stand-in and a host; `configure` adjusts the settings first.
    static func start(
        tools: (any ToolSource)? = EmptyTools(),
        environment: [String: String] = [:],
        configure: (inout HostSettings) -> Void = { _ in }
    ) async throws -> TestHost {
        let standIn = OpenAIStandIn(
            configuration: StandInConfiguration(models: KnownModel.defaults + [KnownModel(id: "gpt-5.1")]))
        try await standIn.start()
        var settings = try await HostSettings.load(
            flags: [:], environment: ["PORT": "0", "HOST": "127.0.0.1"].merging(environment) { $1 },
            dotEnvPath: "/nonexistent/.env")
        settings.apiKey = "test-key"
        settings.baseURL = standIn.baseURL
        configure(&settings)
        let logs = CapturedLogs()
        let server = try await HostServer(settings: settings, logger: logs.logger, tools: tools)
        let (ready, readyContinuation) = AsyncStream<Int>.makeStream()
        let serving = Task {
            defer { readyContinuation.finish() }
            try await server.run { port in readyContinuation.yield(port) }
        }
        var port: Int?
        for await bound in ready {
            port = bound
            break
        }
        guard let port else {
            try await serving.value
            throw TestHostError.didNotStart
        }
        return TestHost(standIn: standIn, port: port, logs: logs, serving: serving)
    }

    func stop() async {
        serving.cancel()
        _ = try? await serving.value
        client.shutdown()
        await standIn.stop()
    }

    /// Posts a turn and collects every text object of the answer.
    func turn(_ body: String, query: String = "", headers: [(String, String)] = []) async throws -> (
        status: Int, texts: [String], raw: String
    ) {
        let (head, bytes) = try await client.send(promptRequest(body, query: query, headers: headers))
        let raw = String(decoding: bytes, as: UTF8.self)
        guard head.status == 200 else { return (head.status, [], raw) }
        return (head.status, try AVRTexts.parse(raw), raw)
    }

    func promptRequest(_ body: String, query: String = "", headers: [(String, String)] = []) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: url + "/prompt-stream" + query,
            headers: [("Content-Type", "application/json")] + headers, body: Array(body.utf8),
            timeouts: HTTPTimeouts(total: .seconds(30)))
    }
}

enum TestHostError: Error { case didNotStart }

/// A tool source with no tools, for tests of the streaming path alone.
struct EmptyTools: ToolSource, ToolCatalog {
    var definitions: [ToolDefinition] { [] }
    func currentCatalog() -> any ToolCatalog { self }
    func invoke(name: String, arguments: String, context: ToolCallContext) async -> ToolOutcome {
        ToolOutcome(succeeded: false, spokenMessage: nil, output: "{}")
    }
}

/// Runs `body` with a fresh test host, and stops the host afterwards whatever happened.
func withTestHost(
    tools: (any ToolSource)? = EmptyTools(),
    environment: [String: String] = [:],
    configure: (inout HostSettings) -> Void = { _ in },
    _ body: (TestHost) async throws -> Void
) async throws {
    let host = try await TestHost.start(tools: tools, environment: environment, configure: configure)
    do {
        try await body(host)
    } catch {
        await host.stop()
        throw error
    }
    await host.stop()
}

/// What `within` throws when the awaited event did not come in time.
struct NeverCame: Error, CustomStringConvertible {
    var limit: Duration
    var description: String { "nothing within \(limit)" }
}

/// Fails instead of hanging when an awaited event never comes, also when what is awaited
/// ignores cancellation (the stand-in's waits do): it is then left behind, cancelled.
func within<T: Sendable>(
    _ limit: Duration = .seconds(10), _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let work = Task { () -> Result<T, any Error> in
        do { return .success(try await operation()) } catch { return .failure(error) }
    }
    defer { work.cancel() }
    return try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await value(of: work).get() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw NeverCame(limit: limit)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
