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
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var error: Int32 = 0
        let pid = avr_spawn(
            request.executable, argv, envp, request.workingDirectory, request.standardInput,
            request.standardOutput, request.standardError, &error)
        guard pid > 0 else { return .failure(SpawnError(errno: error, executable: request.executable)) }
        return .success(pid)
    }
}

/// What to start: the command as configured; the program gets its resolved path as argv[0].
struct SpawnRequest: Sendable {
    /// The resolved path of the program.
    var executable: String
    var arguments: [String]
    /// The child's whole environment (nothing of the host's is passed on by itself).
    var environment: [String: String]
    var workingDirectory: String
    var standardInput: Int32
    var standardOutput: Int32
    var standardError: Int32
}

/// Why a process did not start.
struct SpawnError: Error, Sendable, CustomStringConvertible {
    var errno: Int32
    var executable: String
    var description: String { "cannot start \(executable): \(String(cString: strerror(errno)))" }
}
