import CAVRFunctionABI
import Foundation
import Logging

/// One call of a plugin function's `init`, on a thread of its own with a deadline: a hung init
/// must not hold up a reload (which holds the registry's reload lock) or shutdown. The host
/// never kills a thread: an init past its deadline is abandoned and logged, and whatever it
/// returns later is cleaned up by its own thread (its instance shut down, its table released).
final class PluginInitRun: @unchecked Sendable {
    /// What `init` returned.
    enum Outcome {
        case created(UnsafeMutableRawPointer?)
        case refused(code: Int32, reason: String)
    }

    private let name: String
    private let image: PluginImage
    // The pointers (the plugin's descriptor and context, the host's table) are used by the
    // init thread alone once `run` has started it.
    private let function: avr_function
    private let settings: String
    private let table: UnsafeMutablePointer<avr_host_services>
    private let logger: Logger
    // Guarded by `lock` (the outcome holds pointers, which a Mutex would not take in).
    private let lock = NSLock()
    private var outcome: Outcome?
    private var abandoned = false
    private let returned = DispatchSemaphore(value: 0)

    /// Once `run` has returned nil, the services `table` belongs to the abandoned init, which
    /// releases it.
    init(
        name: String, image: PluginImage, function: avr_function, settings: String,
        table: UnsafeMutablePointer<avr_host_services>, logger: Logger
    ) {
        self.name = name
        self.image = image
        self.function = function
        self.settings = settings
        self.table = table
        self.logger = logger
    }

    /// Runs `init`, waiting at most `timeoutMs` (nil: it did not return in time); refuses to
    /// run while an earlier init of the same function of the same image is still abandoned (one
    /// stuck thread each at most).
    func run(_ initialise: avr_init_fn, timeoutMs: Int) throws(PluginLoadError) -> Outcome? {
        guard image.pendingInits.withLock({ $0.insert(name).inserted }) else {
            throw PluginLoadError(
                "init of an earlier load of this version has not returned yet; not run again until it returns or the file changes"
            )
        }
        let started = ContinuousClock.now
        let thread = Thread { [self] in
            var created: UnsafeMutableRawPointer?
            var message: UnsafeMutablePointer<CChar>?
            let code = settings.withCString { initialise(function.function_context, $0, table, &created, &message) }
            let reason = message.map { String(cString: $0) } ?? "no reason given"
            free(message)
            let outcome: Outcome = code == 0 ? .created(created) : .refused(code: code, reason: reason)
            let late = lock.withLock {
                if !abandoned { self.outcome = outcome }
                return abandoned
            }
            image.pendingInits.withLock { _ = $0.remove(name) }
            if late {
                finishLate(outcome, after: ContinuousClock.now - started)
            } else {
                returned.signal()
            }
        }
        thread.name = "plugin-init"
        thread.start()
        _ = returned.wait(timeout: .now() + .milliseconds(timeoutMs))
        return lock.withLock {
            // Decided under the lock: an init that returns right at the deadline still counts.
            if let outcome { return outcome }
            abandoned = true
            logger.warning(
                "plugin \(name) \(image.version ?? "(no version)"): init did not return within \(timeoutMs) ms; its thread is left running, and cleaned up if it ever returns",
                metadata: ["plugin": "\(name)"])
            return nil
        }
    }

    private func finishLate(_ outcome: Outcome, after elapsed: Duration) {
        let result: String
        switch outcome {
        case .created(let instance):
            function.shutdown?(instance)
            result = "its instance was shut down"
        case .refused(let code, let reason):
            result = "it failed (\(code)): \(reason)"
        }
        PluginHostServiceContext.release(table)
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        logger.notice(
            "plugin \(name) \(image.version ?? "(no version)"): an abandoned init returned after \(milliseconds) ms; \(result)",
            metadata: ["plugin": "\(name)"])
    }
}
