import Foundation
import ProcessSpawn

/// What to start: the command as configured; the program gets its resolved path as argv[0].
struct SpawnRequest: Sendable {
    /// The resolved path of the program.
    var executable: String
    var arguments: [String]
    /// The child's whole environment (nothing of the host's is passed on by itself).
    var environment: [String: String]
    /// nil: the host's.
    var workingDirectory: String?
    /// The child's descriptors 0, 1 and 2; one descriptor may stand for several.
    var standardInput: Int32
    var standardOutput: Int32
    var standardError: Int32
    /// Becomes the child's fd 3, the one descriptor it gets beyond the standard three.
    var passedDescriptor: Int32?
    /// Set in the child before its exec, so they hold from its first instruction.
    var limits: [ResourceLimit] = []
    /// How long the spawner waits for the exec (or the child's failure report) before it kills
    /// the child's group and gives up: a child hung before its exec must not hold the spawner.
    var execTimeout: Duration = .seconds(10)
    /// For tests: the child stops itself just before its exec, as one hung there would.
    var stopBeforeExec = false
}

/// One `setrlimit` for a child.
struct ResourceLimit: Sendable, Equatable {
    /// An `RLIMIT_*` resource.
    var resource: Int32
    var soft: rlim_t
    var hard: rlim_t
}

extension ResourceLimit {
    /// Each limit brought within what the host may give (`hard`: its own hard limit, as read
    /// now): a child may not raise a hard limit, and its `setrlimit` would fail. The pairs of
    /// limits that had to be lowered say what was asked and what is used.
    static func withinHost(_ limits: [ResourceLimit], hard: (Int32) -> rlim_t? = hostHardLimit)
        -> (limits: [ResourceLimit], lowered: [(asked: ResourceLimit, used: ResourceLimit)])
    {
        var lowered: [(asked: ResourceLimit, used: ResourceLimit)] = []
        let used = limits.map { asked in
            guard let ceiling = hard(asked.resource), asked.hard > ceiling || asked.soft > ceiling else { return asked }
            let used = ResourceLimit(
                resource: asked.resource, soft: min(asked.soft, ceiling), hard: min(asked.hard, ceiling))
            lowered.append((asked, used))
            return used
        }
        return (used, lowered)
    }

    /// The host's hard limit on `resource`; nil when unlimited (RLIM_INFINITY) or unknown.
    static func hostHardLimit(_ resource: Int32) -> rlim_t? {
        var current = rlimit()
        guard getrlimit(__rlimit_resource_t(resource), &current) == 0, current.rlim_max != rlim_t.max else {
            return nil
        }
        return current.rlim_max
    }
}

/// Why a process did not start.
struct SpawnError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which step failed, so the message tells a refused limit from a missing program.
    enum Step: Sendable, Equatable {
        /// In the host: the request, the report pipe, the fork.
        case host
        /// In the child: its process group, its parent-death signal.
        case setup
        case descriptors
        case workingDirectory
        /// An `RLIMIT_*` resource.
        case limit(Int32)
        case exec
        /// Neither an exec nor a failure within the spawn's timeout: the child's group was killed.
        case timeout(Duration)
    }

    var errno: Int32
    var executable: String
    var step = Step.exec

    var description: String {
        let reason = String(cString: strerror(errno))
        let what =
            switch step {
            case .host: reason
            case .setup: "cannot set up the child: \(reason)"
            case .descriptors: "cannot place the child's descriptors: \(reason)"
            case .workingDirectory: "cannot enter the working directory: \(reason)"
            case .limit(let resource): "cannot set the \(Self.limitName(resource)) limit: \(reason)"
            case .exec: "cannot exec it: \(reason)"
            case .timeout(let limit): "it neither ran nor failed within \(limit) (its process group was killed)"
            }
        return "cannot start \(executable): \(what)"
    }

    static func limitName(_ resource: Int32) -> String {
        switch resource {
        case Int32(RLIMIT_NOFILE.rawValue): "open files (RLIMIT_NOFILE)"
        case Int32(RLIMIT_CPU.rawValue): "CPU time (RLIMIT_CPU)"
        case Int32(RLIMIT_DATA.rawValue): "memory (RLIMIT_DATA)"
        case Int32(RLIMIT_CORE.rawValue): "core file size (RLIMIT_CORE)"
        default: "resource \(resource)"
        }
    }
}
