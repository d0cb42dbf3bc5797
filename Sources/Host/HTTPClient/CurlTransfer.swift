import CurlShim
import Foundation

/// One request on the multi driver: its easy handle, its deadlines, and the stream it feeds.
///
/// Everything mutable here is touched only on the driver thread (libcurl calls the
/// callbacks from `curl_multi_socket_action`), which is why it can be `@unchecked Sendable`.
final class CurlTransfer: @unchecked Sendable {
    /// What a transfer reports, in order: parts, then exactly one end (nil error on success).
    enum Event: Sendable {
        case part(HTTPStreamPart)
        case end(HTTPClientError?)
    }

    let handle: UnsafeMutableRawPointer
    private let deliver: @Sendable (Event) -> Void
    private var ended = false
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var headerLines: [String: String] = [:]
    private var headSent = false
    private let timeouts: HTTPTimeouts
    private let startedAt = ContinuousClock.now
    private var lastDataAt: ContinuousClock.Instant?
    /// Where this transfer sits in the driver's deadline heap, if it is filed there.
    var deadlineSlot: Int?

    init(request: HTTPRequest, deliver: @escaping @Sendable (Event) -> Void) throws(HTTPClientError) {
        guard let handle = curl_easy_init() else { throw .invalidRequest("curl_easy_init failed") }
        self.handle = handle
        self.deliver = deliver
        self.timeouts = request.timeouts
        try configure(request)
    }

    deinit {
        curl_easy_cleanup(handle)
        curl_slist_free_all(headerList)
    }

    /// libcurl's receive buffer, one per transfer in flight: its 16 KB default was about a
    /// sixth of the host's memory per concurrent call. A streamed event is a few hundred bytes;
    /// a larger body only takes more reads.
    static let receiveBufferBytes = 4096

    private func configure(_ request: HTTPRequest) throws(HTTPClientError) {
        let status = avr_curl_set_string(handle, CURLOPT_URL, request.url)
        avr_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        avr_curl_set_long(handle, CURLOPT_BUFFERSIZE, Self.receiveBufferBytes)
        avr_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, request.method)
        if request.method == "HEAD" { avr_curl_set_long(handle, CURLOPT_NOBODY, 1) }
        if let body = request.body {
            avr_curl_set_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
            // An empty array may have no storage; libcurl needs a real pointer either way.
            (body.isEmpty ? [0] : body).withUnsafeBufferPointer { bytes in
                _ = avr_curl_set_pointer(
                    handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress))
            }
        }
        for header in request.headers {
            headerList = curl_slist_append(headerList, "\(header.name): \(header.value)")
        }
        // libcurl would otherwise add `Expect: 100-continue` to larger bodies and wait for it.
        headerList = curl_slist_append(headerList, "Expect:")
        avr_curl_set_pointer(handle, CURLOPT_HTTPHEADER, headerList)
        if let connect = request.timeouts.connect {
            avr_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, connect.milliseconds)
        }
        if let total = request.timeouts.total {
            avr_curl_set_long(handle, CURLOPT_TIMEOUT_MS, total.milliseconds)
        }
        let me = Unmanaged.passUnretained(self).toOpaque()
        avr_curl_set_pointer(handle, CURLOPT_PRIVATE, me)
        avr_curl_set_pointer(handle, CURLOPT_WRITEDATA, me)
        avr_curl_set_pointer(handle, CURLOPT_HEADERDATA, me)
        avr_curl_set_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteCallback)
        avr_curl_set_callback(handle, CURLOPT_HEADERFUNCTION, curlHeaderCallback)
        guard status == CURLE_OK else {
            throw .invalidRequest(String(cString: curl_easy_strerror(status)))
        }
    }

    /// The earliest moment this transfer must be given up on, if any.
    var deadline: (ContinuousClock.Instant, stage: String)? {
        if let lastDataAt {
            return timeouts.idle.map { (lastDataAt + $0, "the next part of the answer") }
        }
        return timeouts.firstByte.map { (startedAt + $0, "the first byte of the answer") }
    }

    /// When the driver must look at this transfer again, at `now`: its deadline, or sooner while
    /// the first byte is awaited, because data switches it to the idle deadline, which may come
    /// well before the first-byte one.
    func recheck(now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        let deadline = deadline?.0
        guard lastDataAt == nil, let idle = timeouts.idle else { return deadline }
        return min(deadline ?? now + idle, now + idle)
    }

    /// The soonest the deadline can ever be: the idle deadline only moves later as data
    /// arrives, so it is never before the start plus the idle timeout.
    var earliestDeadline: ContinuousClock.Instant? {
        switch (timeouts.firstByte, timeouts.idle) {
        case (let firstByte?, let idle?): startedAt + min(firstByte, idle)
        case (let only?, nil), (nil, let only?): startedAt + only
        case (nil, nil): nil
        }
    }

    /// Reads one header line from its bytes (Foundation's trimming and Unicode lower-casing
    /// showed in profiles; header names and the separators around values are ASCII).
    func receivedHeaderLine(_ line: UnsafeBufferPointer<UInt8>) {
        if line.starts(with: "HTTP/".utf8) {
            headerLines = [:]  // a new response (after a redirect, 100-continue or a proxy)
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        var start = colon + 1
        var end = line.count
        while start < end, Self.isBlank(line[start]) { start += 1 }
        while end > start, Self.isBlank(line[end - 1]) { end -= 1 }
        let name = String(
            decoding: line[..<colon].map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
        headerLines[name] = String(decoding: UnsafeBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
    }

    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\n")
    }

    func receivedBody(_ bytes: UnsafeBufferPointer<UInt8>) {
        lastDataAt = .now
        sendHeadIfNeeded()
        deliver(.part(.body(Array(bytes))))
    }

    private func sendHeadIfNeeded() {
        guard !headSent else { return }
        headSent = true
        var status = 0
        avr_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        deliver(.part(.head(HTTPResponseHead(status: status, headers: headerLines))))
    }

    func complete(_ code: CURLcode) {
        if code == CURLE_OK {
            sendHeadIfNeeded()
            end(nil)
        } else if code == CURLE_OPERATION_TIMEDOUT {
            end(.timedOut(stage: headSent ? "the answer" : "a connection"))
        } else {
            end(.transport(code: Int(code.rawValue), message: String(cString: curl_easy_strerror(code))))
        }
    }

    func fail(_ error: HTTPClientError) {
        end(error)
    }

    private func end(_ error: HTTPClientError?) {
        guard !ended else { return }
        ended = true
        deliver(.end(error))
    }
}

private let curlWriteCallback: avr_curl_data_callback = { data, size, count, user in
    guard let data, let user else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    let length = size * count
    data.withMemoryRebound(to: UInt8.self, capacity: length) {
        transfer.receivedBody(UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

private let curlHeaderCallback: avr_curl_data_callback = { data, size, count, user in
    guard let data, let user else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    let length = size * count
    data.withMemoryRebound(to: UInt8.self, capacity: length) {
        transfer.receivedHeaderLine(UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

extension Duration {
    /// Whole milliseconds, rounded up so a short timeout never becomes zero ("no timeout").
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}
