import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback TCP server that accepts connections and then answers only what it is told:
/// for testing a client's timeouts and cancellation against a peer that goes quiet.
final class SilentServer: @unchecked Sendable {
    // The listening socket and port never change after init; accepted sockets live in the
    // accept thread only.
    private let listener: Int32
    let port: Int
    private let closed = DispatchSemaphore(value: 0)
    private let received = DispatchSemaphore(value: 0)

    /// `reply` is written `replyDelay` after a request arrives (nil: never answer); the
    /// connection then stays open, silent, until the client closes it.
    init(reply: String?, replyDelay: Duration = .zero) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(listener, pointer, length) == 0 && listen(listener, 16) == 0
                    && getsockname(listener, pointer, &length) == 0
            }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        port = Int(UInt16(bigEndian: address.sin_port))
        // The thread holds only what it needs, so deinit can close the listener and end it.
        Thread { [listener, reply, received, closed] in
            Self.serveOne(
                listener: listener, reply: reply, replyDelay: replyDelay, received: received, closed: closed)
        }.start()
    }

    deinit {
        // shutdown wakes the accept thread; close alone would leave it blocked, still listening.
        _ = shutdown(listener, Int32(SHUT_RDWR))
        _ = close(listener)
    }

    /// Waits until the client closed its connection (true), or `timeout` passed (false).
    func clientClosed(within timeout: Duration) async -> Bool {
        await Self.wait(for: closed, timeout)
    }

    /// Waits until a whole request head has arrived (true), or `timeout` passed (false).
    func requestReceived(within timeout: Duration) async -> Bool {
        await Self.wait(for: received, timeout)
    }

    private static func wait(for semaphore: DispatchSemaphore, _ timeout: Duration) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread {
                let seconds = Double(timeout.components.seconds)
                continuation.resume(returning: semaphore.wait(timeout: .now() + seconds) == .success)
            }.start()
        }
    }

    /// A port on which nothing listens (it was free a moment ago).
    static func unusedPort() throws -> Int {
        try SilentServer(reply: nil).port
    }

    private static func serveOne(
        listener: Int32, reply: String?, replyDelay: Duration, received: DispatchSemaphore,
        closed: DispatchSemaphore
    ) {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { _ = close(connection) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var request = ""
        while !request.contains("\r\n\r\n") {
            let count = read(connection, &buffer, buffer.count)
            guard count > 0 else {
                closed.signal()
                return
            }
            request += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        received.signal()
        // The peer's own pacing (a slow upstream), not a wait for anything.
        if replyDelay > .zero {
            Thread.sleep(
                forTimeInterval: Double(replyDelay.components.seconds) + Double(replyDelay.components.attoseconds)
                    / 1e18)
        }
        if let reply { _ = reply.withCString { write(connection, $0, strlen($0)) } }
        while read(connection, &buffer, buffer.count) > 0 {}
        closed.signal()
    }
}
