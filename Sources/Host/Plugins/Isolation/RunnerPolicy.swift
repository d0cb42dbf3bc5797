/// Where an entry's code runs: inside the host (the default, fastest) or in a supervised
/// runner process of its own (`"isolation": "process"`), which a crash or hang cannot take down.
public enum PluginIsolation: Sendable, Equatable {
    case inProcess
    case process(RunnerPolicy)

    public var name: String {
        switch self {
        case .inProcess: "in-process"
        case .process: "process"
        }
    }
}

/// How an isolated entry's runner is limited, restarted and stopped (plugins.json fields).
public struct RunnerPolicy: Sendable, Equatable {
    /// `limits.memory_mb`: RLIMIT_DATA (heap and private mappings); nil = the host's own limit.
    public var memoryMB: Int?
    /// `limits.cpu_seconds`: RLIMIT_CPU over the runner's whole life; nil = unlimited.
    public var cpuSeconds: Int?
    /// `limits.open_files`: RLIMIT_NOFILE; nil = the host's own limit.
    public var openFiles: Int?
    /// `max_restarts` within `restart_window_s`; one more crash and the entry is failed.
    public var maxRestarts = 5
    public var restartWindowSeconds = 60
    /// `kill_grace_ms`: how long past a call's deadline the runner may stay silent before its
    /// process group is killed (which answers the worker and frees its thread).
    public var killGraceMs = 1000

    public init() {}
}
