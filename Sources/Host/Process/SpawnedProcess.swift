import Foundation
import Synchronization

/// A started child leading a process group of its own. A thread of its own reaps it; it is
/// never signalled after being reaped (its pid may belong to another process by then).
final class SpawnedProcess: Sendable {
    let pid: pid_t
    private let status = Mutex<ExitStatus?>(nil)
    private let exited = DispatchSemaphore(value: 0)

    /// Starts `request` on the spawner thread. The descriptors in it stay the caller's.
    static func start(_ request: SpawnRequest) throws(SpawnError) -> SpawnedProcess {
        SpawnedProcess(pid: try ProcessSpawner.shared.spawn(request).get())
    }

    /// Reaps `pid`, which must be a child of the host (internal for tests).
    init(pid: pid_t) {
        self.pid = pid
        let thread = Thread { [self] in reap() }
        thread.name = "avr-child-reaper"
        thread.start()
    }

    /// How it ended, once it has.
    var exitStatus: ExitStatus? { status.withLock { $0 } }

    /// Waits up to `limit` for the process to end; its status, or nil if it still runs.
    func waitForExit(within limit: Duration) -> ExitStatus? {
        guard exited.wait(timeout: .now() + .milliseconds(limit.milliseconds)) == .success else { return nil }
        exited.signal()  // for the next waiter
        return exitStatus
    }

    /// Waits for the process to end, however long it takes.
    func waitForExit() -> ExitStatus {
        exited.wait()
        exited.signal()  // for the next waiter
        return exitStatus!
    }

    /// Sends `signal` to the process and its whole group, unless the process is already reaped.
    func signalGroup(_ signal: Int32) {
        status.withLock { status in
            // The leader too, in case it left its group.
            if status == nil {
                kill(pid, signal)
                kill(-pid, signal)
            }
        }
    }

    private func reap() {
        // Wait without reaping, then reap under the lock that guards signalling.
        var info = siginfo_t()
        var waited: Int32
        repeat {
            waited = waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT)
        } while waited != 0 && errno == EINTR
        let failure = waited == 0 ? 0 : errno
        status.withLock { status in
            guard failure == 0 else {
                // Not known to have ended (something else may have reaped it, and its pid and
                // group be another's now): nothing is signalled, and nothing claims an exit 0.
                status = .unknown(errno: failure)
                return
            }
            // What it started may outlive it and hold its pipes open: the group goes with it
            // (the zombie still holds the group id, so no stranger is hit).
            kill(-pid, SIGKILL)
            var raw: Int32 = 0
            var reaped: pid_t
            repeat {
                reaped = waitpid(pid, &raw, 0)
            } while reaped < 0 && errno == EINTR
            status = reaped == pid ? ExitStatus(raw: raw) : .unknown(errno: errno)
        }
        exited.signal()
    }
}
