import AVRHost
import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// TEMPORARY, tests only: a blocking URLSession transport for plugin HTTP. At merge the host's
/// libcurl client implements `PluginHTTPTransport` and this file goes away.
struct TemporaryHTTPTransport: PluginHTTPTransport {
    func perform(_ request: PluginHTTPRequest) -> PluginHTTPResult {
        guard let url = URL(string: request.url) else { return .failure("bad url: \(request.url)") }
        var urlRequest = URLRequest(url: url, timeoutInterval: Double(request.timeoutMs) / 1000)
        urlRequest.httpMethod = request.method
        for header in request.headers {
            urlRequest.setValue(header.value, forHTTPHeaderField: header.name)
        }
        if !request.body.isEmpty { urlRequest.httpBody = Data(request.body) }
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<PluginHTTPResult>(.failure("timeout"))
        let task = URLSession.shared.dataTask(with: urlRequest) { data, response, error in
            let value: PluginHTTPResult
            if let http = response as? HTTPURLResponse {
                value = .response(status: http.statusCode, body: Array(data ?? Data()))
            } else {
                value = .failure(error.map { "\($0)" } ?? "no response")
            }
            result.withLock { $0 = value }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + .milliseconds(request.timeoutMs)) == .timedOut {
            task.cancel()
            return .failure("timeout after \(request.timeoutMs) ms")
        }
        return result.withLock { $0 }
    }
}
