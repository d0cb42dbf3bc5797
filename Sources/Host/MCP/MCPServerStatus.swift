/// Where a server is in its life, as the listing shows it.
enum MCPServerStatus: String, Sendable, Encodable {
    /// Being started or initialised for the first time: no tools yet.
    case starting
    /// Initialised, tools listed: calls go through.
    case ready
    /// Lost (crashed, connection failed) and about to be started again: its known tools stay
    /// offered, and their calls get an error output at once.
    case restarting
    /// A local server that crashed too often: given up until its entry changes; no tools.
    case failed
    /// Removed, disabled, replaced, or the host is stopping.
    case stopped
}
