import CurlShim
import Foundation
import Synchronization

/// Starts every runner process from one thread that lives as long as the host.
/// `PR_SET_PDEATHSIG` (which the runner sets so it never outlives the host) fires when the
/// *thread* that forked it ends, not the process: a runner spawned from a short-lived thread
/// (a `Thread {}`, a task, a pool worker that retires) would be killed when that thread ends.
final class RunnerSpawner: Sendable {
    static let shared = RunnerSpawner()

    private let requests = Mutex<[@Sendable () -> Void]>([])
    private let wakeup = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in
            while true {
                wakeup.wait()
                let next = requests.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                next?()
            }
        }
        thread.name = "avr-host.runner-spawner"
        thread.start()
    }

    /// A started runner: its pid (also its process group) and the host's ends of its descriptors.
    struct Spawned: Sendable {
        var pid: pid_t
        var channel: Int32
        var output: Int32
    }

    /// Spawns `path` with `arguments` and `environment` on the spawner thread and waits for it:
    /// a socketpair whose child end becomes the runner's fd 3, and one pipe for its stdout and
    /// stderr. The host's ends are close-on-exec, so no other child inherits them.
    func spawn(path: String, arguments: [String], environment: [String: String]) -> Result<Spawned, RunnerSpawnError> {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<Spawned, RunnerSpawnError>?>(nil)
        requests.withLock {
            $0.append {
                let spawned = Self.spawnNow(path: path, arguments: arguments, environment: environment)
                result.withLock { $0 = spawned }
                done.signal()
            }
        }
        wakeup.signal()
        done.wait()
        return result.withLock { $0! }
    }

    private static func spawnNow(path: String, arguments: [String], environment: [String: String])
        -> Result<Spawned, RunnerSpawnError>
    {
        var pair: [Int32] = [0, 0]
        // SEQPACKET: whole frames per message, so several runner threads can wait for calls at once.
        guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0
        else {
            return .failure(RunnerSpawnError("socketpair failed: \(String(cString: strerror(errno)))"))
        }
        pair.forEach(RunnerChannel.enlargeBuffers)
        var pipeEnds: [Int32] = [0, 0]
        guard avr_pipe_cloexec(&pipeEnds) == 0 else {
            close(pair[0])
            close(pair[1])
            return .failure(RunnerSpawnError("pipe failed: \(String(cString: strerror(errno)))"))
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
            close(pair[1])
            close(pipeEnds[1])
        }
        let pid = avr_spawn_runner(path, argv, envp, pair[1], pipeEnds[1])
        guard pid > 0 else {
            close(pair[0])
            close(pipeEnds[0])
            return .failure(RunnerSpawnError("cannot start \(path): \(String(cString: strerror(-pid)))"))
        }
        return .success(Spawned(pid: pid, channel: pair[0], output: pipeEnds[0]))
    }
}

struct RunnerSpawnError: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
