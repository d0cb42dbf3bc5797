import Foundation
import ProcessSpawn
import Synchronization

/// The one thread that forks the host's child processes. A child asks the kernel for SIGKILL
/// when its parent goes (`PR_SET_PDEATHSIG`), and "parent" means the forking thread: so it
/// must be a thread that lives as long as the host, never a worker that may end.
final class ProcessSpawner: Sendable {
    static let shared = ProcessSpawner()

    private struct Job: Sendable {
        var request: SpawnRequest
        var done: @Sendable (Result<pid_t, SpawnError>) -> Void
    }

    private let jobs = Mutex<[Job]>([])
    private let wakeups = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in run() }
        thread.name = "avr-process-spawner"
        thread.start()
    }

    /// Starts a process and waits (blocking this thread, never a cooperative one) for its pid.
    func spawn(_ request: SpawnRequest) -> Result<pid_t, SpawnError> {
        let answer = Mutex<Result<pid_t, SpawnError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        jobs.withLock {
            $0.append(
                Job(request: request) { result in
                    answer.withLock { $0 = result }
                    done.signal()
                })
        }
        wakeups.signal()
        done.wait()
        return answer.withLock { $0! }
    }

    private func run() {
        while true {
            wakeups.wait()
            guard let job = jobs.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) else { continue }
            job.done(Self.fork(job.request))
        }
    }

    private static func fork(_ request: SpawnRequest) -> Result<pid_t, SpawnError> {
        // Every C string is built before the fork: the child may not allocate.
        let argv = ([request.executable] + request.arguments.dropFirst()).map { strdup($0) } + [nil]
        let envp = request.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        let cwd = request.workingDirectory.flatMap { strdup($0) }
        defer {
            for pointer in argv + envp + [cwd] { free(pointer) }
        }
        let limits = request.limits.map {
            avr_spawn_limit(resource: $0.resource, soft: $0.soft, hard: $0.hard)
        }
        var failure = avr_spawn_failure()
        let pid = request.executable.withCString { path in
            argv.withUnsafeBufferPointer { argv in
                envp.withUnsafeBufferPointer { envp in
                    limits.withUnsafeBufferPointer { limits in
                        var spawn = avr_spawn_request(
                            path: path, argv: argv.baseAddress, envp: envp.baseAddress,
                            cwd: cwd.map { UnsafePointer($0) },
                            fds: (
                                request.standardInput, request.standardOutput, request.standardError,
                                request.passedDescriptor ?? -1
                            ),
                            limits: limits.baseAddress, limit_count: Int32(limits.count),
                            exec_timeout_ms: Int32(clamping: request.execTimeout.milliseconds),
                            stop_before_exec: request.stopBeforeExec ? 1 : 0)
                        return avr_spawn(&spawn, &failure)
                    }
                }
            }
        }
        guard pid > 0 else {
            if failure.unreaped > 0 { reapInBackground(failure.unreaped) }
            return .failure(
                SpawnError(
                    errno: failure.error, executable: request.executable,
                    step: step(failure, timeout: request.execTimeout)))
        }
        return .success(pid)
    }

    private static func step(_ failure: avr_spawn_failure, timeout: Duration) -> SpawnError.Step {
        switch avr_spawn_step(UInt32(failure.step)) {
        case AVR_SPAWN_STEP_SETUP: .setup
        case AVR_SPAWN_STEP_DESCRIPTORS: .descriptors
        case AVR_SPAWN_STEP_CHDIR: .workingDirectory
        case AVR_SPAWN_STEP_SETRLIMIT: .limit(failure.resource)
        case AVR_SPAWN_STEP_EXEC: .exec
        case AVR_SPAWN_STEP_WAIT: .timeout(timeout)
        default: .host
        }
    }

    /// A child killed for hanging before its exec may take a while to die (a call into a dead
    /// mount ends first): reaped on a thread of its own, never by the spawner.
    private static func reapInBackground(_ pid: pid_t) {
        let thread = Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        thread.name = "avr-child-reaper"
        thread.start()
    }
}
