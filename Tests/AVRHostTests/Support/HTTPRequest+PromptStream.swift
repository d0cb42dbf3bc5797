import AVRHost

extension HTTPRequest {
    /// A turn for a host (a child process) listening on loopback `port`.
    static func promptStream(port: Int, body: String) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: "http://127.0.0.1:\(port)/prompt-stream",
            headers: [("Content-Type", "application/json")], body: Array(body.utf8),
            timeouts: HTTPTimeouts(total: .seconds(30)))
    }
}
