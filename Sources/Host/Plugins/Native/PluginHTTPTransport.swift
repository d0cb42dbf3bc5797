/// One HTTP request a plugin makes through the host services table.
public struct PluginHTTPRequest: Sendable, Equatable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Whole-request deadline.
    public var timeoutMs: Int

    public init(
        method: String, url: String, headers: [(name: String, value: String)] = [],
        body: [UInt8] = [], timeoutMs: Int = 5000
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeoutMs = timeoutMs
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.timeoutMs == rhs.timeoutMs
            && lhs.headers.map { "\($0.name):\($0.value)" }
                == rhs.headers.map { "\($0.name):\($0.value)" }
    }
}

/// What came back: a status and body, or the reason none arrived.
public enum PluginHTTPResult: Sendable, Equatable {
    case response(status: Int, body: [UInt8])
    case failure(String)
}

/// The host's HTTP client as plugins see it. Blocking: it is called on a plugin worker
/// thread, never on the event loop, and must return by the request's deadline.
public protocol PluginHTTPTransport: Sendable {
    func perform(_ request: PluginHTTPRequest) -> PluginHTTPResult
}

/// A transport for hosts that give plugins no network (every request fails).
public struct NoPluginHTTPTransport: PluginHTTPTransport {
    public init() {}
    public func perform(_ request: PluginHTTPRequest) -> PluginHTTPResult {
        .failure("no HTTP transport configured")
    }
}
