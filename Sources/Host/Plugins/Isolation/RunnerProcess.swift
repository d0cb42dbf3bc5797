import Foundation
import FunctionABI
import Logging
import Synchronization

/// One life of a runner process: its channel, the calls waiting for its answers, and the
/// thread that reads its frames and, at the end, waits for how it ended. Every call still
/// waiting when it dies is answered at once with an error naming how it ended; none is sent again.
final class RunnerProcess: Sendable {
    let name: String
    private let process: SpawnedProcess
    private let channel: RunnerChannel
    private let logger: Logger
    private let nextCallID = Atomic<UInt64>(1)

    private struct State {
        var pending: [UInt64: PendingCall] = [:]
        /// Set once the channel ended: new calls are refused, the pending ones answered.
        var ended = false
        /// Why the host is ending it ("deadline", "stop"), for `RunnerExit.cause`.
        var cause: String?
    }

    private let state = Mutex(State())

    /// What the reader tells the supervisor: the ready or failed frame, then the exit.
    struct Events: Sendable {
        var ready: @Sendable (ToolDefinition, String?) -> Void
        var failed: @Sendable (String) -> Void
        var exited: @Sendable (RunnerExit) -> Void
    }

    /// The runner's pid, also its process group.
    var pid: pid_t { process.pid }

    private init(spawned: Spawned, name: String, logger: Logger) {
        process = spawned.process
        channel = RunnerChannel(fd: spawned.channel)
        // A runner that stops reading (frozen, every thread hung) must not hold a worker in
        // `send` for ever: the send fails, and the call's wait ends in the kill as for a hang.
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        _ = setsockopt(spawned.channel, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        self.name = name
        self.logger = logger
    }

    /// Starts a runner, hands it its configuration and starts reading its frames.
    static func start(
        runnerPath: String, limits: [ResourceLimit], configure: RunnerFrame, name: String, logger: Logger,
        events: Events
    ) -> Result<RunnerProcess, RunnerSpawnError> {
        switch spawn(runnerPath: runnerPath, limits: limits) {
        case .failure(let error): return .failure(error)
        case .success(let spawned):
            let process = RunnerProcess(spawned: spawned, name: name, logger: logger)
            RunnerOutputLog.follow(fd: spawned.output, name: name, pid: spawned.process.pid, logger: logger)
            process.channel.send(configure)
            let reader = Thread { process.read(events) }
            reader.name = "avr-host.runner-reader"
            reader.start()
            return .success(process)
        }
    }

    /// Sends one call and waits for its answer up to `waitMs`; past that the runner is killed
    /// with its group (so the waiting thread is answered and freed), and the answer is the
    /// error every call of the killed runner gets.
    func call(arguments: String, context: ToolCallContext, waitMs: Int) -> ToolOutcome {
        let id = nextCallID.add(1, ordering: .relaxed).newValue
        let pending = PendingCall()
        let accepted = state.withLock { state in
            guard !state.ended else { return false }
            state.pending[id] = pending
            return true
        }
        guard accepted else { return RunnerOutcome.gone(name) }
        let frame = RunnerFrame(kind: .call, id: id, fields: [context.uuid ?? "", context.callID, arguments]).encoded()
        guard frame.count <= channel.maximumFrameBytes else {
            state.withLock { _ = $0.pending.removeValue(forKey: id) }
            return RunnerOutcome.tooLarge(name, "arguments", frame.count, channel.maximumFrameBytes)
        }
        // A failed send is answered by the reader when it sees the channel end.
        _ = channel.send(encoded: frame)
        if let outcome = pending.wait(milliseconds: waitMs) { return outcome }
        // The answer may have come in just now: a runner that answered is not killed.
        if let outcome = pending.wait(milliseconds: 0) { return outcome }
        kill(cause: "deadline")
        return pending.wait(milliseconds: 10_000) ?? RunnerOutcome.gone(name)
    }

    /// Calls sent and not answered yet.
    var callsInFlight: Int { state.withLock { $0.pending.count } }

    /// Kills the process group at once (unless it is already reaped, so a reused pid is safe).
    func kill(cause: String) {
        state.withLock { state in
            if state.cause == nil { state.cause = cause }
        }
        process.signalGroup(SIGKILL)
    }

    /// Staged stop: close the channel (the runner exits by itself on end of stream), then
    /// SIGTERM after `stopGraceMs`, then SIGKILL after as long again, to the whole group.
    func stop() {
        state.withLock { state in
            if state.cause == nil { state.cause = "stop" }
        }
        channel.shutdown()
        for (step, signal) in [(1, SIGTERM), (2, SIGKILL)] {
            PluginDeadline.timers.asyncAfter(deadline: .now() + .milliseconds(Self.stopGraceMs * step)) {
                self.process.signalGroup(signal)
            }
        }
    }

    static let stopGraceMs = 1000

    private func read(_ events: Events) {
        let buffer = RunnerReceiveBuffer()
        let logs = RunnerLogForwarding(name: name, pid: pid, logger: logger)
        while let frame = channel.receive(into: buffer) {
            switch frame.kind {
            case .result:
                let outcome = ToolOutcome(
                    succeeded: frame[0] == "success", spokenMessage: frame[1], output: frame[2] ?? "{}")
                let pending = state.withLock { $0.pending.removeValue(forKey: frame.id) }
                pending?.answer(outcome)
            case .log:
                logs.log(frame)
            case .ready:
                // The runner is not trusted to choose its name: one naming another tool could take it over.
                guard let offered = frame[0], offered == name else {
                    events.failed("the runner offered \"\(frame[0] ?? "")\" instead of the function \(name)")
                    break
                }
                events.ready(
                    ToolDefinition(name: offered, description: frame[1] ?? "", parametersJSON: frame[2] ?? "{}"),
                    frame[3])
            case .failed:
                events.failed(frame[0] ?? "the runner could not load the function")
            case .configure, .call:
                break
            }
        }
        logs.finish()
        let (exit, pending) = reap()
        // The supervisor knows how it ended before the callers hear it.
        events.exited(exit)
        let outcome = RunnerOutcome.crashed(name, exit)
        pending.forEach { $0.answer(outcome) }
    }

    /// The channel ended: refuse new calls, wait for the process to end (killing its group
    /// unless the host is stopping it), reap it, and hand back the calls still waiting.
    private func reap() -> (RunnerExit, [PendingCall]) {
        let stopping = state.withLock { state in
            state.ended = true
            return state.cause == "stop"
        }
        // A runner that closed its channel serves nothing any more.
        if !stopping { kill(cause: "channel") }
        // The reaper kills what is left in its group once it has ended.
        let status = process.waitForExit()
        return state.withLock { state in
            let cause = state.cause == "channel" ? nil : state.cause
            defer { state.pending = [:] }
            return (RunnerExit(status: status, cause: cause), Array(state.pending.values))
        }
    }
}

/// One call waiting for the runner's answer on a worker thread.
private final class PendingCall: Sendable {
    private let outcome = Mutex<ToolOutcome?>(nil)
    private let answered = DispatchSemaphore(value: 0)

    func answer(_ value: ToolOutcome) {
        outcome.withLock { $0 = value }
        answered.signal()
    }

    func wait(milliseconds: Int) -> ToolOutcome? {
        guard answered.wait(timeout: .now() + .milliseconds(milliseconds)) == .success else { return nil }
        return outcome.withLock { $0 }
    }
}
