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
    /// Called once the server is initialised: starts receiving what it sends unprompted and
    /// waits up to `limit` until that is set up or known to be unavailable. Over HTTP this is
    /// the GET stream; stdio's output carries everything already.
    func listenForServerMessages(within limit: Duration)
    /// Ends every exchange in flight at once, without waiting and without telling the server:
    /// a stop must not wait for a server that does not answer. `close` still follows.
    func abandon()
    /// Ends the exchange (a local server's process is stopped by its owner, not here).
    func close()
}
