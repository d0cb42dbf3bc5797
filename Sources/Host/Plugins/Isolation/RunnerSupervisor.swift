import Foundation
import FunctionABI
import Logging
import Synchronization

/// Keeps one isolated entry's runner going: starts it, restarts it with backoff when it dies,
/// gives up after `max_restarts` within `restart_window_s` (the entry is then failed and its
/// calls get an error output at once), and stops it in stages when the entry is replaced.
final class RunnerSupervisor: Sendable {
    let name: String
    let policy: RunnerPolicy
    /// The policy's limits within the host's own hard limits, worked out once per entry.
    private let limits: [ResourceLimit]
    private let runnerPath: String
    private let configure: RunnerFrame
    private let logger: Logger

    enum Phase: String, Sendable {
        case starting, running, restarting, failed, stopped
    }

    private struct State {
        var phase = Phase.starting
        var process: RunnerProcess?
        var restarts = 0
        /// When each recent crash happened, for the give-up window.
        var crashes: [Date] = []
        var lastExit: RunnerExit?
        var failure: String?
        /// The first start's answer: the function's definition and version, or why not.
        var firstStart: Result<(ToolDefinition, String?), RunnerSpawnError>?
    }

    private let state = Mutex(State())
    private let firstAnswer = DispatchSemaphore(value: 0)

    /// How long a new runner may take to load its plugin and say it is ready.
    static let startTimeout = 10_000
    /// Where restarts wait for their backoff and spawn.
    private static let restarts = DispatchQueue(label: "avr-host.runner-restarts")

    init(name: String, policy: RunnerPolicy, runnerPath: String, configure: RunnerFrame, logger: Logger) {
        self.name = name
        self.policy = policy
        limits = RunnerProcess.limitsWithinHost(policy, name: name, logger: logger)
        self.runnerPath = runnerPath
        self.configure = configure
        self.logger = logger
    }

    /// Starts the first runner and waits until it serves (blocking: reload runs on a thread).
    func start() -> Result<(ToolDefinition, String?), RunnerSpawnError> {
        guard FileManager.default.isExecutableFile(atPath: runnerPath) else {
            return .failure(
                RunnerSpawnError(
                    "the plugin runner \(runnerPath) is missing; install avr-plugin-runner beside avr-host or set PLUGIN_RUNNER_PATH"
                ))
        }
        launch()
        if firstAnswer.wait(timeout: .now() + .milliseconds(Self.startTimeout)) == .timedOut {
            let process = state.withLock { state in
                state.phase = .stopped
                state.firstStart = .failure(
                    RunnerSpawnError("the plugin runner did not get ready within \(Self.startTimeout) ms"))
                return state.process
            }
            process?.kill(cause: "stop")
        }
        return state.withLock { $0.firstStart! }
    }

    /// Runs one call in the current runner; `waitMs` is the call's deadline plus the grace.
    func call(arguments: String, context: ToolCallContext, waitMs: Int) -> ToolOutcome {
        let (phase, process, failure) = state.withLock { ($0.phase, $0.process, $0.failure) }
        if phase == .running, let process {
            return process.call(arguments: arguments, context: context, waitMs: waitMs)
        }
        switch phase {
        case .failed, .stopped:
            return RunnerOutcome.failed(name, failure ?? "its runner is stopped")
        default:
            return RunnerOutcome.restarting(name)
        }
    }

    /// Stops the runner in stages; no restart follows.
    func stop() {
        let process = state.withLock { state in
            state.phase = .stopped
            return state.process
        }
        process?.stop()
    }

    /// Why the entry is failed (it gave up restarting); nil otherwise.
    var failure: String? {
        state.withLock { $0.phase == .failed ? $0.failure : nil }
    }

    /// What the listing shows about the runner.
    var status: RunnerStatus {
        state.withLock { state in
            RunnerStatus(
                pid: state.phase == .running ? state.process?.pid : nil, state: state.phase.rawValue,
                restarts: state.restarts, lastExit: state.lastExit, callsInFlight: state.process?.callsInFlight ?? 0)
        }
    }

