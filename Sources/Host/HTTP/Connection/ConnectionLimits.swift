/// How long a client connection may take for each thing it owes the host; past any of them the
/// host closes the connection, so a slow, silent or non-reading client cannot hold a socket.
public struct ConnectionLimits: Sendable {
    /// From the first byte of a request to the end of its head.
    public var headerTimeout: Duration
    /// From the end of the head to the end of the body.
    public var bodyTimeout: Duration
    /// A connection with no request in progress (new, or between keep-alive requests).
    public var idleTimeout: Duration
    /// How long the answer may stay unsent because the client does not read it.
    public var writeTimeout: Duration
    /// The kernel's send buffer of a connection (SO_SNDBUF), and the bytes the host queues
    /// beyond it before it waits for the client to read.
    public var writeBufferBytes: Int

    public init(
        headerTimeout: Duration, bodyTimeout: Duration, idleTimeout: Duration, writeTimeout: Duration,
        writeBufferBytes: Int
    ) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.writeBufferBytes = writeBufferBytes
    }
}
