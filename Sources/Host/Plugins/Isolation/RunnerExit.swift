import Foundation

/// How a runner process ended, for the listing (`last_exit`) and the error outputs of the
/// calls it took with it.
public struct RunnerExit: Sendable, Equatable, Encodable {
    /// The signal that ended it, or nil when it exited.
    public var signal: Int32?
    public var code: Int32?
    public var at: Date
    /// Why the host ended it, when it did: "deadline" (a call outlived its deadline plus
    /// `kill_grace_ms`) or "stop" (replaced or shut down); nil when it died by itself.
    public var cause: String?
    /// true when the host could not learn how it ended (neither `signal` nor `code` then).
    public var unknown: Bool?

    init(status: ExitStatus, cause: String?) {
        switch status {
        case .exited(let code): self.code = code
        case .signalled(let signal): self.signal = signal
        case .unknown: unknown = true
        }
        at = Date()
        self.cause = cause
    }

    /// "signal 11, SIGSEGV", "exit code 2", "unknown exit status"; plus why the host ended it.
    var summary: String {
        var how = "unknown exit status"
        if let code { how = "exit code \(code)" }
        if let signal { how = "signal \(signal), \(Self.name(of: signal))" }
        switch cause {
        case "deadline": return "\(how): killed by the host after a call outlived its deadline"
        case "stop": return "\(how): stopped by the host"
        default: return how
        }
    }

    static func name(of signal: Int32) -> String {
        let names: [Int32: String] = [
            SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGBUS: "SIGBUS",
            SIGILL: "SIGILL", SIGFPE: "SIGFPE", SIGXCPU: "SIGXCPU", SIGTRAP: "SIGTRAP", SIGPIPE: "SIGPIPE",
        ]
        return names[signal] ?? "signal \(signal)"
    }
}
