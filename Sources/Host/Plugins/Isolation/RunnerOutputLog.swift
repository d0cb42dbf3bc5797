import Foundation
import Logging

/// Copies what a runner writes to stdout and stderr into the host log under the plugin's
/// name, bounded: lines are cut at `maximumLineBytes` and at most `linesPerSecond` are logged
/// (the rest are counted and the count logged), so a chatty or hostile plugin cannot flood it.
enum RunnerOutputLog {
    static let maximumLineBytes = 1024
    static let linesPerSecond = 50

    /// Reads `fd` on a thread of its own until the runner (and every process that inherited
    /// the pipe) is gone, then closes it.
    static func follow(fd: Int32, name: String, pid: pid_t, logger: Logger) {
        let thread = Thread {
            var pending: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 4096)
            var windowStart = DispatchTime.now().uptimeNanoseconds
            var logged = 0
            var dropped = 0
            var skippingRest = false
            func reportDropped() {
                guard dropped > 0 else { return }
                logger.warning(
                    "runner output: \(dropped) line(s) dropped (over \(linesPerSecond) a second)",
                    metadata: ["plugin": "\(name)", "runner_pid": "\(pid)"])
            }
            func emit(_ bytes: ArraySlice<UInt8>) {
                let now = DispatchTime.now().uptimeNanoseconds
                if now - windowStart >= 1_000_000_000 {
                    reportDropped()
                    windowStart = now
                    logged = 0
                    dropped = 0
                }
                guard logged < linesPerSecond else {
                    dropped += 1
                    return
                }
                logged += 1
                let text = String(decoding: bytes.prefix(maximumLineBytes), as: UTF8.self)
                let cut = bytes.count > maximumLineBytes ? " [cut at \(maximumLineBytes) bytes]" : ""
                logger.notice("runner output: \(text)\(cut)", metadata: ["plugin": "\(name)", "runner_pid": "\(pid)"])
            }
            while true {
                let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                pending += chunk[0..<count]
                while let newline = pending.firstIndex(of: 10) {
                    if !skippingRest { emit(pending[..<newline]) }
                    skippingRest = false
                    pending.removeSubrange(...newline)
                }
                // A line longer than the cut is logged (cut) now, and the rest of it skipped,
                // rather than held without bound.
                if !skippingRest, pending.count > maximumLineBytes {
                    emit(pending[...])
                    skippingRest = true
                }
                if skippingRest { pending.removeAll() }
            }
            if !pending.isEmpty, !skippingRest { emit(pending[...]) }
            reportDropped()
            close(fd)
        }
        thread.name = "avr-host.runner-output"
        thread.start()
    }
}
