import Logging
import ServiceLifecycle
import UnixSignals

/// SIGTERM: `/readyz` answers 503 at once while the listener stays open for the drain delay,
/// so a load balancer or orchestrator sees the host leave before connections are refused; then
/// the group shuts down gracefully (turns in flight get `SHUTDOWN_GRACE`). SIGINT (an operator's
/// Ctrl-C) stops without the delay. Returning ends the group gracefully.
struct DrainOnTerminate: Service {
    let readiness: Readiness
    let drainDelay: Duration
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sigterm, .sigint)
        for await signal in signals.cancelOnGracefulShutdown() {
            guard signal == .sigterm else {
                logger.notice("SIGINT: shutting down")
                return
            }
            readiness.markDraining()
            logger.notice(
                "SIGTERM: draining: /readyz answers 503, the listener stays open for \(drainDelay) (SHUTDOWN_DRAIN_DELAY), then turns in flight get SHUTDOWN_GRACE"
            )
            // Cancelled when the group stops for another reason: then there is nothing to wait for.
            try? await Task.sleep(for: drainDelay)
            logger.notice("drain delay over: closing the listener")
            return
        }
    }
}
