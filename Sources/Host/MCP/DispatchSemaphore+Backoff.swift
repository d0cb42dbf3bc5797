import Dispatch

extension DispatchSemaphore {
    /// Waits `delay`, or less once `stopped` is true (whoever stops signals this semaphore): a
    /// backoff between two attempts, which a stop must not have to wait out.
    func wait(for delay: Duration, unless stopped: () -> Bool) {
        let until = ContinuousClock.now + delay
        while !stopped(), until > .now {
            _ = wait(timeout: .now() + .milliseconds((until - .now).milliseconds))
        }
    }
}
