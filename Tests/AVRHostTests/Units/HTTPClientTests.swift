import Foundation
import AVRHost
import Testing

/// The libcurl client against peers that go quiet: timeouts fire, cancellation hangs up.
@Suite("HTTP client timeouts and cancellation")
struct HTTPClientTests {
    let client = HTTPClient()

    @Test("no answer at all: the first-byte timeout fires")
    func firstByteTimeout() async throws {
        let server = try SilentServer(reply: nil)
        let request = HTTPRequest(
            url: "http://127.0.0.1:\(server.port)/", timeouts: HTTPTimeouts(firstByte: .milliseconds(200)))
        await #expect(throws: HTTPClientError.timedOut(stage: "the first byte of the answer")) {
            _ = try await client.send(request)
        }
        #expect(await server.clientClosed(within: .seconds(5)))
    }

    @Test("an answer that stops halfway: the idle timeout fires")
    func idleTimeout() async throws {
        let server = try SilentServer(
            reply: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
        let request = HTTPRequest(
            url: "http://127.0.0.1:\(server.port)/", timeouts: HTTPTimeouts(idle: .milliseconds(200)))
        var received: [UInt8] = []
        await #expect(throws: HTTPClientError.timedOut(stage: "the next part of the answer")) {
            for try await part in client.stream(request) {
                if case .body(let bytes) = part { received += bytes }
            }
        }
        #expect(received == Array("hello".utf8))
    }

    /// A peer that answers its head and five bytes 600 ms late, then goes quiet for good.
    static let lateThenQuiet = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"

    /// The error a stream of `timeouts` ends with against that peer; fails the test after 20 s.
    func errorAgainstALateThenQuietPeer(_ timeouts: HTTPTimeouts) async throws -> HTTPClientError? {
        let server = try SilentServer(reply: Self.lateThenQuiet, replyDelay: .milliseconds(600))
        let request = HTTPRequest(url: "http://127.0.0.1:\(server.port)/", timeouts: timeouts)
        let client = client
        return try await within(.seconds(20)) {
            do {
                for try await _ in client.stream(request) {}
                return nil
            } catch let error as HTTPClientError {
                return error
            }
        }
    }

    @Test("a first byte later than the idle timeout, then silence: the idle timeout still fires")
    func idleTimeoutAfterALateFirstByte() async throws {
        // The first-byte timeout is a minute: only the idle timeout can end this within the limit.
        let error = try await errorAgainstALateThenQuietPeer(
            HTTPTimeouts(firstByte: .seconds(60), idle: .milliseconds(200)))
        #expect(error == .timedOut(stage: "the next part of the answer"))
    }

    @Test("only an idle timeout, a late first byte, then silence: the idle timeout fires")
    func idleTimeoutWithoutFirstByteTimeout() async throws {
        let error = try await errorAgainstALateThenQuietPeer(HTTPTimeouts(idle: .milliseconds(200)))
        #expect(error == .timedOut(stage: "the next part of the answer"))
    }

    @Test("nothing listening: a transport error, not a hang")
    func connectionRefused() async throws {
        let port = try SilentServer.unusedPort()
        await #expect(throws: HTTPClientError.self) {
            _ = try await client.send(HTTPRequest(url: "http://127.0.0.1:\(port)/"))
        }
    }

    @Test("a blocking send refuses an answer that outgrows its bound")
    func blockingSendBoundsTheBody() async throws {
        // 64 KiB announced and sent, against a bound of 16 KiB (a server that keeps sending).
        let body = String(repeating: "x", count: 64 << 10)
        let server = try SilentServer(reply: "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        let request = HTTPRequest(url: "http://127.0.0.1:\(server.port)/")
        // sendBlocking waits on its thread: a thread of its own, never the cooperative pool.
        let result = await withCheckedContinuation { continuation in
            Thread { [client] in
                continuation.resume(returning: client.sendBlocking(request, maximumBodyBytes: 16 << 10))
            }
            .start()
        }
        #expect(throws: HTTPClientError.bodyTooLarge(limit: 16 << 10)) { try result.get() }
    }

    @Test("cancelling the consuming task closes the connection at once")
    func cancellation() async throws {
        let server = try SilentServer(reply: nil)
        let request = HTTPRequest(url: "http://127.0.0.1:\(server.port)/")
        let waiting = Task { try await client.send(request) }
        #expect(await server.requestReceived(within: .seconds(20)))
        waiting.cancel()
        #expect(await server.clientClosed(within: .seconds(5)))
    }
}
