import Foundation
import Synchronization

/// One end of a runner's socketpair, framed with `RunnerFrame`. Any thread may send (frames
/// never interleave); one thread receives.
final class RunnerChannel: @unchecked Sendable {
    // `buffer` and `start`/`end` are touched only by the single receiving thread.
    let fd: Int32
    private let writeLock = Mutex(())
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var start = 0
    private var end = 0

    init(fd: Int32) {
        self.fd = fd
    }

    /// False when the other end is gone.
    @discardableResult
    func send(_ frame: RunnerFrame) -> Bool {
        let bytes = frame.encoded()
        return writeLock.withLock { _ in
            bytes.withUnsafeBytes { raw in
                var sent = 0
                while sent < raw.count {
                    // MSG_NOSIGNAL: a dead peer is an error to report, not a SIGPIPE.
                    let count = Foundation.send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { return false }
                    sent += count
                }
                return true
            }
        }
    }

    /// The next frame; nil at end of stream, on an error or on a malformed frame.
    func receive() -> RunnerFrame? {
        while true {
            if end - start >= 4 {
                let length = buffer.withUnsafeBytes {
                    Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: start, as: UInt32.self)))
                }
                guard length <= RunnerFrame.maximumBodyBytes else { return nil }
                if end - start >= 4 + length {
                    let frame = buffer.withUnsafeBytes {
                        RunnerFrame(body: UnsafeRawBufferPointer(rebasing: $0[start + 4..<start + 4 + length]))
                    }
                    start += 4 + length
                    return frame
                }
                if buffer.count < 4 + length { buffer += [UInt8](repeating: 0, count: 4 + length - buffer.count) }
            }
            if start > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    _ = memmove(raw.baseAddress!, raw.baseAddress! + start, end - start)
                }
                end -= start
                start = 0
            }
            let count = buffer.withUnsafeMutableBytes { raw in
                recv(fd, raw.baseAddress! + end, raw.count - end, 0)
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            end += count
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
