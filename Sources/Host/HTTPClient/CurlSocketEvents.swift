import CurlShim

/// Mirrors libcurl's wishes into the driver's epoll set and timer: libcurl says which
/// sockets to watch and when it next needs a timeout call, so each wake-up costs O(ready
/// sockets) instead of a pass over every transfer. Driver thread only.
final class CurlSocketEvents {
    let multi: UnsafeMutableRawPointer
    let epoll: Int32
    /// When libcurl wants `curl_multi_socket_action(CURL_SOCKET_TIMEOUT)`; nil: no timer.
    var timerDue: ContinuousClock.Instant?

    init(multi: UnsafeMutableRawPointer, epoll: Int32) {
        self.multi = multi
        self.epoll = epoll
        let me = Unmanaged.passUnretained(self).toOpaque()
        avr_curl_multi_set_pointer(multi, CURLMOPT_SOCKETDATA, me)
        avr_curl_multi_set_pointer(multi, CURLMOPT_TIMERDATA, me)
        avr_curl_multi_set_socket_callback(multi, curlSocketCallback)
        avr_curl_multi_set_timer_callback(multi, curlTimerCallback)
    }

    fileprivate func watch(_ socket: Int32, what: Int32, registered: Bool) {
        let events: UInt32
        switch what {
        case CURL_POLL_IN: events = UInt32(EPOLLIN.rawValue)
        case CURL_POLL_OUT: events = UInt32(EPOLLOUT.rawValue)
        default: events = UInt32(EPOLLIN.rawValue) | UInt32(EPOLLOUT.rawValue)
        }
        avr_epoll_control(epoll, registered ? Int32(EPOLL_CTL_MOD) : Int32(EPOLL_CTL_ADD), socket, events)
    }

    fileprivate func forget(_ socket: Int32) {
        avr_epoll_control(epoll, Int32(EPOLL_CTL_DEL), socket, 0)
    }
}

private let curlSocketCallback: avr_curl_socket_callback = { _, socket, what, user, socketUser in
    guard let user else { return 0 }
    let events = Unmanaged<CurlSocketEvents>.fromOpaque(user).takeUnretainedValue()
    if what == CURL_POLL_REMOVE {
        events.forget(socket)
    } else {
        events.watch(socket, what: what, registered: socketUser != nil)
        // Mark the socket as watched, so libcurl's next wish for it is a change, not an add.
        if socketUser == nil { curl_multi_assign(events.multi, socket, UnsafeMutableRawPointer(bitPattern: 1)) }
    }
    return 0
}

private let curlTimerCallback: avr_curl_timer_callback = { _, timeoutMilliseconds, user in
    guard let user else { return 0 }
    let events = Unmanaged<CurlSocketEvents>.fromOpaque(user).takeUnretainedValue()
    events.timerDue = timeoutMilliseconds < 0 ? nil : .now + .milliseconds(timeoutMilliseconds)
    return 0
}
