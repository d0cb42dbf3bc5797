import AVRHost
import Foundation
import Testing

/// The real executable under clients that never read their answers: it drops them, and its
/// memory and sockets return to where they were.
@Suite("Non-reading clients")
struct NonReaderMemoryTests {
    @Test("100 clients that never read are dropped; the host's RSS and sockets return near their baseline")
    func memoryReturns() async throws {
        let host = try HostProcess(environment: [
            "HTTP_WRITE_TIMEOUT": "500", "HTTP_WRITE_BUFFER_BYTES": "8192", "STAND_IN_TOKEN_DELAY": "0",
        ])
        defer { host.process.terminate() }
        let port = try await host.port()
        let client = HTTPClient()
        defer { client.shutdown() }
        let words = String(repeating: "word ", count: 20_000)
        // Warm up with whole answers of the same size, read to the end, so the baseline
        // includes what any long turn allocates once.
        for index in 0..<5 {
            let request = HTTPRequest(
                method: "POST", url: "http://127.0.0.1:\(port)/prompt-stream",
                headers: [("Content-Type", "application/json")],
                body: Array(##"{"uuid":"warm-\##(index)","message":"#slow 0 \##(words)"}"##.utf8),
                timeouts: HTTPTimeouts(total: .seconds(60)))
            #expect(try await client.send(request).head.status == 200)
        }
        let baseline = try ProcessFigures(pid: host.process.processIdentifier)
        var connections: [RawConnection] = []
        for index in 0..<100 {
            let connection = try RawConnection(port: port, receiveBuffer: 4096)
            connection.send(
                method: "POST", path: "/prompt-stream",
                body: ##"{"uuid":"deaf-\##(index)","message":"#slow 1 \##(words)"}"##)
            connections.append(connection)
        }
        for connection in connections {
            try await within(.seconds(60)) { await connection.waitForHangUp() }
        }
        let after = try ProcessFigures(pid: host.process.processIdentifier)
        // Before the fix each non-reader kept ~0.4 MB for good (+40 MB here); allow allocator slack.
        #expect(
            after.residentBytes < baseline.residentBytes + 20 << 20,
            "RSS \(baseline.residentBytes >> 20) MB before, \(after.residentBytes >> 20) MB after")
        #expect(after.sockets <= baseline.sockets + 2, "sockets \(baseline.sockets) before, \(after.sockets) after")
    }
}

/// A child process's resident memory and open sockets, from /proc.
struct ProcessFigures {
    var residentBytes: Int
    var sockets: Int

    init(pid: Int32) throws {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        residentBytes = (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
        sockets =
            descriptors.filter {
                (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\($0)"))?.hasPrefix(
                    "socket:")
                    == true
            }.count
    }
}
