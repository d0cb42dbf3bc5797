import Foundation
import ProcessSpawn
import Synchronization

/// A child process in its own process group, with pipes for its standard input, output and
/// error. A thread of its own reaps it; it is never signalled after being reaped (its pid may
/// belong to another process by then).
final class ChildProcess: Sendable {
    let pid: pid_t
    /// The host's ends of the pipes. `input` is non-blocking, so a write can keep a deadline.
    let input: Int32
    let output: Int32
    let errorOutput: Int32
    private let status = Mutex<ExitStatus?>(nil)
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `command` (a path, or a name looked up in the child's `PATH`).
    static func start(command: [String], environment: [String: String], workingDirectory: String) throws(SpawnError)
        -> ChildProcess
    {
        guard let executable = resolve(command[0], environment: environment, workingDirectory: workingDirectory)
        else {
            throw SpawnError(errno: ENOENT, executable: command[0])
        }
        let pipes = (0..<3).map { _ in makePipe() }
        let request = SpawnRequest(
            executable: executable, arguments: command, environment: environment, workingDirectory: workingDirectory,
            standardInput: pipes[0].read, standardOutput: pipes[1].write, standardError: pipes[2].write)
        let result = ProcessSpawner.shared.spawn(request)
        // The child's ends belong to the child now (or to nobody, on failure).
        for fd in [pipes[0].read, pipes[1].write, pipes[2].write] { close(fd) }
        switch result {
        case .failure(let error):
            for fd in [pipes[0].write, pipes[1].read, pipes[2].read] { close(fd) }
            throw error
        case .success(let pid):
            _ = fcntl(pipes[0].write, F_SETFL, fcntl(pipes[0].write, F_GETFL) | O_NONBLOCK)
            return ChildProcess(pid: pid, input: pipes[0].write, output: pipes[1].read, errorOutput: pipes[2].read)
        }
    }

    private init(pid: pid_t, input: Int32, output: Int32, errorOutput: Int32) {
        self.pid = pid
        self.input = input
        self.output = output
        self.errorOutput = errorOutput
        let thread = Thread { [self] in reap() }
        thread.name = "avr-child-reaper"
        thread.start()
    }

    deinit {
        for fd in [input, output, errorOutput] { close(fd) }
    }

    /// How it ended, once it has.
    var exitStatus: ExitStatus? { status.withLock { $0 } }

    /// Waits up to `limit` for the process to end; its status, or nil if it still runs.
    func waitForExit(within limit: Duration) -> ExitStatus? {
        guard exited.wait(timeout: .now() + .milliseconds(limit.milliseconds)) == .success else { return nil }
        exited.signal()  // for the next waiter
        return exitStatus
    }

    /// Sends `signal` to the whole process group, unless the process is already reaped.
    func signalGroup(_ signal: Int32) {
        status.withLock { status in
            // The leader too, in case it left its group.
            if status == nil {
                kill(pid, signal)
                kill(-pid, signal)
            }
        }
    }

    /// The staged stop: end of input, then SIGTERM to the group, then SIGKILL.
    func stop(grace: Duration) -> ExitStatus {
        // The server's stdin ends; writers still holding the number now write to /dev/null.
        _ = avr_point_at_dev_null(input)
        if let status = waitForExit(within: grace / 2) { return status }
        signalGroup(SIGTERM)
        if let status = waitForExit(within: grace / 2) { return status }
        signalGroup(SIGKILL)
        return waitForExit(within: .seconds(10)) ?? .signalled(SIGKILL)
    }

    private func reap() {
        // Wait without reaping, then reap under the lock that guards signalling.
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
        status.withLock { status in
            // What it started may outlive it and hold its pipes open: the group goes with it
            // (the zombie still holds the group id, so no stranger is hit).
            kill(-pid, SIGKILL)
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            status = ExitStatus(raw: raw)
        }
        exited.signal()
    }

    private static func makePipe() -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        _ = avr_cloexec_pipe(&fds)
        return (fds[0], fds[1])
    }

    /// A command with a slash is a path (relative to the working directory); a bare name is
    /// looked up in the child's `PATH`.
    static func resolve(_ command: String, environment: [String: String], workingDirectory: String) -> String? {
        if command.contains("/") {
            let path = PluginsConfig.absolute(command, base: workingDirectory)
            return FileManager.default.isExecutableFile(atPath: path) ? path : nil
        }
        let searchPath = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return searchPath.split(separator: ":").map { "\($0)/\(command)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
