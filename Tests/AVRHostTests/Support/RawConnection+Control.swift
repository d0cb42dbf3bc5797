import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What the connection-limit tests need beyond a request: bytes sent exactly as given, and
/// the peer's hang-up observed without reading what it sent.
extension RawConnection {
    /// Writes `text` as it is; false when the peer has gone (reset or closed).
    @discardableResult
    func transmit(_ text: String) -> Bool {
        transmit(Array(text.utf8))
    }

    @discardableResult
    func transmit(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }

    /// Returns once the peer has closed or reset the connection, without reading the data it
    /// left in the socket (a client that never reads still learns that it was dropped).
    func waitForHangUp() async {
        // POLLRDHUP (0x2000, not exported to Swift): the peer closed its side.
        await waitForPoll(events: 0x2000)
    }

    /// Returns once the peer has dropped the connection entirely (a reset): a half-close
    /// (FIN, the peer may still read) does not count.
    func waitForReset() async {
        // With no events asked for, poll reports only POLLHUP and POLLERR.
        await waitForPoll(events: 0)
    }

    private func waitForPoll(events: Int16) async {
        await withCheckedContinuation { continuation in
            Thread {
                var entry = pollfd(fd: self.descriptor, events: events, revents: 0)
                while poll(&entry, 1, -1) < 0 {}
                continuation.resume()
            }.start()
        }
    }

    /// The client side's port, to find this connection in /proc/net/tcp.
    var localPort: Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension RawConnection {
    /// Writes `bytes` from a thread of its own (the write blocks while the peer does not read);
    /// false when the peer reset or closed the connection before taking them all.
    func writeOffTheRuntime(_ bytes: [UInt8]) async -> Bool {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.transmit(bytes)) }.start()
        }
    }
}
