import FunctionABI
import Logging

/// Where and how the host talks to OpenAI (or an OpenAI-compatible server).
public struct OpenAIClientConfiguration: Sendable {
    /// For example `https://api.openai.com/v1`, without a trailing slash.
    public var baseURL: String
    public var apiKey: String?
    public var timeouts: HTTPTimeouts
    public var retry: RetryPolicy
    /// Counts retries when set.
    public var metrics: HostMetrics?

    public init(
        baseURL: String,
        apiKey: String?,
        timeouts: HTTPTimeouts = HTTPTimeouts(connect: .seconds(10), firstByte: .seconds(30), idle: .seconds(30)),
        retry: RetryPolicy = RetryPolicy()
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.timeouts = timeouts
        self.retry = retry
    }
}

/// The Responses and Conversations API calls the host makes, on the libcurl client.
public final class OpenAIClient: Sendable {
    private typealias Parts<Element: Sendable> = AsyncThrowingStream<HTTPDecodedPart<Element>, any Error>.AsyncIterator

    private let http: HTTPClient
    public let configuration: OpenAIClientConfiguration

    public init(http: HTTPClient, configuration: OpenAIClientConfiguration) {
        self.http = http
        self.configuration = configuration
    }

    /// Creates a conversation and returns its id.
    public func createConversation() async throws -> String {
        let answer = try await call("POST", "/conversations", body: .object([:]))
        guard let id = answer["id"]?.stringValue else {
            throw OpenAIError.protocolViolation("conversation without an id", requestID: nil)
        }
        return id
    }

    public func deleteConversation(_ id: String) async throws {
        _ = try await call("DELETE", "/conversations/\(id)", body: nil)
    }

    /// The newest items of a conversation (up to 100), newest first.
    public func recentConversationItems(_ id: String) async throws -> [JSONValue] {
        try await call("GET", "/conversations/\(id)/items?order=desc&limit=100", body: nil)["data"]?.arrayValue ?? []
    }

    /// `GET /models/{id}`: the model object, with its `shutdown_date` when one is set.
    public func model(_ id: String) async throws -> JSONValue {
        try await call("GET", "/models/\(id)", body: nil)
    }

    /// Starts a streamed response; the returned stream has already been answered with 2xx.
    /// With `text`, the response's words go to it as they are decoded instead of being events.
    public func streamResponse(_ body: JSONValue, text: ResponseTextSink? = nil) async throws -> ResponseEventStream {
        let (head, parts) = try await open(
            makeRequest("POST", "/responses", body: body, accept: "text/event-stream"),
            decoder: { ResponseEventDecoder(text: text) })
        return ResponseEventStream(requestID: head.headers["x-request-id"], body: parts)
    }

    private func call(_ method: String, _ path: String, body: JSONValue?) async throws -> JSONValue {
        var (head, parts) = try await open(
            makeRequest(method, path, body: body, accept: "application/json"), decoder: RawBodyDecoder.init)
        let requestID = head.headers["x-request-id"]
        let bytes = try await readBody(&parts, requestID: requestID)
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw OpenAIError.protocolViolation("\(method) \(path) answered with invalid JSON", requestID: requestID)
        }
    }

    /// Sends a request until it is answered with 2xx, and returns the answer's head and the
    /// rest of its parts. A 429 or 5xx, or a connection that failed before any answer, is
    /// retried within the retry policy; any other error answer is thrown.
    private func open<Element: Sendable>(
        _ request: HTTPRequest, decoder: () -> some HTTPBodyDecoder<Element>
    ) async throws -> (HTTPResponseHead, Parts<Element>) {
        var attempt = 0
        while true {
            var parts = http.stream(request, decoder: decoder()).makeAsyncIterator()
            let failure: OpenAIError
            var hints: [String: String] = [:]
            do {
                let head = try await readHead(&parts)
                let requestID = head.headers["x-request-id"]
                if (200..<300).contains(head.status) { return (head, parts) }
                let error = try await readError(status: head.status, requestID: requestID, from: &parts)
                guard RetryPolicy.isRetryable(status: head.status) else { throw error }
                failure = error
                hints = head.headers
            } catch let error as OpenAIError {
                guard case .transport(let cause, _) = error, cause != .cancelled else { throw error }
                failure = error
            }
            guard let delay = configuration.retry.delay(beforeRetry: attempt, headers: hints) else { throw failure }
            configuration.metrics?.upstreamRetry(after: failure)
            try await Task.sleep(for: delay)
            attempt += 1
        }
    }

    private func makeRequest(_ method: String, _ path: String, body: JSONValue?, accept: String) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [("Accept", accept)]
        if let apiKey = configuration.apiKey { headers.append(("Authorization", "Bearer \(apiKey)")) }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        return HTTPRequest(
            method: method, url: configuration.baseURL + path, headers: headers,
            body: body.map { Array($0.jsonText.utf8) }, timeouts: configuration.timeouts)
    }

    private func readHead<Element>(_ parts: inout Parts<Element>) async throws -> HTTPResponseHead {
        do {
            guard case .head(let head)? = try await parts.next() else {
                throw OpenAIError.protocolViolation("no answer", requestID: nil)
            }
            return head
        } catch let error as HTTPClientError {
            throw OpenAIError.transport(error, requestID: nil)
        }
    }

    /// The rest of a body read whole: an error body as it came, or a 2xx one passed on in chunks.
    private func readBody<Element>(_ parts: inout Parts<Element>, requestID: String?) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        do {
            while let part = try await parts.next() {
                switch part {
                case .body(let chunk): bytes += chunk
                case .decoded(let chunks): for case let chunk as [UInt8] in chunks { bytes += chunk }
                case .head: break
                }
            }
        } catch let error as HTTPClientError {
            throw OpenAIError.transport(error, requestID: requestID)
        }
        return bytes
    }

    /// Reads an error answer's body and turns OpenAI's `{"error": {"message"}}` into an error.
    private func readError<Element>(
        status: Int, requestID: String?, from parts: inout Parts<Element>
    ) async throws -> OpenAIError {
        let bytes = try await readBody(&parts, requestID: requestID)
        let message =
            (try? JSONValue.parse(bytes))?["error"]?["message"]?.stringValue
            ?? String(decoding: bytes.prefix(200), as: UTF8.self)
        return .http(status: status, message: message, requestID: requestID)
    }
}
