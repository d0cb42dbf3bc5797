import AVRHost
import Foundation
import Testing

/// The real executable under clients that never read their answers: it drops them, and its
/// memory and sockets return to where they were.
@Suite("Non-reading clients")
struct NonReaderMemoryTests {
    @Test("clients that never read are dropped, their sockets freed, and RSS returns near its baseline")
    func memoryReturns() async throws {
        let host = try HostProcess(environment: [
            "HTTP_WRITE_TIMEOUT": "2000", "HTTP_WRITE_BUFFER_BYTES": "8192", "STAND_IN_TOKEN_DELAY": "0",
            "MEMORY_TRIM_INTERVAL": "1",
        ])
        defer { host.process.terminate() }
        let port = try await host.port()
        let client = HTTPClient()
        defer { client.shutdown() }
        // Long words fill a non-reader's buffers within a few dozen chunks, so the host spends
        // little CPU per connection before the write timeout drops it.
        let words = String(repeating: String(repeating: "w", count: 500) + " ", count: 300)
        // Warm up with whole answers, read to the end, so the baseline includes what any turn
        // allocates once.
        for index in 0..<5 {
            let request = HTTPRequest(
                method: "POST", url: "http://127.0.0.1:\(port)/prompt-stream",
                headers: [("Content-Type", "application/json")],
                body: Array(##"{"uuid":"warm-\##(index)","message":"#slow 0 \##(words.prefix(5_000))"}"##.utf8),
                timeouts: HTTPTimeouts(total: .seconds(60)))
            #expect(try await client.send(request).head.status == 200)
        }
        let baseline = try ProcessFigures(pid: host.process.processIdentifier)
        // Two waves: memory the first one used must serve the second, not add to it.
        try await dropNonReaders(port: port, count: 50, message: "#slow 2 " + words)
        let first = try ProcessFigures(pid: host.process.processIdentifier)
        try await dropNonReaders(port: port, count: 50, message: "#slow 2 " + words)
        let second = try ProcessFigures(pid: host.process.processIdentifier)
        let figures =
            "RSS \(baseline.residentBytes >> 20) MB at start, \(first.residentBytes >> 20) MB and \(second.residentBytes >> 20) MB after each wave (peaks \(first.peakResidentBytes >> 20) and \(second.peakResidentBytes >> 20) MB)"
        // Before, each non-reader kept its memory for good, so the second wave added as much again.
        // Peaks, not RSS: the trimmer (every second) lowers RSS at moments no test can choose.
        #expect(
            Double(second.peakResidentBytes) < Double(first.peakResidentBytes) * 1.2 + 10e6, "\(figures)")
        // Freed memory goes back to the system (MEMORY_TRIM_INTERVAL): RSS returns near where it
        // started. RSS has no event to await; the trimmer runs every second.
        let pid = host.process.processIdentifier
        let returned = await PluginTestSupport.eventually(within: 20) {
            ((try? ProcessFigures(pid: pid).residentBytes) ?? .max) < baseline.residentBytes + 20 << 20
        }
        let now = (try? ProcessFigures(pid: pid).residentBytes) ?? 0
        #expect(returned, "\(figures), \(now >> 20) MB after trimming")
        // No connection of a non-reader is left on the host's side.
        // (TIME-WAIT, state 6, is a connection that closed normally, such as a warm-up turn's.)
        let left = TCPSocketEntry.all.filter { $0.localPort == port && $0.remotePort != 0 && $0.state != 6 }
        #expect(left.isEmpty, "\(left.map { "port \($0.remotePort) state \($0.state)" })")
    }

    /// Opens `count` connections that send a turn and never read, and returns once the host
    /// has dropped every one of them.
    private func dropNonReaders(port: Int, count: Int, message: String) async throws {
        var connections: [RawConnection] = []
        for _ in 0..<count {
            let connection = try RawConnection(port: port, receiveBuffer: 4096)
            // No uuid: a stateless turn keeps nothing once it ends, so what stays is only what leaks.
            connection.send(method: "POST", path: "/prompt-stream", body: #"{"message":"\#(message)"}"#)
            connections.append(connection)
        }
        for connection in connections {
            try await within(.seconds(120)) { await connection.waitForReset() }
        }
    }
}

/// A child process's resident memory and open sockets, from /proc.
struct ProcessFigures {
    var residentBytes: Int
    /// The most the process has been resident so far (unlike RSS, not lowered by trimming).
    var peakResidentBytes: Int
    var sockets: Int

    init(pid: Int32) throws {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        func kilobytes(_ field: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(field) } ?? ""
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        }
        residentBytes = kilobytes("VmRSS:")
        peakResidentBytes = kilobytes("VmHWM:")
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
        sockets =
            descriptors.filter {
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)"))?.hasPrefix(
                    "socket:")
                    == true
            }.count
    }
}
