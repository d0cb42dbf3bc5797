import CoreMetrics
import Foundation
import Prometheus

/// The host's metrics, kept in its own Prometheus registry (so several hosts in one process,
/// as in the tests, never mix their numbers) and served as text by `GET /metrics`.
///
/// Labels hold only bounded values (outcomes, failure kinds, configured tool names), never a
/// call's uuid or a request id.
public final class HostMetrics: Sendable {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let activeTurns: CoreMetrics.Meter
    private let sessions: CoreMetrics.Meter
    private let ready: CoreMetrics.Meter
    private let firstText: CoreMetrics.Timer
    private let waitingMessages: CoreMetrics.Counter
    private let bargeIns: CoreMetrics.Counter

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        let quick: [Duration] = [10, 25, 50, 100, 250, 500, 1000, 2000, 5000, 10_000, 30_000].map { .milliseconds($0) }
        factory.durationHistogramBuckets = [
            Names.firstText: quick, Names.upstreamDuration: quick, Names.toolDuration: quick,
        ]
        self.factory = factory
        activeTurns = CoreMetrics.Meter(label: Names.activeTurns, factory: factory)
        sessions = CoreMetrics.Meter(label: Names.sessions, factory: factory)
        ready = CoreMetrics.Meter(label: Names.ready, factory: factory)
        firstText = CoreMetrics.Timer(label: Names.firstText, factory: factory)
        waitingMessages = CoreMetrics.Counter(label: Names.waitingMessages, factory: factory)
        bargeIns = CoreMetrics.Counter(label: Names.bargeIns, factory: factory)
        // Every outcome is present from the start, so a rate() over it is defined at once.
        for outcome in TurnOutcome.allCases { _ = counter(Names.turns, ["outcome": outcome.rawValue]) }
        for result in ["accepted", "refused"] { _ = counter(Names.pluginReloads, ["result": result]) }
        _ = CoreMetrics.Counter(label: Names.pluginRefusals, factory: factory)
    }

    /// The registry in Prometheus text exposition format (version 0.0.4).
    public func exposition() -> String {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    func turnStarted() { activeTurns.increment() }

    func turnEnded(_ outcome: TurnOutcome) {
        activeTurns.decrement()
        counter(Names.turns, ["outcome": outcome.rawValue]).increment()
        if outcome == .superseded { bargeIns.increment() }
    }

    /// Time from the start of a turn to the first text sent to the caller (words or the waiting message).
    func firstTextSent(after duration: Duration) { firstText.recordNanoseconds(duration.nanoseconds) }

    func waitingMessageSent() { waitingMessages.increment() }

    /// One streamed request to OpenAI, from sending it to the end of its stream (retries included).
    func upstreamRequest(duration: Duration, failed: Bool) {
        CoreMetrics.Timer(
            label: Names.upstreamDuration, dimensions: [("outcome", failed ? "error" : "ok")], factory: factory
        )
        .recordNanoseconds(duration.nanoseconds)
    }

    /// A failure that ended a turn (after any retries), by kind.
    func upstreamFailed(_ failure: any Error) {
        counter(Names.upstreamErrors, ["kind": UpstreamFailureKind.label(failure)]).increment()
    }

    /// A request to OpenAI answered with 429/5xx or a failed connection, about to be sent again.
    func upstreamRetry(after failure: any Error) {
        counter(Names.upstreamRetries, ["kind": UpstreamFailureKind.label(failure)]).increment()
    }

    /// One tool call; `tool` must be a name the catalog offers (the model may invent others).
    func toolCall(tool: String, succeeded: Bool, duration: Duration) {
        counter(Names.toolCalls, ["tool": tool, "outcome": succeeded ? "success" : "failure"]).increment()
        CoreMetrics.Timer(label: Names.toolDuration, dimensions: [("tool", tool)], factory: factory)
            .recordNanoseconds(duration.nanoseconds)
    }

    func pluginsReloaded(_ report: PluginReloadReport) {
        counter(Names.pluginReloads, ["result": report.configAccepted ? "accepted" : "refused"]).increment()
        CoreMetrics.Counter(label: Names.pluginRefusals, factory: factory).increment(by: report.problems.count)
    }

    func setSessions(_ count: Int) { sessions.set(count) }

    func setReady(_ isReady: Bool) { ready.set(isReady ? 1 : 0) }

    private func counter(_ name: String, _ labels: KeyValuePairs<String, String>) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: name, dimensions: labels.map { ($0.key, $0.value) }, factory: factory)
    }

    /// Metric names; each is documented in the README's metrics table.
    enum Names {
        static let turns = "avr_turns_total"
        static let activeTurns = "avr_active_turns"
        static let sessions = "avr_sessions"
        static let ready = "avr_ready"
        static let firstText = "avr_time_to_first_text_seconds"
        static let waitingMessages = "avr_waiting_messages_total"
        static let bargeIns = "avr_barge_ins_total"
        static let upstreamDuration = "avr_upstream_request_duration_seconds"
        static let upstreamErrors = "avr_upstream_errors_total"
        static let upstreamRetries = "avr_upstream_retries_total"
        static let toolCalls = "avr_tool_calls_total"
        static let toolDuration = "avr_tool_call_duration_seconds"
        static let pluginReloads = "avr_plugin_reloads_total"
        static let pluginRefusals = "avr_plugin_refusals_total"
    }
}

extension Duration {
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
