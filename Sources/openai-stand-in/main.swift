import ArgumentParser
import Foundation
import Logging
import OpenAIStandIn

/// Runs the OpenAI stand-in until SIGINT/SIGTERM; prints the base URL as its one stdout line.
struct OpenAIStandInCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "openai-stand-in",
        abstract: "A loopback fake of the OpenAI Responses and Conversations API.")

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind; 0 picks a free one.") var port = 0
    @Option(help: "Milliseconds between streamed deltas.") var tokenDelayMs = 0
    @Option(help: "Answer 401 unless requests carry this bearer key.") var requireApiKey: String?

    func run() async throws {
        var logger = Logger(label: "openai-stand-in")
        logger.logLevel = .warning
        let standIn = OpenAIStandIn(
            configuration: .init(
                tokenDelay: .milliseconds(tokenDelayMs), requiredAPIKey: requireApiKey, logger: logger))
        try await standIn.start(host: host, port: port)
        // Scripts read the port from this exact line; FileHandle writes unbuffered, so it arrives at once.
        FileHandle.standardOutput.write(Data("listening on http://\(host):\(standIn.port)/v1\n".utf8))
        await Self.waitForTermination()
        await standIn.stop()
    }

    /// Suspends until SIGINT or SIGTERM arrives.
    private static func waitForTermination() async {
        let (signals, continuation) = AsyncStream<Void>.makeStream()
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler { continuation.yield() }
            source.resume()
            sources.append(source)
        }
        for await _ in signals { break }
        sources.forEach { $0.cancel() }
    }
}

// Top-level code rather than `@main`: this file must be named main.swift, which forbids `@main`.
do {
    let command = try OpenAIStandInCommand.parse()
    try await command.run()
} catch {
    OpenAIStandInCommand.exit(withError: error)
}
