import Foundation
import OpenAIStandIn

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal HTTP/1.1 client over a plain socket, so tests see exactly what went over the wire,
/// including a chunked body that was cut short. Blocking calls run off the cooperative pool.
final class RawConnection: @unchecked Sendable {
    // Only touched from one test task at a time; the lock-free design is fine for that.
    private let fd: Int32
    var descriptor: Int32 { fd }
    private(set) var received = Data()

    /// `receiveBuffer` shrinks the socket's receive buffer, so a client that does not read
    /// stalls the sender after a few kilobytes instead of megabytes.
    init(port: Int, receiveBuffer: Int32? = nil) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer {
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    func send(method: String, path: String, body: String? = nil, headers: [String: String] = [:]) {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body {
            text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n"
        }
        text += "\r\n" + (body ?? "")
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// Reads until `marker` has arrived or the peer closed; true when the marker was seen.
    func read(until marker: String? = nil) async -> Bool {
        await withCheckedContinuation { continuation in
            // A thread of its own: blocked reads on GCD's small Linux pool serialise parallel tests.
            Thread {
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    if let marker, String(decoding: self.received, as: UTF8.self).contains(marker) {
                        return continuation.resume(returning: true)
                    }
                    let count = Glibc.read(self.fd, &buffer, buffer.count)
                    if count <= 0 { return continuation.resume(returning: marker == nil) }
                    self.received.append(contentsOf: buffer[0..<count])
                }
            }.start()
        }
    }

    /// Hangs up. The descriptor itself is released only in deinit, once no read thread can
    /// still be using it: closing it here would free its number for a socket of another test
    /// (NIO's, say) while this connection's reader might still touch it.
    func close() { _ = shutdown(fd, Int32(SHUT_RDWR)) }

    deinit { _ = Glibc.close(fd) }
}
