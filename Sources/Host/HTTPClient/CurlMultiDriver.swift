import CurlShim
import Foundation
import Synchronization

/// Runs every outbound transfer on one thread with libcurl's multi interface, so many
/// concurrent streams need neither a thread each nor any time on Swift's cooperative pool.
final class CurlMultiDriver: Sendable {
    private struct Inbox: ~Copyable {
        var added: [CurlTransfer] = []
        var cancelled: [(CurlTransfer, HTTPClientError)] = []
        var stopping = false
    }

    private nonisolated(unsafe) let multi: UnsafeMutableRawPointer
    private let inbox = Mutex(Inbox())

    init() {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        multi = curl_multi_init()
        let thread = Thread { [self] in run() }
        thread.name = "curl-multi"
        thread.start()
    }

    func add(_ transfer: CurlTransfer) {
        let accepted = inbox.withLock { inbox in
            if !inbox.stopping { inbox.added.append(transfer) }
            return !inbox.stopping
        }
        guard accepted else { return transfer.fail(.cancelled) }
        curl_multi_wakeup(multi)
    }

    func cancel(_ transfer: CurlTransfer, reason: HTTPClientError = .cancelled) {
        inbox.withLock { $0.cancelled.append((transfer, reason)) }
        curl_multi_wakeup(multi)
    }

    /// Ends the driver thread; transfers still running fail as cancelled.
    func stop() {
        inbox.withLock { $0.stopping = true }
        curl_multi_wakeup(multi)
    }

    private func run() {
        var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
        while true {
            let (added, cancelled, stopping) = inbox.withLock { inbox in
                defer { inbox.added = []; inbox.cancelled = [] }
                return (inbox.added, inbox.cancelled, inbox.stopping)
            }
            for transfer in added {
                active[transfer.handle] = transfer
                curl_multi_add_handle(multi, transfer.handle)
            }
            for (transfer, reason) in cancelled where active.removeValue(forKey: transfer.handle) != nil {
                curl_multi_remove_handle(multi, transfer.handle)
                transfer.fail(reason)
            }
            if stopping {
                for transfer in active.values {
                    curl_multi_remove_handle(multi, transfer.handle)
                    transfer.fail(.cancelled)
                }
                // The multi handle is not cleaned up: another thread may still call
                // curl_multi_wakeup on it, and one handle per client is a fixed cost.
                return
            }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            finishCompleted(&active)
            let nextDeadline = expireOverdue(&active)
            curl_multi_poll(multi, nil, 0, pollTimeout(until: nextDeadline), nil)
        }
    }

    private func finishCompleted(_ active: inout [UnsafeMutableRawPointer: CurlTransfer]) {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, handle)
            active.removeValue(forKey: handle)?.complete(code)
        }
    }

    /// Fails transfers past their first-byte or idle deadline; returns the next deadline.
    private func expireOverdue(_ active: inout [UnsafeMutableRawPointer: CurlTransfer]) -> ContinuousClock.Instant? {
        let now = ContinuousClock.now
        var next: ContinuousClock.Instant?
        for (handle, transfer) in active {
            guard let (deadline, stage) = transfer.deadline else { continue }
            if deadline <= now {
                curl_multi_remove_handle(multi, handle)
                active.removeValue(forKey: handle)
                transfer.fail(.timedOut(stage: stage))
            } else if next.map({ deadline < $0 }) ?? true {
                next = deadline
            }
        }
        return next
    }

    private func pollTimeout(until deadline: ContinuousClock.Instant?) -> Int32 {
        var curlTimeout = -1
        curl_multi_timeout(multi, &curlTimeout)
        var timeout = curlTimeout < 0 ? 1000 : min(curlTimeout, 1000)
        if let deadline {
            timeout = min(timeout, max(0, (deadline - .now).milliseconds))
        }
        return Int32(timeout)
    }
}
