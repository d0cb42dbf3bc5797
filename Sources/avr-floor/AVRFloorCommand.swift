import ArgumentParser
import Foundation
import Hummingbird
import Logging

/// `avr-floor`: Hummingbird 2 and NIO doing avr-host's inbound job with none of its logic, so
/// the benchmark can tell the framework's cost per turn from the host's own.
@main
struct AVRFloorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "avr-floor",
        abstract: "A bare Hummingbird server answering POST /prompt-stream with a fixed streamed answer.")

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind; 0 picks a free one.") var port = 0
    @Option(help: "Words streamed per answer, one chunk each.") var words = 8
    @Option(help: "Pause between words, ms.") var wordDelayMs = 20

    func run() async throws {
        var logger = Logger(label: "avr-floor")
        // Nothing per request: logging would be cost the floor must not carry.
        logger.logLevel = .warning
        let router = Router()
        FloorAnswerRoute(words: words, wordDelay: .milliseconds(wordDelayMs)).register(on: router)
        let host = host
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                // avr-bench reads the port from this line; FileHandle writes unbuffered, so it arrives at once.
                let port = channel.localAddress?.port ?? 0
                FileHandle.standardOutput.write(Data("avr-floor listening on http://\(host):\(port)\n".utf8))
            },
            logger: logger)
        // Runs until SIGTERM (how the benchmark stops it) or SIGINT, then shuts down gracefully.
        try await app.runService()
    }
}
