import Foundation
import Logging

/// A local server's stderr in the host log, under the server's name and bounded: long lines
/// are cut, and past a rate the lines are counted instead of logged.
final class MCPStderrLog: @unchecked Sendable {
    // Touched by the one thread that reads the server's stderr.
    private let serverName: String
    private let logger: Logger
    private var windowStart = ContinuousClock.now
    private var linesInWindow = 0
    private var dropped = 0

    static let maximumLineCharacters = 500
    static let linesPerWindow = 50
    static let window = Duration.seconds(10)

    init(serverName: String, logger: Logger) {
        self.serverName = serverName
        self.logger = logger
    }

    func line(_ bytes: [UInt8]) {
        let now = ContinuousClock.now
        if now - windowStart >= Self.window {
            reportDropped()
            windowStart = now
            linesInWindow = 0
        }
        linesInWindow += 1
        guard linesInWindow <= Self.linesPerWindow else {
            dropped += 1
            return
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.count > Self.maximumLineCharacters {
            text = String(text.prefix(Self.maximumLineCharacters)) + "… (cut)"
        }
        logger.info("MCP server \(serverName) stderr: \(text)", metadata: ["mcp_server": "\(serverName)"])
    }

    /// The stream ended: says how many lines were left out, if any.
    func finish() { reportDropped() }

    private func reportDropped() {
        guard dropped > 0 else { return }
        logger.warning(
            "MCP server \(serverName) stderr: \(dropped) line(s) left out (more than \(Self.linesPerWindow) in \(Self.window))",
            metadata: ["mcp_server": "\(serverName)"])
        dropped = 0
    }
}
