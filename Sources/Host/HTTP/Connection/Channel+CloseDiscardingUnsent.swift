import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

extension Channel {
    /// Closes with SO_LINGER 0: the kernel drops what is still queued for the peer and resets
    /// the connection, instead of keeping an orphaned socket trying to deliver it to a client
    /// that does not read.
    func closeDiscardingUnsent() {
        guard let provider = self as? any SocketOptionProvider else { return close(promise: nil) }
        provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in
            self.close(promise: nil)
        }
    }
}
