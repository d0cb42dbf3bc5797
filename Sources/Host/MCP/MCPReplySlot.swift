import Dispatch
import FunctionABI
import Synchronization

/// Where the answer to one request lands; the requesting thread waits on it with a deadline.
final class MCPReplySlot: Sendable {
    private let result = Mutex<Result<JSONValue, MCPError>?>(nil)
    private let filled = DispatchSemaphore(value: 0)

    /// Keeps the first answer only (a late one after a failure is dropped).
    func fill(_ answer: Result<JSONValue, MCPError>) {
        let first = result.withLock { stored in
            guard stored == nil else { return false }
            stored = answer
            return true
        }
        if first { filled.signal() }
    }

    /// The answer, or nil when `deadline` passes first.
    func wait(until deadline: ContinuousClock.Instant) -> Result<JSONValue, MCPError>? {
        let remaining = max(.zero, deadline - .now)
        guard filled.wait(timeout: .now() + .milliseconds(remaining.milliseconds)) == .success else { return nil }
        return result.withLock { $0 }
    }
}
