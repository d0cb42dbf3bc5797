import Foundation
import Logging

/// What a runner writes to stdout and stderr, in the host log under the plugin's name.
enum RunnerOutputLog {
    /// Reads `fd` on a thread of its own until the runner (and every process that inherited
    /// the pipe) is gone, then closes it.
    static func follow(fd: Int32, name: String, pid: pid_t, logger: Logger) {
        let log = ChildOutputLog(
            source: "runner output", level: .notice, metadata: ["plugin": "\(name)", "runner_pid": "\(pid)"],
            maximumLineBytes: 1024, linesPerWindow: 50, window: .seconds(1), logger: logger)
        let thread = Thread {
            log.read(from: fd)
            close(fd)
        }
        thread.name = "avr-host.runner-output"
        thread.start()
    }
}
