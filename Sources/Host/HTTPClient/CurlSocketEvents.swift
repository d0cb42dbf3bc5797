import CurlShim

/// Mirrors libcurl's wishes into the driver's epoll set: libcurl says which sockets to watch
/// for what, so each wake-up costs O(ready sockets) instead of a poll over every transfer's.
/// Driver thread only.
final class CurlSocketEvents {
    let multi: UnsafeMutableRawPointer
    let epoll: Int32

    init(multi: UnsafeMutableRawPointer, epoll: Int32) {
        self.multi = multi
        self.epoll = epoll
        let me = Unmanaged.passUnretained(self).toOpaque()
        avr_curl_multi_set_pointer(multi, CURLMOPT_SOCKETDATA, me)
        avr_curl_multi_set_socket_callback(multi, curlSocketCallback)
    }

    fileprivate func watch(_ socket: Int32, what: Int32, registered: Bool) {
        let events: UInt32
        switch what {
        case CURL_POLL_IN: events = UInt32(EPOLLIN.rawValue)
        case CURL_POLL_OUT: events = UInt32(EPOLLOUT.rawValue)
        case CURL_POLL_INOUT: events = UInt32(EPOLLIN.rawValue) | UInt32(EPOLLOUT.rawValue)
        default: events = 0  // watched for nothing (errors and hang-ups are always reported)
        }
        // The mark can be out of step with epoll (a socket closed and its number reused by a
        // new one): when the expected operation fails, the other one is the right one.
        let (first, second) = registered ? (EPOLL_CTL_MOD, EPOLL_CTL_ADD) : (EPOLL_CTL_ADD, EPOLL_CTL_MOD)
        if avr_epoll_control(epoll, Int32(first), socket, events) != 0 {
            avr_epoll_control(epoll, Int32(second), socket, events)
        }
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
