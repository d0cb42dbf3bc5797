import Foundation
import ProcessSpawn

/// A child process in its own process group, with pipes for its standard input, output and
/// error (a local MCP server).
final class ChildProcess: Sendable {
    private let process: SpawnedProcess
    /// The host's ends of the pipes. `input` is non-blocking, so a write can keep a deadline.
    let input: Int32
    let output: Int32
    let errorOutput: Int32

    var pid: pid_t { process.pid }

    /// Starts `command` (a path, or a name looked up in the child's `PATH`).
    static func start(command: [String], environment: [String: String], workingDirectory: String) throws(SpawnError)
        -> ChildProcess
    {
        guard let executable = resolve(command[0], environment: environment, workingDirectory: workingDirectory)
        else {
            throw SpawnError(errno: ENOENT, executable: command[0])
        }
        var pipes: [(read: Int32, write: Int32)] = []
        for _ in 0..<3 {
            do {
                pipes.append(try makePipe(for: executable))
            } catch {
                for pipe in pipes { for fd in [pipe.read, pipe.write] { close(fd) } }
                throw error
            }
        }
        let request = SpawnRequest(
            executable: executable, arguments: command, environment: environment, workingDirectory: workingDirectory,
            standardInput: pipes[0].read, standardOutput: pipes[1].write, standardError: pipes[2].write)
        let result = Result { () throws(SpawnError) in try SpawnedProcess.start(request) }
        // The child's ends belong to the child now (or to nobody, on failure).
        for fd in [pipes[0].read, pipes[1].write, pipes[2].write] { close(fd) }
        switch result {
        case .failure(let error):
            for fd in [pipes[0].write, pipes[1].read, pipes[2].read] { close(fd) }
            throw error
        case .success(let process):
            _ = fcntl(pipes[0].write, F_SETFL, fcntl(pipes[0].write, F_GETFL) | O_NONBLOCK)
            return ChildProcess(
                process: process, input: pipes[0].write, output: pipes[1].read, errorOutput: pipes[2].read)
        }
    }

    private init(process: SpawnedProcess, input: Int32, output: Int32, errorOutput: Int32) {
        self.process = process
        self.input = input
        self.output = output
        self.errorOutput = errorOutput
    }

    deinit {
        for fd in [input, output, errorOutput] { close(fd) }
    }

    /// The staged stop: end of input, then SIGTERM to the group, then SIGKILL.
    func stop(grace: Duration) -> ExitStatus {
        // The server's stdin ends; writers still holding the number now write to /dev/null.
        _ = avr_point_at_dev_null(input)
        if let status = process.waitForExit(within: grace / 2) { return status }
        process.signalGroup(SIGTERM)
        if let status = process.waitForExit(within: grace / 2) { return status }
        process.signalGroup(SIGKILL)
        return process.waitForExit(within: .seconds(10)) ?? .signalled(SIGKILL)
    }

    /// Fails (out of descriptors) rather than hand the spawner a -1, which it refuses.
    static func makePipe(for executable: String) throws(SpawnError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard avr_cloexec_pipe(&fds) == 0 else { throw SpawnError(errno: errno, executable: executable, step: .host) }
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
