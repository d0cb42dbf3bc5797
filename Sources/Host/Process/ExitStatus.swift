import Foundation

/// How a child process ended.
enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)
    /// The host could not learn it: waiting for the process failed (with this errno), as when
    /// something else reaped it.
    case unknown(errno: Int32)

    init(raw: Int32) {
        // The <sys/wait.h> macros, which Swift does not import.
        let signal = raw & 0x7f
        self = signal == 0 ? .exited((raw >> 8) & 0xff) : .signalled(signal)
    }

    var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signalled(let signal): "killed by signal \(signal) (\(String(cString: strsignal(signal))))"
        case .unknown(let error):
            "ended with an unknown status (waiting for it failed: \(String(cString: strerror(error))))"
        }
    }
}
