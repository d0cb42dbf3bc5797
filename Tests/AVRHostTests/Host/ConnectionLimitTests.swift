import AVRHost
import Foundation
import Testing

/// Clients that are slow, silent or do not read cannot keep a connection: each limit closes it.
@Suite("Connection limits")
struct ConnectionLimitTests {
    /// Every limit long, except those a test shortens: what closes the connection is the one tested.
    static func limits(_ short: [String: String]) -> [String: String] {
        [
            "HTTP_HEADER_TIMEOUT": "60000", "HTTP_BODY_TIMEOUT": "60000", "HTTP_IDLE_TIMEOUT": "60000",
            "HTTP_WRITE_TIMEOUT": "60000",
        ].merging(short) { $1 }
    }

    @Test("a request head that stops halfway is closed after the header timeout")
    func partialHead() async throws {
        try await withTestHost(environment: Self.limits(["HTTP_HEADER_TIMEOUT": "300"])) { host in
            let connection = try RawConnection(port: host.port)
            connection.transmit("POST /prompt-stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-")
            #expect(try await within { await connection.read() })
            #expect(connection.received.isEmpty)
        }
    }

    @Test("a head whose promised body never comes is closed after the body timeout")
    func missingBody() async throws {
        try await withTestHost(environment: Self.limits(["HTTP_BODY_TIMEOUT": "300"])) { host in
            let connection = try RawConnection(port: host.port)
            connection.transmit(
                "POST /prompt-stream HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"uuid\":")
            #expect(try await within { await connection.read() })
            #expect(host.standIn.responseBodies.isEmpty)
        }
    }

    @Test("a connection that never sends a request is closed after the idle timeout")
    func silentConnection() async throws {
        try await withTestHost(environment: Self.limits(["HTTP_IDLE_TIMEOUT": "300"])) { host in
            let connection = try RawConnection(port: host.port)
            #expect(try await within { await connection.read() })
        }
    }

    @Test("a kept-alive connection is closed after the idle timeout that follows its answer")
    func idleKeepAlive() async throws {
        try await withTestHost(environment: Self.limits(["HTTP_IDLE_TIMEOUT": "300"])) { host in
            let connection = try RawConnection(port: host.port)
            connection.transmit("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(try await within { await connection.read(until: #"{"status":"ok"}"#) })
            #expect(try await within { await connection.read() })
            #expect(RawHTTPResponse(connection.received).status == 200)
        }
    }

    @Test("a client that stops reading is dropped and its turn cancelled")
    func nonReader() async throws {
        let limits = Self.limits(["HTTP_WRITE_TIMEOUT": "300", "HTTP_WRITE_BUFFER_BYTES": "4096"])
        try await withTestHost(environment: limits) { host in
            let longAnswer = String(repeating: "word ", count: 20_000)
            host.standIn.respond { request in
                request.latestUserText == "talk" ? .text(longAnswer, tokenDelay: .milliseconds(1)) : nil
            }
            let connection = try RawConnection(port: host.port, receiveBuffer: 4096)
            connection.send(method: "POST", path: "/prompt-stream", body: #"{"uuid":"deaf","message":"talk"}"#)
            try await within(.seconds(30)) { await connection.waitForHangUp() }
            // The upstream stream is cut mid-answer: the turn was cancelled, not left to finish.
            try await within { await host.standIn.waitForClientDisconnects(count: 1) }
            let other = try await host.turn(#"{"uuid":"other","message":"still here"}"#)
            #expect(other.texts.joined() == "You said: still here")
        }
    }

    @Test("a 413 answered to a Connection: close request leaves no socket behind")
    func tooLargeWithClose() async throws {
        let limits = Self.limits(["MAX_BODY_BYTES": "4096", "HTTP_BODY_TIMEOUT": "500"])
        try await withTestHost(environment: limits) { host in
            let connection = try RawConnection(port: host.port)
            let size = 2 << 20
            connection.transmit(
                "POST /prompt-stream HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(size)\r\n\r\n")
            let body = [UInt8](repeating: UInt8(ascii: "a"), count: size)
            let delivering = Task { await connection.writeOffTheRuntime(body) }
            _ = try await within { await connection.read() }
            #expect(RawHTTPResponse(connection.received).status == 413)
            _ = try await within { await delivering.value }
            // The host half-closed after its answer; the client neither finishes nor closes. Before,
            // the host's socket stayed in FIN-WAIT with the unread body for good; now the body
            // timeout drops it (a reset, as its unread bytes are discarded).
            try await within { await connection.waitForReset() }
            let serverSide = TCPSocketEntry.serverSide(serverPort: host.port, clientPort: connection.localPort)
            #expect(serverSide == nil, "server socket left in state \(serverSide?.state ?? 0)")
        }
    }
}
