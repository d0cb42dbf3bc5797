import CurlShim
import Foundation
import Synchronization

/// Runs every outbound transfer on one thread with libcurl's multi socket interface on an
/// epoll loop, so many concurrent streams need neither a thread each nor any time on Swift's
/// cooperative pool, and a wake-up costs O(sockets ready), not O(transfers).
final class CurlMultiDriver: Sendable {
    private struct Inbox: ~Copyable {
        var added: [CurlTransfer] = []
        var cancelled: [(CurlTransfer, HTTPClientError)] = []
        var stopping = false
    }

    private nonisolated(unsafe) let multi: UnsafeMutableRawPointer
    private let epoll: Int32
    private let wakeFD: Int32
    private let inbox = Mutex(Inbox())
    /// A wake-up is already on its way: a burst of requests costs the driver one.
    private let wakePending = Atomic(false)

    init() {
        CurlGlobal.initialise()
        multi = curl_multi_init()
        epoll = avr_epoll_create()
        wakeFD = avr_eventfd_create()
        avr_epoll_control(epoll, Int32(EPOLL_CTL_ADD), wakeFD, UInt32(EPOLLIN.rawValue))
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
        wake()
    }

    func cancel(_ transfer: CurlTransfer, reason: HTTPClientError = .cancelled) {
        inbox.withLock { $0.cancelled.append((transfer, reason)) }
        wake()
    }

    /// Ends the driver thread; transfers still running fail as cancelled.
    func stop() {
        inbox.withLock { $0.stopping = true }
        wake()
    }

    private func wake() {
        if !wakePending.exchange(true, ordering: .acquiringAndReleasing) { avr_eventfd_signal(wakeFD) }
    }

    private func run() {
        let sockets = CurlSocketEvents(multi: multi, epoll: epoll)
        withExtendedLifetime(sockets) { runLoop() }
    }

    private func runLoop() {
        var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
        var deadlines = TransferDeadlines()
        var ready = [avr_ready_fd](repeating: avr_ready_fd(), count: 256)
        var running: Int32 = 0
        var woken = true
        while true {
            if woken {
                // Drain first, then clear the flag: a wake-up signalled after the clear stays
                // pending for the next wait, so no request can be left in the inbox unseen.
                avr_eventfd_drain(wakeFD)
                wakePending.store(false, ordering: .sequentiallyConsistent)
                let (added, cancelled, stopping) = inbox.withLock { inbox in
                    defer { inbox.added = []; inbox.cancelled = [] }
                    return (inbox.added, inbox.cancelled, inbox.stopping)
                }
                for transfer in added {
                    active[transfer.handle] = transfer
                    deadlines.insert(transfer)
                    curl_multi_add_handle(multi, transfer.handle)
                }
                for (transfer, reason) in cancelled where active.removeValue(forKey: transfer.handle) != nil {
                    deadlines.remove(transfer)
                    curl_multi_remove_handle(multi, transfer.handle)
                    transfer.fail(reason)
                }
                if stopping {
                    for transfer in active.values {
                        curl_multi_remove_handle(multi, transfer.handle)
                        transfer.fail(.cancelled)
                    }
                    // The multi handle, epoll and eventfd stay open: another thread may still
                    // wake the driver, and one of each per client is a fixed cost.
                    return
                }
            }
            if curlTimeout() == 0 { curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running) }
            finishCompleted(&active, &deadlines)
            expireOverdue(&active, &deadlines)

            let count = ready.withUnsafeMutableBufferPointer { buffer in
                avr_epoll_wait(epoll, buffer.baseAddress, Int32(buffer.count), waitTimeout(deadlines))
            }
            woken = false
            for index in 0..<Int(max(count, 0)) {
                let socket = ready[index].fd
                if socket == wakeFD {
                    woken = true
                    continue
                }
                curl_multi_socket_action(multi, socket, Self.curlMask(ready[index].events), &running)
            }
        }
    }

    private static func curlMask(_ events: UInt32) -> Int32 {
        var mask: Int32 = 0
        if events & UInt32(EPOLLIN.rawValue) != 0 { mask |= CURL_CSELECT_IN }
        if events & UInt32(EPOLLOUT.rawValue) != 0 { mask |= CURL_CSELECT_OUT }
        if events & (UInt32(EPOLLERR.rawValue) | UInt32(EPOLLHUP.rawValue)) != 0 { mask |= CURL_CSELECT_ERR }
        return mask
    }

    private func finishCompleted(
        _ active: inout [UnsafeMutableRawPointer: CurlTransfer], _ deadlines: inout TransferDeadlines
    ) {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle else { continue }
            let code = message.pointee.data.result
            curl_multi_remove_handle(multi, handle)
            guard let transfer = active.removeValue(forKey: handle) else { continue }
            deadlines.remove(transfer)
            transfer.complete(code)
        }
    }

    /// Fails transfers past their first-byte or idle deadline; files the others again under
    /// their real deadline.
    private func expireOverdue(
        _ active: inout [UnsafeMutableRawPointer: CurlTransfer], _ deadlines: inout TransferDeadlines
    ) {
        guard let next = deadlines.next, next <= .now else { return }
        let now = ContinuousClock.now
        for transfer in deadlines.popDue(now: now) {
            guard let (deadline, stage) = transfer.deadline else {
                // Only an idle timeout, and no data yet: look again once it could have begun.
                if let at = transfer.recheck(now: now) { deadlines.insert(transfer, at: at) }
                continue
            }
            if deadline > now {
                deadlines.insert(transfer, at: transfer.recheck(now: now) ?? deadline)
            } else if active.removeValue(forKey: transfer.handle) != nil {
                curl_multi_remove_handle(multi, transfer.handle)
                transfer.fail(.timedOut(stage: stage))
            }
        }
    }

    /// Milliseconds until libcurl's next timeout (its timer tree's first entry, O(1)).
    private func curlTimeout() -> Int {
        var timeout = -1
        curl_multi_timeout(multi, &timeout)
        return timeout
    }

    /// Milliseconds until libcurl's timer or the next transfer deadline (-1: none).
    private func waitTimeout(_ deadlines: TransferDeadlines) -> Int32 {
        let curl = curlTimeout()
        guard let next = deadlines.next else { return Int32(clamping: curl) }
        let deadline = max(0, (next - .now).milliseconds)
        return Int32(clamping: curl < 0 ? deadline : min(curl, deadline))
    }
}
