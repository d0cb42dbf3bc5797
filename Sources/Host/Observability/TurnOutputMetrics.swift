import Synchronization

/// What one turn's output reports to the metrics: the time to its first text, and its waiting
/// message. Kept apart from `TurnOutput` so the streaming code only calls in at two points.
final class TurnOutputMetrics: Sendable {
    private let metrics: HostMetrics
    private let started = ContinuousClock.now
    private let spoke = Atomic(false)

    init(metrics: HostMetrics) { self.metrics = metrics }

    /// Text went to the caller; the first time, the time since the turn began is recorded.
    func textSent() {
        guard !spoke.load(ordering: .relaxed), !spoke.exchange(true, ordering: .relaxed) else { return }
        metrics.firstTextSent(after: .now - started)
    }

    func waitingMessageSent() {
        metrics.waitingMessageSent()
        textSent()
    }
}
