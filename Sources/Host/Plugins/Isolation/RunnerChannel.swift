import Foundation
import Synchronization

/// One end of a runner's socketpair. The socket is `SOCK_SEQPACKET`: each frame is one
/// message the kernel delivers whole to one reader, so several threads may wait in `receive`
/// at once (the runner's calls do, and a call's answer then never waits for a thread hand-off)
/// and any thread may send.
final class RunnerChannel: Sendable {
    let fd: Int32
    /// The largest frame one message can carry: the socket's send buffer, at most
    /// `RunnerFrame.maximumBytes` (receivers' buffers have that size).
    let maximumFrameBytes: Int

    init(fd: Int32) {
        self.fd = fd
        var size: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, &length)
        // The kernel keeps a little of the buffer for its own bookkeeping.
        maximumFrameBytes = min(RunnerFrame.maximumBytes, max(0, Int(size) - 512))
    }

    /// Asks for send buffers that fit the largest frame (the kernel caps it at wmem_max); set
    /// on both ends before the runner is spawned.
    static func enlargeBuffers(_ fd: Int32) {
        var size = Int32(RunnerFrame.maximumBytes + 4096)
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    /// False when the other end is gone, the send timed out, or the frame is too large
    /// (check `fits` first where that needs its own answer).
    @discardableResult
    func send(_ frame: RunnerFrame) -> Bool {
        send(encoded: frame.encoded())
    }

    func send(encoded bytes: [UInt8]) -> Bool {
        guard bytes.count <= maximumFrameBytes else { return false }
        return bytes.withUnsafeBytes { raw in
            while true {
                // MSG_NOSIGNAL: a dead peer is an error to report, not a SIGPIPE.
                let count = Foundation.send(fd, raw.baseAddress!, raw.count, Int32(MSG_NOSIGNAL))
                if count < 0, errno == EINTR { continue }
                return count == raw.count
            }
        }
    }

    /// The next frame, read into `buffer` (at least `RunnerFrame.maximumBytes`); nil at end of
    /// stream, on an error or on a malformed frame.
    func receive(into buffer: RunnerReceiveBuffer) -> RunnerFrame? {
        while true {
            let count = recv(fd, buffer.bytes.baseAddress!, buffer.bytes.count, 0)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            return RunnerFrame(message: UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<count]))
        }
    }

    /// Ends both directions: the other end reads end of stream, a blocked `receive` returns nil.
    func shutdown() {
        _ = Foundation.shutdown(fd, Int32(SHUT_RDWR))
    }

    deinit {
        close(fd)
    }
}

/// One receiving thread's buffer for whole messages. Allocated, not initialised, so only the
/// pages a message touches become resident.
final class RunnerReceiveBuffer {
    let bytes: UnsafeMutableRawBufferPointer

    init() {
        bytes = .allocate(byteCount: RunnerFrame.maximumBytes, alignment: 16)
    }

    deinit {
        bytes.deallocate()
    }
}