    private func launch() {
        let started = RunnerProcess.start(
            runnerPath: runnerPath, limits: limits, configure: configure, name: name,
            logger: logger,
            events: RunnerProcess.Events(
                ready: { [self] definition, version in ready(definition, version) },
                failed: { [self] reason in loadFailed(reason) },
                exited: { [self] exit in exited(exit) }))
        switch started {
        case .success(let process):
            // A stop that came while it was being spawned applies to it too.
            let stopped = state.withLock { state in
                state.process = process
                return state.phase == .stopped
            }
            if stopped {
                process.stop()
            } else {
                killIfNotReady(process)
            }
        case .failure(let error):
            let first = state.withLock { state -> Bool in
                guard state.firstStart == nil else { return false }
                state.firstStart = .failure(error)
                state.phase = .stopped
                return true
            }
            if first {
                firstAnswer.signal()
                return
            }
            // Nothing was spawned for a restart: count it as a crash of the would-be runner.
            logger.error("cannot start the plugin runner of \(name): \(error)", metadata: ["plugin": "\(name)"])
            giveUpOrRetry(after: nil, reason: error.description)
        }
    }

    /// A restarted runner that neither gets ready nor exits (a constructor that hangs) would
    /// leave the entry restarting for ever: past the start timeout it is killed, which counts
    /// as a crash. The first start has its own wait in `start()`.
    private func killIfNotReady(_ process: RunnerProcess) {
        PluginDeadline.timers.asyncAfter(deadline: .now() + .milliseconds(Self.startTimeout)) { [self] in
            let stuck = state.withLock { state in
                state.process === process && (state.phase == .starting || state.phase == .restarting)
            }
            if stuck { process.kill(cause: "start timeout") }
        }
    }

    private func ready(_ definition: ToolDefinition, _ version: String?) {
        let first = state.withLock { state -> Bool in
            guard state.phase == .starting || state.phase == .restarting else { return false }
            state.phase = .running
            guard state.firstStart == nil else { return false }
            state.firstStart = .success((definition, version))
            return true
        }
        if first { firstAnswer.signal() }
    }

    private func loadFailed(_ reason: String) {
        let first = state.withLock { state -> Bool in
            guard state.firstStart == nil else { return false }
            state.firstStart = .failure(RunnerSpawnError(reason))
            state.phase = .stopped
            return true
        }
        guard !first else {
            firstAnswer.signal()
            return
        }
        // A restarted runner that cannot load (the file changed meanwhile?): it exits next,
        // which counts as a crash.
        logger.error("plugin runner of \(name) could not load it again: \(reason)", metadata: ["plugin": "\(name)"])
    }

    private func exited(_ exit: RunnerExit) {
        let wasServing = state.withLock { state -> Bool in
            state.lastExit = exit
            state.process = nil
            if state.firstStart == nil {
                state.firstStart = .failure(
                    RunnerSpawnError("the plugin runner ended before it was ready (\(exit.summary))"))
                state.phase = .stopped
                firstAnswer.signal()
                return false
            }
            return state.phase != .stopped && state.phase != .failed
        }
        guard wasServing else { return }
        giveUpOrRetry(after: exit, reason: exit.summary)
    }

    /// Counts a crash: restarts after a backoff (100 ms doubling, at most 5 s) or, past
    /// `max_restarts` within the window, marks the entry failed.
    private func giveUpOrRetry(after exit: RunnerExit?, reason: String) {
        let delayMs = state.withLock { state -> Int? in
            let now = Date()
            state.crashes =
                state.crashes.filter { now.timeIntervalSince($0) < Double(policy.restartWindowSeconds) } + [now]
            guard state.crashes.count <= policy.maxRestarts else {
                state.phase = .failed
                state.failure =
                    "its runner ended \(state.crashes.count) times within \(policy.restartWindowSeconds) s (last: \(reason)); it serves again when its plugin or plugins.json changes"
                return nil
            }
            state.phase = .restarting
            state.restarts += 1
            return min(5000, 100 << min(state.crashes.count - 1, 6))
        }
        guard let delayMs else {
            logger.error("plugin runner of \(name) gave up: \(reason)", metadata: ["plugin": "\(name)"])
            return
        }
        logger.warning(
            "plugin runner of \(name) ended (\(reason)); restarting in \(delayMs) ms", metadata: ["plugin": "\(name)"])
        // Not on the deadline queue: a spawn blocks, and a crash loop must not make tool deadlines late.
        Self.restarts.asyncAfter(deadline: .now() + .milliseconds(delayMs)) {
            guard self.state.withLock({ $0.phase == .restarting }) else { return }
            self.launch()
        }
    }
}

/// The listing's view of an isolated entry's runner.
public struct RunnerStatus: Sendable, Equatable, Encodable {
    /// The serving runner's pid (also its process group); nil while none serves.
    public var pid: pid_t?
    /// "starting", "running", "restarting", "failed" or "stopped".
    public var state: String
    public var restarts: Int
    public var lastExit: RunnerExit?
    /// Calls sent to the runner and not answered yet.
    public var callsInFlight: Int
}
