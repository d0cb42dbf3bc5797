import Dispatch
import Synchronization

/// Plugins' HTTP requests, on the host's libcurl client. The plugin's worker thread waits
/// for the answer; the request itself runs on the client's own driver thread.
public struct CurlPluginTransport: PluginHTTPTransport {
    private let client: HTTPClient

    public init(client: HTTPClient) {
        self.client = client
    }

    public func perform(_ request: PluginHTTPRequest) -> PluginHTTPResult {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<PluginHTTPResult>(.failure("no answer"))
        let outbound = HTTPRequest(
            method: request.method, url: request.url, headers: request.headers,
            body: request.method == "GET" ? nil : request.body,
            timeouts: HTTPTimeouts(connect: .milliseconds(request.timeoutMs), total: .milliseconds(request.timeoutMs)))
        Task {
            do {
                let (head, body) = try await client.send(outbound)
                result.withLock { $0 = .response(status: head.status, body: body) }
            } catch {
                result.withLock { $0 = .failure("\(error)") }
            }
            done.signal()
        }
        done.wait()
        return result.withLock { $0 }
    }
}
