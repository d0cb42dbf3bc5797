import Logging
import Synchronization

/// True the first time it is asked, false ever after: for a warning worth saying once.
final class OnceFlag: Sendable {
    private let taken = Atomic(false)

    private func takeFirst() -> Bool {
        !taken.exchange(true, ordering: .relaxed)
    }

    /// Logs `message` as a warning the first time, at debug level after that (an outsider who
    /// repeats the same request cannot flood the log).
    func warn(_ message: String, to logger: Logger, metadata: Logger.Metadata? = nil) {
        let first = takeFirst()
        logger.log(
            level: first ? .warning : .debug,
            "\(message)\(first ? " (further ones are logged at debug level)" : "")", metadata: metadata)
    }
}
