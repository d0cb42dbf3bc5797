import Foundation
import FunctionABI
import Logging

/// Newline-delimited JSON-RPC over a child process's stdin and stdout; its stderr goes to the
/// host log, bounded. Closing the output (the process ended) closes the transport.
final class MCPStdioTransport: MCPTransport {
    let process: ChildProcess
    private let serverName: String
    private let logger: Logger
    /// One message at a time on stdin, so two never interleave.
    /// One writer at a time, waited for within the writer's own deadline: a call stuck on a
    /// full pipe must not make pings, cancellations or other calls miss theirs.
    private let writing = DispatchSemaphore(value: 1)

    /// A line longer than this ends the connection (a server that never ends its line).
    static let maximumLineBytes = 16 << 20

    init(process: ChildProcess, serverName: String, logger: Logger) {
        self.process = process
        self.serverName = serverName
        self.logger = logger
    }

    func start(receive: @escaping @Sendable (JSONValue) -> Void, closed: @escaping @Sendable (String) -> Void) {
        let reader = Thread { [process, serverName, logger] in
            let reason = Self.readLines(from: process.output) { line in
                guard let message = try? JSONValue.parse(line) else {
                    logger.debug(
                        "MCP server \(serverName) wrote a line that is not JSON",
                        metadata: ["mcp_server": "\(serverName)"])
                    return
                }
                receive(message)
            }
            closed(reason)
        }
        reader.name = "avr-mcp-stdout"
        reader.start()
        let errors = Thread { [process, serverName, logger] in
            ChildOutputLog.mcpStderr(serverName: serverName, logger: logger).read(from: process.errorOutput)
        }
        errors.name = "avr-mcp-stderr"
        errors.start()
    }

    func send(_ message: JSONValue, deadline: ContinuousClock.Instant) throws(MCPError) {
        let bytes = Array((message.jsonText + "\n").utf8)
        let remaining = deadline - .now
        guard writing.wait(timeout: .now() + .milliseconds(max(0, remaining.milliseconds))) == .success else {
            throw .timedOut(milliseconds: remaining.milliseconds)
        }
        defer { writing.signal() }
        try write(bytes, deadline: deadline)
    }

    func negotiated(protocolVersion: String) {}

    func listenForServerMessages(within limit: Duration) {}

    /// Nothing to end: a blocked write has its deadline, and the owner stops the process.
    func abandon() {}

    func close() {}

    /// Writes everything, waiting for room in the pipe until `deadline` (a server that stops
    /// reading its input must not hold a worker thread for ever).
    private func write(_ bytes: [UInt8], deadline: ContinuousClock.Instant) throws(MCPError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(process.input, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
                continue
            }
            guard written < 0, errno == EAGAIN || errno == EINTR else {
                throw .closed("the server's input is closed (\(String(cString: strerror(errno))))")
            }
            let remaining = deadline - .now
            guard remaining > .zero else { throw .timedOut(milliseconds: 0) }
            var poller = pollfd(fd: process.input, events: Int16(POLLOUT), revents: 0)
            _ = poll(&poller, 1, Int32(min(remaining.milliseconds, 1000)))
        }
    }

    /// Calls `line` with each line read from `fd` until its end; the reason it ended. A line
    /// longer than `maximumLineBytes` ends the reading (a message that size is not to be trusted).
    private static func readLines(from fd: Int32, _ line: ([UInt8]) -> Void) -> String {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return "the server closed its output" }
            var start = 0
            for index in 0..<count where buffer[index] == 0x0A {
                pending += buffer[start..<index]
                if !pending.isEmpty { line(pending) }
                pending.removeAll(keepingCapacity: true)
                start = index + 1
            }
            pending += buffer[start..<count]
            if pending.count > maximumLineBytes {
                return "the server wrote a line longer than 16 MiB"
            }
        }
    }
}
