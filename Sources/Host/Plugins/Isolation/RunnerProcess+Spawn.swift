import Foundation
import Logging
import ProcessSpawn

extension RunnerProcess {
    /// A started runner and the host's ends of its descriptors.
    struct Spawned: Sendable {
        var process: SpawnedProcess
        var channel: Int32
        var output: Int32
    }

    /// Starts the runner: a socketpair whose child end becomes its fd 3, one pipe for its
    /// stdout and stderr, /dev/null as its stdin. The host's ends are close-on-exec, so no other
    /// child inherits them.
    static func spawn(runnerPath: String, limits: [ResourceLimit]) -> Result<Spawned, RunnerSpawnError> {
        var pair: [Int32] = [-1, -1]
        // SEQPACKET: whole frames per message, so several runner threads can wait for calls at once.
        guard socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0
        else {
            return .failure(RunnerSpawnError("socketpair failed: \(String(cString: strerror(errno)))"))
        }
        pair.forEach(RunnerChannel.enlargeBuffers)
        var outputPipe: [Int32] = [-1, -1]
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard input >= 0, avr_cloexec_pipe(&outputPipe) == 0 else {
            let reason = String(cString: strerror(errno))
            for fd in pair + [input] where fd >= 0 { close(fd) }
            return .failure(RunnerSpawnError("cannot make the runner's descriptors: \(reason)"))
        }
        let request = SpawnRequest(
            executable: runnerPath, arguments: [runnerPath], environment: RunnerEnvironment.forRunner(),
            standardInput: input, standardOutput: outputPipe[1], standardError: outputPipe[1],
            passedDescriptor: pair[1], limits: limits)
        let started = Result { () throws(SpawnError) in try SpawnedProcess.start(request) }
        // The child's ends belong to the child now (or to nobody, on failure).
        for fd in [input, outputPipe[1], pair[1]] { close(fd) }
        switch started {
        case .failure(let error):
            for fd in [pair[0], outputPipe[0]] { close(fd) }
            return .failure(RunnerSpawnError(error.description))
        case .success(let process):
            return .success(Spawned(process: process, channel: pair[0], output: outputPipe[0]))
        }
    }

    /// The policy's limits brought within the host's hard limits (a runner cannot raise one, and
    /// would not start), with a warning for each that had to be lowered.
    static func limitsWithinHost(
        _ policy: RunnerPolicy, name: String, logger: Logger,
        hard: (Int32) -> rlim_t? = ResourceLimit.hostHardLimit
    ) -> [ResourceLimit] {
        let (used, lowered) = ResourceLimit.withinHost(limits(policy), hard: hard)
        for (asked, used) in lowered {
            logger.warning(
                "the runner of \(name): its \(SpawnError.limitName(asked.resource)) limit is lowered to the host's hard limit: asked \(asked.soft) (hard \(asked.hard)), used \(used.soft) (hard \(used.hard))",
                metadata: ["plugin": "\(name)"])
        }
        return used
    }

    /// The policy's limits as the runner gets them, set before its exec.
    static func limits(_ policy: RunnerPolicy) -> [ResourceLimit] {
        func limit(_ resource: __rlimit_resource, _ value: Int?, scale: rlim_t = 1, hardExtra: rlim_t = 0)
            -> ResourceLimit?
        {
            guard let value, value >= 0 else { return nil }
            let soft = rlim_t(value) * scale
            return ResourceLimit(resource: Int32(resource.rawValue), soft: soft, hard: soft + hardExtra)
        }
        return [
            limit(RLIMIT_DATA, policy.memoryMB, scale: 1 << 20),
            // SIGXCPU at the soft limit, SIGKILL a second later if it is ignored.
            limit(RLIMIT_CPU, policy.cpuSeconds, hardExtra: 1),
            limit(RLIMIT_NOFILE, policy.openFiles),
            // A crashing plugin must not spend seconds writing a core of the whole runner.
            limit(RLIMIT_CORE, 0),
        ].compactMap { $0 }
    }
}

/// Why a runner could not be started or made ready.
struct RunnerSpawnError: Error, Sendable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
