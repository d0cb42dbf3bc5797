import Foundation

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
}

/// One `setrlimit` for a child.
struct ResourceLimit: Sendable, Equatable {
    /// An `RLIMIT_*` resource.
    var resource: Int32
    var soft: rlim_t
    var hard: rlim_t
}

/// Why a process did not start.
struct SpawnError: Error, Sendable, Equatable, CustomStringConvertible {
    var errno: Int32
    var executable: String
    var description: String { "cannot start \(executable): \(String(cString: strerror(errno)))" }
}
