import Synchronization

/// Whether the host should get new turns: not before start-up has finished (plugins loaded, the
/// model checked), and not once a SIGTERM asked it to drain. Liveness (`/healthz`) is separate.
public final class Readiness: Sendable {
    public enum State: String, Sendable {
        case starting
        case ready
        case draining
    }

    private let state = Mutex(State.starting)
    private let metrics: HostMetrics

    init(metrics: HostMetrics) {
        self.metrics = metrics
        metrics.setReady(false)
    }

    public var current: State { state.withLock { $0 } }

    /// Start-up is complete; ignored once draining began.
    func markReady() {
        let isReady = state.withLock { state in
            if state == .starting { state = .ready }
            return state == .ready
        }
        metrics.setReady(isReady)
    }

    func markDraining() {
        state.withLock { $0 = .draining }
        metrics.setReady(false)
    }
}
