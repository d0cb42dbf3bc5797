/// Plugins' HTTP requests, on the host's libcurl client. The plugin's worker thread waits;
/// the request runs on the client's driver thread, with the plugin's deadline.
public struct CurlPluginTransport: PluginHTTPTransport {
    private let client: HTTPClient

    public init(client: HTTPClient) {
        self.client = client
    }

    public func perform(_ request: PluginHTTPRequest) -> PluginHTTPResult {
        let outbound = HTTPRequest(
            method: request.method, url: request.url, headers: request.headers,
            body: request.method == "GET" ? nil : request.body,
            timeouts: HTTPTimeouts(connect: .milliseconds(request.timeoutMs), total: .milliseconds(request.timeoutMs)))
        switch client.sendBlocking(outbound) {
        case .success(let answer): return .response(status: answer.head.status, body: answer.body)
        case .failure(let error): return .failure(error.description)
        }
    }
}
