import FunctionABI

/// How JSON-RPC messages reach one MCP server and come back (stdio or Streamable HTTP).
/// Messages from the server, answers included, go to the `receive` closure given to `start`.
protocol MCPTransport: Sendable {
    /// Begins delivering the server's messages; `closed` is called once when the server is gone.
    func start(receive: @escaping @Sendable (JSONValue) -> Void, closed: @escaping @Sendable (String) -> Void)
    /// Sends one message, blocking the calling thread (never a cooperative one) at most until
    /// `deadline`. Over HTTP, the answer has been delivered to `receive` when this returns.
    func send(_ message: JSONValue, deadline: ContinuousClock.Instant) throws(MCPError)
    /// Called once initialisation agreed on a protocol version (HTTP sends it as a header).
    func negotiated(protocolVersion: String)
    /// Ends the exchange (a local server's process is stopped by its owner, not here).
    func close()
}
